// Elements follow the zone database when it changes (a new build: communes merged, outlines imported
// from a USB stick). Only what a new build can move is touched: elements on a commune code that no
// longer exists go to the commune that absorbed it, and elements placed by their position alone are
// placed again. Zones above a commune need nothing: lists and search join them at query time.
import { sql, transaction, type Db } from '../core/db/database.ts';
import { setSetting } from '../box/settings.ts';
import type { ZoneDb } from './zone-db.ts';

export interface Reassignment {
  /** False when the zone database is the one the elements were last placed against. */
  ran: boolean;
  merged: number;
  moved: number;
}

const lastBuildKey = 'zones_build';

/** Places again, in one transaction, what a new zone database moves; records the build it used. */
export function reassignCommunes(db: Db, zones: ZoneDb): Reassignment {
  const build = zones.buildId();
  const last = sql(db, 'SELECT value FROM box_settings WHERE key = ?').pluck().get(lastBuildKey);
  if (last === build) return { ran: false, merged: 0, moved: 0 };
  return transaction(db, () => {
    const merged = sql(db, `UPDATE elements SET commune_insee =
        (SELECT substr(a.commune_id, 9) FROM zones.commune_code_aliases a WHERE a.code = elements.commune_insee)
      WHERE commune_insee IN (SELECT code FROM zones.commune_code_aliases)`).run().changes;
    let moved = 0;
    const placed = sql(db, `SELECT rowid, commune_insee, lat, lon FROM elements
      WHERE commune_source = 'position' AND lat IS NOT NULL AND lon IS NOT NULL AND deleted_at IS NULL`).all() as
      { rowid: number; commune_insee: string | null; lat: number; lon: number }[];
    const move = sql(db, 'UPDATE elements SET commune_insee = ? WHERE rowid = ?');
    for (const element of placed) {
      const commune = zones.nearestCommune(element.lat, element.lon)?.commune.code ?? null;
      if (commune !== element.commune_insee) moved += move.run(commune, element.rowid).changes;
    }
    setSetting(db, lastBuildKey, build);
    return { ran: true, merged, moved };
  });
}
