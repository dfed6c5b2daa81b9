// Translations of the box's error and validation messages. The English text is the key
// (as gettext's msgid), so the code raising an error stays readable; messages.test.ts fails
// when a message written in the code has no French or German translation here.
import type { Locale } from './index.ts';

type Translations = Record<string, { fr: string; de: string }>;

export const messages: Translations = {
  'Sign in first': { fr: 'Connectez-vous d’abord', de: 'Bitte zuerst anmelden' },
};

/** A message in the visitor's language when a translation exists; `{what} not found` included. */
export function localizeMessage(locale: Locale, message: string): string {
  if (locale === 'en') return message;
  const exact = messages[message];
  if (exact) return exact[locale];
  const notFound = /^(.+) not found$/.exec(message);
  if (notFound && messages[notFound[1]] && messages['{what} not found']) {
    return messages['{what} not found'][locale].replace('{what}', messages[notFound[1]][locale]);
  }
  return message;
}
