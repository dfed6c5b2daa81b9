// Undoing an import as a whole, in one transaction: elements it created are removed, elements it updated
// get back every value they had, marks it set are lifted, links it added are removed. Only while it is the
// latest change to those rows: after a later import of them, or an edit on the box, the undo says which.
import { sql, transaction, type Db } from '../core/db/database.ts';
import { AppError } from '../core/errors.ts';
import { nowIso } from '../core/time.ts';
import { nextSequence } from '../box/settings.ts';
import { removeLink } from '../links/storage.ts';
import type { ImportSummary } from './model.ts';
import { fileContext, type Before } from './commit.ts';
import { loadFormat } from './formats/load.ts';
import type { ImportDeps } from './stage.ts';
import { findImport, importedByElement, saveImported, setImportState } from './storage.ts';

/** The import, when it can be undone. */
function undoable(db: Db, importId: string): ImportSummary {
  const summary = findImport(db, importId);
  if (!summary) throw new AppError('not_found', 'Import not found');
  if (summary.status !== 'committed') throw new AppError('conflict', `This import is ${summary.status}: only a committed import can be undone`);
  return summary;
}

interface Undoable {
  seq: number;
  elementId: string;
  before: Before;
}

export async function undoImport(deps: ImportDeps, importId: string): Promise<ImportSummary> {
  const { db } = deps;
  const format = await loadFormat(undoable(db, importId).format);
  return transaction(db, () => {
    const summary = undoable(db, importId);
    if (format.kind === 'file') {
      format.undo(fileContext(deps, summary));
      setImportState(db, importId, { status: 'undone', undoneAt: nowIso() });
      return findImport(db, importId)!;
    }
    const rows = undoableRows(db, importId);
    checkStillLatest(db, importId, rows);
    for (const row of rows.reverse()) undoRow(db, row);
    setImportState(db, importId, { status: 'undone', undoneAt: nowIso() });
    return findImport(db, importId)!;
  });
}

function undoableRows(db: Db, importId: string): Undoable[] {
  // A created element keeps no undo data on its row (a large first import writes less): its key finds it.
  const rows = sql(db, `SELECT r.seq, coalesce(r.element_id, ie.element_id) AS element_id, r.before FROM import_rows r
      LEFT JOIN imported_elements ie ON r.before IS NULL AND ie.source_key = r.source_key
    WHERE r.import_id = ? AND (r.before IS NOT NULL OR (r.action = 'new' AND ie.element_id IS NOT NULL)) ORDER BY r.seq`)
    .all(importId) as { seq: number; element_id: string; before: string | null }[];
  const created: Before = { created: true, element: null, imported: null, links: [] };
  return rows.map((row) => ({ seq: row.seq, elementId: row.element_id, before: row.before ? JSON.parse(row.before) as Before : created }));
}

function checkStillLatest(db: Db, importId: string, rows: Undoable[]) {
  const changed: string[] = [];
  for (const row of rows) {
    const imported = importedByElement(db, row.elementId);
    const element = sql(db, 'SELECT name, version, deleted_at FROM elements WHERE id = ?').get(row.elementId) as
      { name: string; version: number; deleted_at: string | null } | undefined;
    if (!element || !imported) continue; // deleted on the box since: nothing to put back
    const wroteElement = row.before.created || row.before.element !== null;
    if (imported.import_id !== importId) changed.push(`${element.name} (imported again since)`);
    else if (wroteElement && element.version !== imported.version && !element.deleted_at) changed.push(`${element.name} (edited on the box since)`);
  }
  if (changed.length > 0) {
    const more = changed.length > 5 ? ` and ${changed.length - 5} more` : '';
    throw new AppError('conflict', `This import is no longer the latest change to ${changed.length} of its elements: `
      + `${changed.slice(0, 5).join(', ')}${more}. Undo the later import first, or change them by hand.`);
  }
}

function undoRow(db: Db, row: Undoable) {
  for (const link of row.before.links) removeLink(db, link.fromId, link.toId, link.kind);
  if (row.before.created) {
    try {
      sql(db, 'DELETE FROM elements WHERE id = ?').run(row.elementId);
    } catch (error) {
      const name = (sql(db, 'SELECT name FROM elements WHERE id = ?').get(row.elementId) as { name: string } | undefined)?.name;
      throw new AppError('conflict', `${name ?? row.elementId} has content added on the box since the import (${(error as Error).message}); nothing was undone`);
    }
    return;
  }
  const deleted = (sql(db, 'SELECT deleted_at FROM elements WHERE id = ?').get(row.elementId) as { deleted_at: string | null } | undefined)?.deleted_at;
  if (row.before.element && !deleted) restoreElement(db, row.before.element);
  if (row.before.imported) {
    const version = (sql(db, 'SELECT version FROM elements WHERE id = ?').get(row.elementId) as { version: number } | undefined)?.version;
    saveImported(db, { ...row.before.imported, version: version ?? row.before.imported.version });
  }
}

// Restored as a new change (new sequence number, next version) so that boxes which synced the import's
// values receive the old ones back.
const bookkeeping = new Set(['id', 'origin_seq', 'version', 'updated_at']);

/** Writes every column of a stored row back. */
function restoreElement(db: Db, row: Record<string, unknown>) {
  const columns = Object.keys(row).filter((column) => !bookkeeping.has(column));
  const params = Object.fromEntries(columns.map((column) => [column, row[column]]));
  db.prepare(`UPDATE elements SET ${columns.map((column) => `${column} = :${column}`).join(', ')},
      origin_seq = :seq, version = version + 1, updated_at = :now WHERE id = :id`)
    .run({ ...params, id: row.id, seq: nextSequence(db), now: nowIso() });
  sql(db, 'DELETE FROM element_tags WHERE element_id = ?').run(row.id);
  const insert = sql(db, 'INSERT OR IGNORE INTO element_tags (element_id, tag) VALUES (?, ?)');
  for (const tag of JSON.parse(row.tags as string) as string[]) insert.run(row.id, tag.toLowerCase());
}
