// Many elements written in one transaction, indexed for full-text search once at the end instead of row by
// row (see migration 0025: row by row, FTS5 wrote a segment per row). Nothing changes for readers: the
// transaction commits with every row indexed, or not at all.
import { sql, type Db } from '../core/db/database.ts';

/** Runs fn, which inserts elements, inside the caller's transaction; indexes what it inserted before returning. */
export function withBulkIndexing<T>(db: Db, fn: () => T): T {
  if (!db.inTransaction) throw new Error('withBulkIndexing runs inside a transaction');
  const { next } = sql(db, 'SELECT coalesce(max(rowid), 0) + 1 AS next FROM elements').get() as { next: number };
  sql(db, 'INSERT INTO search_deferred (from_rowid) VALUES (?)').run(next);
  let result: T;
  try {
    result = fn();
  } catch (error) {
    // The caller's transaction rolls back with the flag; an aborted one cannot even be written to.
    if (db.inTransaction) sql(db, 'DELETE FROM search_deferred').run();
    throw error;
  }
  sql(db, 'DELETE FROM search_deferred').run();
  indexFrom(db, next);
  return result;
}

// By slices of rowids: SQLite copies the rows of an INSERT into a virtual table into memory first (100,000
// rows: 25 MB more at the peak).
const sliceRows = 2000;

function indexFrom(db: Db, firstRowid: number) {
  const { last } = sql(db, 'SELECT coalesce(max(rowid), 0) AS last FROM elements').get() as { last: number };
  const insert = sql(db, `INSERT INTO search_text (rowid, name, short_description, description, tags, locality)
    SELECT rowid, name, short_description, description, tags, locality FROM elements WHERE rowid >= ? AND rowid < ? AND deleted_at IS NULL`);
  for (let from = firstRowid; from <= last; from += sliceRows) insert.run(from, from + sliceRows);
}
