// This box's own records: written and signed from its elements' changes (their origin_seq), before anything
// is sent. Only public elements of the types a box may share leave it; one that stops being public, or is
// deleted, leaves a tombstone — only if a card of it ever left.
import { sql, transaction, type Db } from '../core/db/database.ts';
import { boxEpoch, boxKeys, setSetting } from '../box/settings.ts';
import { detailsHash, signRecord, type Card } from './records.ts';
import { heldRecord, saveOrigin, saveRecord } from './storage.ts';

/** Types a box may share; a person's profile never leaves its box. */
export const shareableTypes = ['organization', 'project', 'event', 'poi', 'classified', 'aid'] as const;

interface ElementRow {
  id: string; type: string; kind: string | null; slug: string; name: string; short_description: string; description: string; tags: string;
  commune_insee: string | null; postal_code: string; locality: string; lat: number | null; lon: number | null; starts_at: string | null;
  ends_at: string | null; all_day: number; timezone: string | null; rrule: string | null; url: string; category: string | null;
  price_cents: number | null; currency: string | null; expires_at: string | null; closed_at: string | null; visibility: string;
  deleted_at: string | null; origin_seq: number;
}

const cardOf = (row: ElementRow): Card => ({
  type: row.type, kind: row.kind, slug: row.slug, name: row.name, shortDescription: row.short_description, tags: JSON.parse(row.tags),
  communeInsee: row.commune_insee, postalCode: row.postal_code, locality: row.locality, lat: row.lat, lon: row.lon, startsAt: row.starts_at,
  endsAt: row.ends_at, allDay: row.all_day === 1, timezone: row.timezone, rrule: row.rrule, url: row.url, category: row.category,
  priceCents: row.price_cents, currency: row.currency, expiresAt: row.expires_at, closedAt: row.closed_at,
});

const shareable = (row: ElementRow) =>
  row.deleted_at === null && row.visibility === 'public' && (shareableTypes as readonly string[]).includes(row.type);

/** The details a card's hash names: its description. */
export const detailsOf = (row: { description: string }) => row.description;

/** Signs records for every change of this box's elements since the last call. Returns how many it wrote. */
export function refreshOwnRecords(db: Db): number {
  return transaction(db, () => {
    const keys = boxKeys(db);
    const epoch = boxEpoch(db);
    // How far the elements were read, in this epoch (private changes leave no record, but are read once).
    const through = sql(db, "SELECT value FROM box_settings WHERE key = 'sync_own_through'").get() as { value: string } | undefined;
    const [throughEpoch, throughSeq] = (through?.value ?? '').split(':');
    if (throughEpoch !== epoch) {
      // A first call, or a restore started a new epoch: every record of the old one is written again. (Not on
      // every call: this runs before each page a peer pulls.)
      sql(db, 'DELETE FROM sync_records WHERE origin = ? AND epoch != ?').run(keys.boxId, epoch);
      saveOrigin(db, { origin: keys.boxId, publicKey: keys.publicKey, epoch, name: '', trusted: true });
    }
    const page = sql(db, `SELECT id, type, kind, slug, name, short_description, description, tags, commune_insee, postal_code, locality,
        lat, lon, starts_at, ends_at, all_day, timezone, rrule, url, category, price_cents, currency, expires_at, closed_at, visibility,
        deleted_at, origin_seq
      FROM elements WHERE origin_box = ? AND origin_seq > ? ORDER BY origin_seq LIMIT 500`);
    let written = 0;
    for (let since = throughEpoch === epoch ? Number(throughSeq) : 0; ;) {
      const rows = page.all(keys.boxId, since) as ElementRow[];
      if (rows.length === 0) return written;
      for (const row of rows) if (writeOwnRecord(db, row, epoch)) written++;
      since = rows.at(-1)!.origin_seq;
      setSetting(db, 'sync_own_through', `${epoch}:${since}`);
    }
  });
}

function writeOwnRecord(db: Db, row: ElementRow, epoch: string): boolean {
  const keys = boxKeys(db);
  const put = shareable(row);
  if (!put && !heldRecord(db, keys.boxId, row.id)) return false;
  const details = put ? detailsOf(row) : '';
  const fields = put
    ? { epoch, seq: row.origin_seq, id: row.id, op: 'put' as const, card: cardOf(row), details: details ? detailsHash(details) : null }
    : { epoch, seq: row.origin_seq, id: row.id, op: 'delete' as const };
  saveRecord(db, { copi: 1, origin: keys.boxId, key: keys.publicKey, ...fields }, signRecord(keys, fields), null);
  return true;
}
