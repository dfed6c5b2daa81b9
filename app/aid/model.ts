// Mutual aid: needs and offers are elements of type 'aid' (app/elements/model.ts); here what is theirs only.
import { z } from 'zod';
import { aidCategoryGroups, categoriesByType, kindsByType, type Element } from '../elements/model.ts';
import { zoneIdPattern } from '../zones/communes.ts';

export const aidKinds = kindsByType.aid;
export type AidKind = (typeof aidKinds)[number];
export const aidCategories = categoriesByType.aid ?? [];
export const aidGroups = Object.keys(aidCategoryGroups) as (keyof typeof aidCategoryGroups)[];

/** The other side of a match: a need is answered by offers, an offer answers needs. */
export const oppositeKind = (kind: AidKind): AidKind => (kind === 'need' ? 'offer' : 'need');

/** Why a match was proposed, stored with it and shown as "3 km away · same intercommunality · words in common: …". */
export interface MatchReasons {
  /** Between the two entries' positions (or their communes' centres); null when one has no place. */
  distanceKm: number | null;
  /** The smallest zone they share. */
  sameZone: 'commune' | 'epci' | 'dep' | null;
  /** Significant words of the new entry found in the other one. */
  words: string[];
}

export interface ProposedMatch {
  entryId: string;
  score: number;
  reasons: MatchReasons;
}

export interface StoredMatch {
  entry: Element;
  score: number;
  reasons: MatchReasons;
  proposedAt: string;
}

/** Filters of the list (/aid and GET /api/v1/aid). */
export const listQuerySchema = z.object({
  kind: z.preprocess((value) => (value === '' ? undefined : value), z.enum(aidKinds).optional()),
  category: z.preprocess((value) => (value === '' ? undefined : value),
    z.string().refine((value) => aidCategories.includes(value), 'Unknown category').optional()),
  zone: z.preprocess((value) => (value === '' ? undefined : value), z.string().regex(zoneIdPattern, 'A zone is commune:INSEE, epci:SIREN, dep:NN, region:NN or country:FR').optional()),
  closed: z.enum(['0', '1']).optional(),
  cursor: z.string().max(200).optional(),
}).strict();
