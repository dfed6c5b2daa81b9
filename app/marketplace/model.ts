// What the marketplace shows and filters: classified ads are elements of type 'classified' (app/elements/model.ts
// holds their kinds, categories, currencies and price rules); this adds the list's filters and how a price reads.
import { z } from 'zod';
import type { Locale } from '../core/i18n/index.ts';
import { categoriesByType, kindsByType } from '../elements/model.ts';

export const adKinds = kindsByType.classified;
export const adCategories = categoriesByType.classified ?? [];
/** An ad carries at most this many photos (the first one is its thumbnail). */
export const maxAdPhotos = 4;
/** Renewing an ad gives it this many more days. */
export const renewDays = 60;
/** Photos of an ad live in its own media library, in this folder. */
export const adPhotosFolder = 'Photos';

const emptyToUndefined = (value: unknown) => (value === '' || value === null ? undefined : value);

export const adListQuerySchema = z.object({
  kind: z.preprocess(emptyToUndefined, z.enum(adKinds).optional()),
  category: z.preprocess(emptyToUndefined, z.enum(adCategories as [string, ...string[]]).optional()),
  zone: z.preprocess(emptyToUndefined, z.string().max(40)
    .regex(/^((commune|epci|dep|region|country):)?[0-9A-Za-z]+$/, 'A zone is commune:INSEE, epci:SIREN, dep:NN, region:NN or country:FR').optional()),
  q: z.preprocess(emptyToUndefined, z.string().trim().max(100).optional()),
  /** Only what is given away or has no price. */
  free: z.preprocess((value) => value === 'on' || value === 'true' || value === '1', z.boolean()).default(false),
  /** The viewer's own ads, expired and closed ones included. */
  mine: z.preprocess((value) => value === 'on' || value === 'true' || value === '1', z.boolean()).default(false),
  cursor: z.preprocess(emptyToUndefined, z.string().max(200).optional()),
  limit: z.coerce.number().int().min(1).max(100).default(24),
}).strict();
export type AdListQuery = z.infer<typeof adListQuerySchema>;

/** What a card of the marketplace shows. */
export interface AdCard {
  id: string;
  slug: string;
  name: string;
  kind: string;
  category: string | null;
  price: { amountCents: number; currency: string } | null;
  locality: string;
  visibility: 'public' | 'members' | 'private';
  expiresAt: string | null;
  closedAt: string | null;
  createdAt: string;
  /** The first photo, for its thumbnail. */
  photoId: string | null;
}

const priceFormats = new Map<string, Intl.NumberFormat>();

/**
 * A price in the reader's language ("12,50 €", "€12.50", "CHF 8.00"); Ğ1 has no ISO code, so it is a number
 * followed by its sign. Null (given away, or no price): null, for the caller to say "Free".
 */
export function formatPrice(locale: Locale, price: { amountCents: number; currency: string } | null): string | null {
  if (!price) return null;
  const iso = price.currency !== 'G1';
  const key = `${locale}:${iso ? price.currency : 'number'}`;
  let format = priceFormats.get(key);
  if (!format) {
    format = iso
      ? new Intl.NumberFormat(locale, { style: 'currency', currency: price.currency })
      : new Intl.NumberFormat(locale, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
    priceFormats.set(key, format);
  }
  const amount = format.format(price.amountCents / 100);
  return iso ? amount : `${amount}\u00a0Ğ1`;
}
