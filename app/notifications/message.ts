// A notification as a sentence in the reader's language: `notification.<kind>.<variant>` when the params
// name a variant, else `notification.<kind>`, else the short `notification.<kind>.short` that needs only
// the actor — the first whose placeholders the params can all fill. Params named `…At` are instants,
// shown in the box's time zone.
import { catalogs, formatDate, type Locale, type MessageKey, type Translate } from '../core/i18n/index.ts';
import type { Notification } from './storage.ts';

export interface Reader {
  t: Translate;
  locale: Locale;
  timezone: string;
}

const placeholders = (template: string) => [...template.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);

export function notificationMessage(reader: Reader, notification: Notification): string {
  const values: Record<string, string | number> = { actor: notification.actor?.name || reader.t('notification.someone') };
  for (const [name, value] of Object.entries(notification.params)) {
    if (name === 'variant') continue;
    values[name] = name.endsWith('At') && typeof value === 'string' ? formatDate(reader.locale, value, true, reader.timezone) : value;
  }
  const base = `notification.${notification.kind}`;
  const variant = notification.params.variant;
  const candidates = [...(variant ? [`${base}.${variant}`] : []), base, `${base}.short`];
  const english: Record<string, string> = catalogs.en;
  const key = candidates.find((candidate) => candidate in english && placeholders(english[candidate]).every((name) => name in values));
  return key ? reader.t(key as MessageKey, values) : values.actor.toString();
}

/** A subject_url is followed only when it is a path on this box ("/e/…"), never "//host" or "/\host". */
export const isLocalPath = (url: string) => /^\/(?![/\\])[^\s\\]*$/.test(url);
