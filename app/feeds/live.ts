// The live feed of a territory: public posts speaking to the zone (scoped to it, to a zone containing it
// or to one inside it) and the public organizations, projects, events and places newly created in it,
// newest first. "Newest" is creation time for both: a post's and an element's UUIDv7 id is made when it
// is created, so one order (the ids) merges them and an opaque cursor (the last id shown) pages through
// them without repeating or skipping an item when new ones arrive. Upcoming events are another list,
// shown above the first page: ordered by their date, not by when they were written, they would otherwise
// sink below everything created since.
import { z } from 'zod';
import { nowMs } from '../core/time.ts';
import type { Deps } from '../deps.ts';
import type { Viewer } from '../permissions/visibility.ts';
import { mainTerritory, zoneIdPattern } from '../zones/communes.ts';
import { eventOccurrences, type EventOccurrence } from '../agenda/events.ts';
import { startOfToday } from '../agenda/params.ts';
import type { ElementType } from '../elements/model.ts';
import { postViews } from '../posts/actions.ts';
import { decodeCursor, encodeCursor } from '../posts/cursor.ts';
import { normalizeTag } from '../posts/text.ts';
import type { PostView } from '../posts/model.ts';
import {
  elementItems, mergeNewest, newElementIds, overlappingPostZones, publicPostIds, taggedPostIds, zonePostIds, type ElementItem, type Source,
} from './storage.ts';

export const liveTypes = ['post', 'organization', 'project', 'event', 'poi', 'classified', 'aid'] as const;
export type LiveType = (typeof liveTypes)[number];
const elementTypes: ElementType[] = ['organization', 'project', 'event', 'poi', 'classified', 'aid'];

/** Upcoming events shown above the first page: this many, in this many days. */
export const upcomingCount = 5;
export const upcomingDays = 14;

export const liveQuerySchema = z.object({
  // A bare INSEE code is a commune, as in the other zone filters.
  zone: z.preprocess((value) => (typeof value === 'string' && /^[0-9][0-9AB][0-9]{3}$/.test(value) ? `commune:${value}` : value === '' ? undefined : value),
    z.string().regex(zoneIdPattern, 'A zone is commune:INSEE, epci:SIREN, dep:NN, region:NN or country:FR').optional()),
  tag: z.preprocess((value) => (value === '' ? undefined : value), z.string().max(41).transform(normalizeTag).optional()),
  type: z.preprocess((value) => (value === '' ? undefined : value), z.enum(liveTypes).optional()),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
}).strict();

export type LiveQuery = z.infer<typeof liveQuerySchema>;

export type LiveItem = { kind: 'post'; id: string; post: PostView } | { kind: 'element'; id: string; element: ElementItem };

export interface LivePage {
  /** The zone shown (the box's main territory unless one was chosen); null: the whole box. */
  zone: string | null;
  tag: string | null;
  type: LiveType | null;
  items: LiveItem[];
  /** Upcoming public events of the zone, on the first page only (and unless the type leaves events out). */
  upcoming: EventOccurrence[];
  nextCursor: string | null;
}

/** The zone a live feed shows when none is chosen: the box's main territory. */
export const defaultLiveZone = (deps: Deps) => mainTerritory(deps.db)?.id ?? null;

/** The live feed's sources of posts for a zone and a tag. */
function postSources(deps: Deps, viewer: Viewer | null, zone: string | null, tag: string | null): Source[] {
  const zones = zone === null ? null : overlappingPostZones(deps.db, zone);
  if (tag !== null) return zones?.length === 0 ? [] : [taggedPostIds(deps.db, viewer, tag, zones)];
  if (zones === null) return [publicPostIds(deps.db, viewer)];
  // Broad zones first: they usually hold the most posts, so the communes after them are only asked for newer ones.
  const breadth = (id: string) => ['country', 'region', 'dep', 'epci', 'custom', 'commune'].indexOf(id.slice(0, id.indexOf(':')));
  return [...zones].sort((a, b) => breadth(a) - breadth(b)).map((id) => zonePostIds(deps.db, viewer, id));
}

export function liveFeed(deps: Deps, viewer: Viewer | null, query: LiveQuery): LivePage {
  const zone = query.zone ?? defaultLiveZone(deps);
  const tag = query.tag ?? null;
  const type = query.type ?? null;
  const before = decodeCursor(query.cursor);
  const posts = type === null || type === 'post' ? postSources(deps, viewer, zone, tag) : [];
  const postIds = new Set<string>();
  const sources: Source[] = [
    ...posts.map((source): Source => (before, n, after) => source(before, n, after).map((id) => (postIds.add(id), id))),
    ...elementTypes.filter((elementType) => type === null || type === elementType).map((elementType) => newElementIds(deps.db, viewer, { zone, type: elementType, tag })),
  ];
  const ids = mergeNewest(sources, before, query.limit + 1);
  const page = ids.slice(0, query.limit);
  const views = new Map(postViews(deps, viewer, page.filter((id) => postIds.has(id))).map((post) => [post.id, post]));
  const elements = elementItems(deps.db, page.filter((id) => !postIds.has(id)));
  const items = page.flatMap((id): LiveItem[] => {
    const post = views.get(id);
    if (post) return [{ kind: 'post', id, post }];
    const element = elements.get(id);
    return element ? [{ kind: 'element', id, element }] : [];
  });
  return {
    zone, tag, type, items,
    upcoming: query.cursor || (type !== null && type !== 'event') ? [] : upcomingEvents(deps, viewer, zone, tag),
    nextCursor: ids.length > query.limit ? encodeCursor(page.at(-1)!) : null,
  };
}

/** The next public events of the zone (or those under way), soonest first. */
function upcomingEvents(deps: Deps, viewer: Viewer | null, zone: string | null, tag: string | null): EventOccurrence[] {
  // From today's midnight, like the agenda's views: the same window all day, so the dates a series gives
  // in it are expanded once and kept (app/agenda/recurrence.ts); a window starting "now" missed every time.
  const now = nowMs();
  const from = startOfToday(deps.box.timezone, now);
  const window = { from, to: new Date(from.getTime() + upcomingDays * 86_400_000) };
  const { occurrences } = eventOccurrences(deps.db, viewer, window, {
    ...(zone ? { zones: [zone] } : {}), ...(tag ? { tag } : {}), boxTimezone: deps.box.timezone, limit: 200,
  });
  return occurrences
    .filter((occurrence) => occurrence.event.visibility === 'public' && Date.parse(occurrence.endsAt ?? occurrence.startsAt) >= now)
    .slice(0, upcomingCount);
}
