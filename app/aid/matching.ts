// Matching a new need with the offers that may answer it (and a new offer with the needs it may answer):
// same category, nearby (at most 60 km), words in common (the search index's bm25), recent. The best ten
// are stored with their reasons; the admins of the best five are told, inside the creation's transaction.
import type { Deps } from '../deps.ts';
import type { Element } from '../elements/model.ts';
import { adminsOf } from '../links/storage.ts';
import { notify } from '../notifications/notify.ts';
import type { Viewer } from '../permissions/visibility.ts';
import { queryTerms } from '../search/query.ts';
import { haversineKm, type ZoneDb } from '../zones/zone-db.ts';
import { nowIso, nowMs } from '../core/time.ts';
import { oppositeKind, type AidKind, type MatchReasons, type ProposedMatch } from './model.ts';
import { matchCandidates, saveMatches, textRanks, textsOf } from './storage.ts';

export const maxDistanceKm = 60;
export const proposedCount = 10;
export const notifiedCount = 5;
const weights = { near: 0.45, zone: 0.05, text: 0.3, recent: 0.2 };
const zoneBonus = { commune: 1, epci: 0.6, dep: 0.3 } as const;
/** Recency halves every month: last week's offer beats last season's. */
const recencyHalfLifeDays = 30;
const maxTerms = 16;

// Words that say nothing of what is needed or offered (French, English, German: the box's languages).
const stopWords = new Set(`les des une un le la du de et ou en au aux pour par sur dans avec sans que qui quoi est sont suis
  mon ma mes ton ta tes son sa ses notre nos votre vos leur leurs ce cet cette ces il elle ils elles nous vous je tu on
  pas plus tres bien aussi mais donc car comme tout tous toute toutes peu fois chez entre vers depuis avant apres
  peut peux faire avoir etre mes quand comment
  besoin cherche recherche propose offre aide aider aidez merci bonjour quelqu quelque personne
  the and for with from this that you your our are can help need offer looking anyone someone please
  der die das und mit fur von ein eine ich sie wir suche biete hilfe`.split(/\s+/).filter(Boolean));

const fold = (word: string) => word.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** The significant words of an entry's text: its name's first, then its descriptions', at most sixteen. */
export function significantWords(text: string): string[] {
  const words: string[] = [];
  const seen = new Set<string>();
  for (const word of (text.normalize('NFC').match(/[\p{L}\p{N}]+/gu) ?? [])) {
    const folded = fold(word);
    if (folded.length < 3 || /^\d+$/.test(folded) || stopWords.has(folded) || seen.has(folded)) continue;
    seen.add(folded);
    words.push(folded);
    if (words.length === maxTerms) break;
  }
  return words;
}

/** FTS5 expression: any of the words, each quoted (never FTS syntax), as a prefix so plurals match; locality left out. */
export function matchExpression(words: string[]): string | null {
  const safe = words.flatMap((word) => queryTerms(word));
  return safe.length ? `{name short_description description tags} : (${safe.map((word) => `"${word}"*`).join(' OR ')})` : null;
}

interface Place {
  lat: number;
  lon: number;
  communeInsee: string | null;
}

/** Where an entry is: its position, else its commune's centre; null when it has neither. */
function placeOf(deps: Deps, entry: Element): Place | null {
  const insee = entry.address.communeInsee;
  if (entry.position) return { ...entry.position, communeInsee: insee };
  const commune = insee ? deps.zones.findZone(`commune:${insee}`) : null;
  return commune?.lat != null && commune.lon != null ? { lat: commune.lat, lon: commune.lon, communeInsee: insee } : null;
}

// The EPCI and department of each commune, kept for the life of the zone database (it is read-only): reading
// them for ~200 candidates took longer than the candidates query and the text match together.
const zonesByCommune = new WeakMap<ZoneDb, Map<string, Set<string>>>();

function zonesOfCommune(zoneDb: ZoneDb, insee: string): Set<string> {
  let cache = zonesByCommune.get(zoneDb);
  if (!cache) zonesByCommune.set(zoneDb, (cache = new Map()));
  let zones = cache.get(insee);
  if (!zones) {
    zones = new Set(zoneDb.ancestors(`commune:${insee}`).filter((zone) => zone.level === 'epci' || zone.level === 'dep').map((zone) => zone.id));
    cache.set(insee, zones);
  }
  return zones;
}

function sharedZone(zoneDb: ZoneDb, a: string | null, b: string | null): MatchReasons['sameZone'] {
  if (!a || !b) return null;
  if (a === b) return 'commune';
  const theirs = zonesOfCommune(zoneDb, b);
  const shared = [...zonesOfCommune(zoneDb, a)].filter((zone) => theirs.has(zone));
  if (shared.some((zone) => zone.startsWith('epci:'))) return 'epci';
  return shared.some((zone) => zone.startsWith('dep:')) ? 'dep' : null;
}

/** A box of ±60 km around a place, for the index (the exact distance is checked after). */
function boxAround(place: Place) {
  const dLat = maxDistanceKm / 111.2;
  const dLon = maxDistanceKm / (111.2 * Math.max(0.01, Math.cos((place.lat * Math.PI) / 180)));
  return { latMin: place.lat - dLat, latMax: place.lat + dLat, lonMin: place.lon - dLon, lonMax: place.lon + dLon };
}

/**
 * The entries of the other kind that may answer this one, best first (at most ten), among those its author
 * may see: read-only, so it can run anywhere (and in the bench).
 */
export function findMatches(deps: Deps, author: Viewer, entry: Element): ProposedMatch[] {
  if (entry.type !== 'aid' || !entry.category || !entry.kind || entry.closedAt) return [];
  const kind = entry.kind as AidKind;
  const place = placeOf(deps, entry);
  const now = nowMs();
  const candidates = matchCandidates(deps.db, author, {
    category: entry.category, kind: oppositeKind(kind), excludeId: entry.id, authorId: author.personId, now: nowIso(),
    box: place ? boxAround(place) : undefined,
  });
  const near = candidates
    .map((candidate) => ({ candidate, distanceKm: place && candidate.lat !== null && candidate.lon !== null
      ? haversineKm(place.lat, place.lon, candidate.lat, candidate.lon) : null }))
    .filter(({ distanceKm }) => !place || (distanceKm !== null && distanceKm <= maxDistanceKm));
  if (near.length === 0) return [];

  const words = significantWords(`${entry.name} ${entry.shortDescription} ${entry.description} ${entry.tags.join(' ')}`);
  const expression = matchExpression(words);
  const ranks = expression ? textRanks(deps.db, expression, near.map(({ candidate }) => candidate.rowid)) : new Map<number, number>();
  // bm25 is negative, lower is better; the best text match among the candidates counts as 1.
  const bestRank = Math.min(0, ...ranks.values());
  const scored = near.map(({ candidate, distanceKm }) => {
    const sameZone = sharedZone(deps.zones, place?.communeInsee ?? null, candidate.communeInsee);
    const text = bestRank < 0 ? (ranks.get(candidate.rowid) ?? 0) / bestRank : 0;
    const ageDays = Math.max(0, (now - Date.parse(candidate.createdAt)) / 86_400_000);
    const score = weights.near * (distanceKm === null ? 0 : 1 - distanceKm / maxDistanceKm)
      + weights.zone * (sameZone ? zoneBonus[sameZone] : 0)
      + weights.text * text
      + weights.recent * 0.5 ** (ageDays / recencyHalfLifeDays);
    return { candidate, distanceKm, sameZone, score };
  });
  scored.sort((a, b) => b.score - a.score || (a.candidate.id < b.candidate.id ? -1 : 1));
  const best = scored.slice(0, proposedCount);
  const texts = textsOf(deps.db, best.map(({ candidate }) => candidate.id));
  return best.map(({ candidate, distanceKm, sameZone, score }) => ({
    entryId: candidate.id,
    score: Math.round(score * 1000) / 1000,
    reasons: {
      distanceKm: distanceKm === null ? null : Math.round(distanceKm * 10) / 10,
      sameZone,
      words: wordsInCommon(words, texts.get(candidate.id) ?? ''),
    },
  }));
}

/** The new entry's words that begin a word of the other's text (so "vélo" finds "vélos"). */
function wordsInCommon(words: string[], text: string): string[] {
  const theirs = (text.match(/[\p{L}\p{N}]+/gu) ?? []).map(fold);
  return words.filter((word) => theirs.some((other) => other.startsWith(word))).slice(0, 5);
}

/**
 * Finds, stores and (unless told not to) notifies the matches of an entry just written. Call it inside the
 * transaction of that write: the matches and notifications are part of it.
 */
export function proposeMatches(deps: Deps, author: Viewer, entry: Element, options: { notify: boolean; isDemo?: boolean }): ProposedMatch[] {
  const matches = findMatches(deps, author, entry);
  const pair = (match: ProposedMatch) => (entry.kind === 'need' ? { needId: entry.id, offerId: match.entryId } : { needId: match.entryId, offerId: entry.id });
  saveMatches(deps.db, matches.map((match) => ({ ...pair(match), score: match.score, reasons: match.reasons })), options.isDemo);
  if (options.notify && matches.length > 0) {
    const told = new Set(matches.slice(0, notifiedCount).flatMap((match) => adminsOf(deps.db, match.entryId)));
    notify(deps.db, deps.live, {
      kind: 'aid_match', personIds: told, actorId: author.personId, subjectUrl: `/aid/${entry.slug}`,
      params: { name: entry.name, variant: entry.kind ?? 'need' },
    });
  }
  return matches;
}
