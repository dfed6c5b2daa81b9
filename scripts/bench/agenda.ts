// Agenda figures: the month view of the territory on a box of ~25,000 events of which 2,000 recurring,
// through the events API and the /agenda month page. The synthetic box has no recurring events: the
// working copy (never the cache) gets 2,000 of its events turned into series before the box starts.
import { openDatabase } from '../../app/core/db/database.ts';
import type { Target } from './load.ts';

export const recurringEvents = 2000;

// Rules a tiers-lieu uses: weekly, every other week, the first Saturday of the month, a 20-day course, yearly.
const rules = ['FREQ=WEEKLY', 'FREQ=WEEKLY;INTERVAL=2', 'FREQ=MONTHLY;BYDAY=1SA', 'FREQ=DAILY;COUNT=20', 'FREQ=YEARLY'];

/** Turns 2,000 events spread over the box into series, in the box's working copy. */
export function prepareAgendaData(dbPath: string): { events: number; recurring: number; inTerritory: number } {
  const db = openDatabase(dbPath);
  try {
    const ids = (db.prepare("SELECT id FROM elements WHERE type = 'event' AND deleted_at IS NULL ORDER BY id").all() as { id: string }[]).map((row) => row.id);
    const step = Math.max(1, Math.floor(ids.length / recurringEvents));
    const update = db.prepare('UPDATE elements SET rrule = ? WHERE id = ?');
    db.transaction(() => {
      for (let index = 0; index < recurringEvents && index * step < ids.length; index++) update.run(rules[index % rules.length], ids[index * step]);
    })();
    const count = (where: string) => (db.prepare(`SELECT count(*) AS n FROM elements WHERE type = 'event' AND deleted_at IS NULL ${where}`).get() as { n: number }).n;
    const territory = "AND commune_insee IN (SELECT insee FROM communes WHERE epci_code = '242600492')";
    return { events: count(''), recurring: count('AND rrule IS NOT NULL'), inTerritory: count(territory) };
  } finally {
    db.close();
  }
}

/** The month the synthetic events hang on (`anchor`, its first day): the views measured. */
export function agendaCases(anchor: string, zone: string): { name: string; path: string }[] {
  const [year, month] = anchor.split('-').map(Number);
  const last = new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
  return [
    { name: 'events API, territory month', path: `/api/v1/events?from=${anchor}&to=${last}&zone=${zone}` },
    { name: 'events API, whole box month', path: `/api/v1/events?from=${anchor}&to=${last}` },
    { name: 'agenda month page, territory', path: `/agenda?view=month&date=${anchor}&zone=${zone}` },
  ];
}

export const agendaTarget = (path: string) => (): Target => ({ path, category: 'agenda' });
