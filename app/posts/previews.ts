// Link previews from the box's own data: a post linking to an element of this box (`/e/<slug>`, or the
// same page under one of the box's host names) gets a card with what the box knows of it — for viewers
// who may see that element. Nothing is ever fetched: links elsewhere stay plain links.
import { sql, type Db } from '../core/db/database.ts';
import { nowMs } from '../core/time.ts';
import type { Config } from '../core/config.ts';
import { visibleSql, viewerParams, type Viewer } from '../permissions/visibility.ts';
import { occurrencesBetween } from '../agenda/recurrence.ts';
import { seriesOf, type EventRow } from '../agenda/events.ts';
import type { ElementType } from '../elements/model.ts';
import { boxElementSlug } from './text.ts';
import type { PreviewCard } from './model.ts';

/** Cards under one post, at most. */
export const maxPreviews = 3;

/** The host names this box answers to: its public address and its Wi-Fi portal address. */
export function boxHosts(config: Pick<Config, 'publicUrl' | 'portal'>): Set<string> {
  const hosts = new Set([config.portal.address]);
  try {
    hosts.add(new URL(config.publicUrl).hostname.toLowerCase());
  } catch { /* a public URL that does not parse names no host */ }
  return hosts;
}

/** The slugs of box elements a post's links point to, in order, at most `maxPreviews`. */
export function previewSlugs(links: string[], hosts: ReadonlySet<string>): string[] {
  const slugs = new Set<string>();
  for (const link of links) {
    const slug = boxElementSlug(link, hosts);
    if (slug) slugs.add(slug);
    if (slugs.size === maxPreviews) break;
  }
  return [...slugs];
}

interface CardRow extends Pick<EventRow, 'starts_at' | 'ends_at' | 'all_day' | 'timezone' | 'rrule' | 'exdates'> {
  slug: string; name: string; type: ElementType; kind: string | null; short_description: string; commune: string | null;
}

/** Cards for these slugs, keyed by slug: only the elements the viewer may see. */
export function previewCards(db: Db, viewer: Viewer | null, slugs: string[], boxTimezone: string): Map<string, PreviewCard> {
  if (slugs.length === 0) return new Map();
  const rows = sql(db, `SELECT e.slug, e.name, e.type, e.kind, e.short_description, e.starts_at, e.ends_at, e.all_day, e.timezone, e.rrule,
      e.exdates, c.name AS commune
    FROM elements e LEFT JOIN communes c ON c.insee = e.commune_insee
    WHERE e.slug IN (SELECT value FROM json_each(:slugs)) AND ${visibleSql('e', viewer)}`)
    .all({ ...viewerParams(viewer), slugs: JSON.stringify([...new Set(slugs)]) }) as CardRow[];
  return new Map(rows.map((row) => [row.slug, {
    slug: row.slug, name: row.name, type: row.type, kind: row.kind, shortDescription: row.short_description,
    commune: row.commune, nextDate: row.type === 'event' ? nextDateOf(row, boxTimezone) : null, allDay: row.all_day === 1,
  }]));
}

/** An event's next start (or the one under way): its date, or for a series the next within a year; null when none is left. */
function nextDateOf(row: CardRow, boxTimezone: string): string | null {
  if (!row.starts_at) return null;
  const now = nowMs();
  if (row.rrule === null) return Date.parse(row.ends_at ?? row.starts_at) >= now ? new Date(row.starts_at).toISOString() : null;
  // From the start of the hour: the same window all hour long, so the agenda's cache of a rule's dates serves it.
  const from = new Date(Math.floor(now / 3_600_000) * 3_600_000);
  const { occurrences } = occurrencesBetween(seriesOf({ ...row, starts_at: row.starts_at }, boxTimezone), from, new Date(from.getTime() + 365 * 86_400_000), 1);
  return occurrences[0]?.startsAt ?? null;
}
