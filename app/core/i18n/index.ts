// Languages of the box: French by default, English and German; chosen by cookie, then Accept-Language.
import { en, type Catalog, type MessageKey } from './en.ts';
import { fr } from './fr.ts';
import { de } from './de.ts';

export const locales = ['fr', 'en', 'de'] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = 'fr';
export const catalogs: Record<Locale, Catalog> = { fr, en, de };
export type { MessageKey };

export const isLocale = (value: unknown): value is Locale => locales.includes(value as Locale);

/** Picks the best supported language from a cookie value and an Accept-Language header. */
/** The visitor's cookie, then what their browser asks for, then the box's own language. */
export function negotiateLocale(cookie: string | undefined, acceptLanguage: string | undefined, boxLocale?: string): Locale {
  if (isLocale(cookie)) return cookie;
  const wanted = (acceptLanguage ?? '')
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.find((p) => p.trim().startsWith('q='));
      return { lang: tag.trim().slice(0, 2).toLowerCase(), q: q ? Number(q.trim().slice(2)) || 0 : 1 };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q);
  return wanted.map((entry) => entry.lang).find(isLocale) ?? (isLocale(boxLocale) ? boxLocale : defaultLocale);
}

export type Translate = (key: MessageKey, params?: Record<string, string | number>) => string;

export function translator(locale: Locale): Translate {
  const catalog = catalogs[locale];
  return (key, params) => {
    const template = catalog[key] ?? en[key] ?? key;
    if (!params) return template;
    return template.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
  };
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** A date (and time) in the visitor's language, on the clock of `timeZone` (the box's). */
export function formatDate(locale: Locale, iso: string, withTime = true, timeZone = 'Europe/Paris'): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const key = `${locale}:${withTime}:${timeZone}`;
  let format = dateFormats.get(key);
  if (!format) {
    // Building a formatter costs far more than using one: keep one per language and style.
    format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', ...(withTime ? { timeStyle: 'short' } : {}), timeZone });
    dateFormats.set(key, format);
  }
  return format.format(date);
}
