// SQL of imports: the imports themselves, their staged rows, and the elements that came from files.
import { sql, type Db } from '../core/db/database.ts';
import { nowIso } from '../core/time.ts';
import { uuidv7 } from '../core/ids.ts';
import type { FormatId, ImportCounts, ImportOptions, ImportStatus, ImportSummary } from './model.ts';
import type { Written } from './written.ts';

interface ImportRow {
  id: string; format: FormatId; file_name: string; file_sha256: string | null; file_bytes: number | null; origin: ImportSummary['origin'];
  source: string; licence: string; published_on: string | null; options: string; status: ImportStatus; progress: number;
  counts: string; warnings: string; error: string | null; report_path: string | null; created_by: string | null;
  created_at: string; committed_at: string | null; undone_at: string | null;
}

const toSummary = (row: ImportRow): ImportSummary => ({
  id: row.id, format: row.format, fileName: row.file_name, origin: row.origin, source: row.source, licence: row.licence,
  publishedOn: row.published_on, status: row.status, progress: row.progress, counts: JSON.parse(row.counts),
  warnings: JSON.parse(row.warnings), error: row.error, reportPath: row.report_path, createdAt: row.created_at,
  committedAt: row.committed_at, undoneAt: row.undone_at,
});

export interface NewImport {
  format: FormatId; fileName: string; origin: ImportSummary['origin']; source: string; licence: string;
  publishedOn: string | null; options: ImportOptions; createdBy: string | null;
}

export function insertImport(db: Db, record: NewImport): string {
  const id = uuidv7();
  sql(db, `INSERT INTO imports (id, format, file_name, origin, source, licence, published_on, options, status, created_by, created_at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'staging', ?, ?)`).run(id, record.format, record.fileName, record.origin, record.source,
    record.licence, record.publishedOn, JSON.stringify(record.options), record.createdBy, nowIso());
  return id;
}

export function findImport(db: Db, id: string): ImportSummary | null {
  const row = sql(db, 'SELECT * FROM imports WHERE id = ?').get(id) as ImportRow | undefined;
  return row ? toSummary(row) : null;
}

export const importOptions = (db: Db, id: string) =>
  JSON.parse((sql(db, 'SELECT options FROM imports WHERE id = ?').get(id) as { options: string }).options) as ImportOptions;

export function listImports(db: Db, limit = 50): ImportSummary[] {
  return (sql(db, "SELECT * FROM imports WHERE status != 'discarded' ORDER BY created_at DESC, id DESC LIMIT ?").all(limit) as ImportRow[]).map(toSummary);
}

export function setImportState(db: Db, id: string, state: {
  status?: ImportStatus; counts?: ImportCounts; warnings?: string[]; error?: string | null; sha256?: string | null; bytes?: number;
  committedAt?: string; undoneAt?: string; reportPath?: string; progress?: number;
}) {
  sql(db, `UPDATE imports SET status = coalesce(:status, status), counts = coalesce(:counts, counts), warnings = coalesce(:warnings, warnings),
      error = CASE WHEN :set_error = 1 THEN :error ELSE error END, file_sha256 = coalesce(:sha256, file_sha256),
      file_bytes = coalesce(:bytes, file_bytes), committed_at = coalesce(:committed_at, committed_at),
      undone_at = coalesce(:undone_at, undone_at), report_path = coalesce(:report_path, report_path), progress = coalesce(:progress, progress)
    WHERE id = :id`).run({
    id, status: state.status ?? null, counts: state.counts ? JSON.stringify(state.counts) : null,
    warnings: state.warnings ? JSON.stringify(state.warnings) : null, set_error: 'error' in state ? 1 : 0, error: state.error ?? null,
    sha256: state.sha256 ?? null, bytes: state.bytes ?? null, committed_at: state.committedAt ?? null, undone_at: state.undoneAt ?? null,
    report_path: state.reportPath ?? null, progress: state.progress ?? null,
  });
}

/** Imports a stop left half-way (power cut, SIGKILL): a commit never wrote anything, a staging is lost. */
export function recoverInterruptedImports(db: Db): number {
  const committing = sql(db, `UPDATE imports SET status = 'staged', progress = 0,
      warnings = json_insert(warnings, '$[#]', 'The box stopped while committing this import; nothing of it was written. Commit it again.')
    WHERE status = 'committing'`).run().changes;
  const staging = sql(db, `UPDATE imports SET status = 'failed', error = 'The box stopped while reading this file; import it again.'
    WHERE status = 'staging'`).run().changes;
  return committing + staging;
}

// ---- staged rows ----

export type RowAction = 'new' | 'update' | 'unchanged' | 'rejected' | 'vanished';

export interface StagedRow {
  seq: number; line: number | null; sourceKey: string | null; action: RowAction; elementId: string | null;
  payload: StagedPayload | null; conflicts: string[]; field: string | null; reason: string | null;
}

/** What a row will write: the element's type, the fields as the import writes them, its links in the file. */
export interface StagedPayload {
  type: string;
  written: Written;
  links?: { fromKey: string; kind: string; isAdmin?: boolean }[];
}

interface StagedDbRow {
  seq: number; line: number | null; source_key: string | null; action: RowAction; element_id: string | null; payload: string | null;
  conflicts: string | null; field: string | null; reason: string | null;
}

const toStaged = (row: StagedDbRow): StagedRow => ({
  seq: row.seq, line: row.line, sourceKey: row.source_key, action: row.action, elementId: row.element_id,
  payload: row.payload ? JSON.parse(row.payload) : null, conflicts: row.conflicts ? JSON.parse(row.conflicts) : [],
  field: row.field, reason: row.reason,
});

const stagedRowsPerInsert = 50;
const insertStagedSql = (rows: number) => `INSERT INTO import_rows (import_id, seq, line, source_key, action, element_id, payload, conflicts, field, reason)
  VALUES ${Array.from({ length: rows }, () => '(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').join(', ')}`;
const insertOneStaged = insertStagedSql(1);
const insertManyStaged = insertStagedSql(stagedRowsPerInsert);

const paramsPerRow = 10;

/** Puts a row's values in `params` from `at` on, in the order of insertStagedSql's columns. */
function setStagedParams(params: unknown[], at: number, importId: string, row: StagedRow) {
  params[at] = importId;
  params[at + 1] = row.seq;
  params[at + 2] = row.line;
  params[at + 3] = row.sourceKey;
  params[at + 4] = row.action;
  params[at + 5] = row.elementId;
  params[at + 6] = row.payload ? JSON.stringify(row.payload) : null;
  params[at + 7] = row.conflicts.length ? JSON.stringify(row.conflicts) : null;
  params[at + 8] = row.field;
  params[at + 9] = row.reason;
}

export function insertStagedRow(db: Db, importId: string, row: StagedRow) {
  const params = new Array<unknown>(paramsPerRow);
  setStagedParams(params, 0, importId, row);
  sql(db, insertOneStaged).run(params);
}

/** Staged rows fifty to a statement (one statement per row was an eighth of a staging), their values in one reused array. */
export function insertStagedRows(db: Db, importId: string, rows: StagedRow[]) {
  const params = new Array<unknown>(stagedRowsPerInsert * paramsPerRow);
  let next = 0;
  for (; next + stagedRowsPerInsert <= rows.length; next += stagedRowsPerInsert) {
    for (let i = 0; i < stagedRowsPerInsert; i++) setStagedParams(params, i * paramsPerRow, importId, rows[next + i]);
    sql(db, insertManyStaged).run(params);
  }
  for (; next < rows.length; next++) insertStagedRow(db, importId, rows[next]);
}

/** The import's rows with these actions, in file order, read a page at a time (the caller may write between). */
export function* stagedRows(db: Db, importId: string, actions: RowAction[]): Generator<StagedRow> {
  const page = sql(db, `SELECT seq, line, source_key, action, element_id, payload, conflicts, field, reason FROM import_rows
    WHERE import_id = ? AND seq > ? AND action IN (SELECT value FROM json_each(?)) ORDER BY seq LIMIT 1000`);
  for (let after = 0; ;) {
    const rows = page.all(importId, after, JSON.stringify(actions)) as StagedDbRow[];
    if (rows.length === 0) return;
    for (const row of rows) yield toStaged(row);
    after = rows.at(-1)!.seq;
  }
}

export function stagedSample(db: Db, importId: string, action: RowAction, limit: number, offset = 0): StagedRow[] {
  return (sql(db, `SELECT seq, line, source_key, action, element_id, payload, conflicts, field, reason FROM import_rows
    WHERE import_id = ? AND action = ? ORDER BY seq LIMIT ? OFFSET ?`).all(importId, action, limit, offset) as StagedDbRow[]).map(toStaged);
}

export const rowsWithConflicts = (db: Db, importId: string, limit: number) =>
  (sql(db, `SELECT seq, line, source_key, action, element_id, payload, conflicts, field, reason FROM import_rows
    WHERE import_id = ? AND conflicts IS NOT NULL ORDER BY seq LIMIT ?`).all(importId, limit) as StagedDbRow[]).map(toStaged);

export function recordCommittedRow(db: Db, importId: string, seq: number, elementId: string | null, before: unknown) {
  sql(db, 'UPDATE import_rows SET element_id = ?, before = ? WHERE import_id = ? AND seq = ?')
    .run(elementId, before === null ? null : JSON.stringify(before), importId, seq);
}

export const beforeOf = (db: Db, importId: string, seq: number) => {
  const row = sql(db, 'SELECT before FROM import_rows WHERE import_id = ? AND seq = ?').get(importId, seq) as { before: string | null };
  return row.before ? JSON.parse(row.before) : null;
};

export const deleteStagedRows = (db: Db, importId: string) => sql(db, 'DELETE FROM import_rows WHERE import_id = ?').run(importId);

// ---- elements that came from files ----

export interface ImportedElement {
  element_id: string; source_key: string; import_id: string; source: string; licence: string; written: string; version: number;
  vanished_at: string | null;
}

// The record with its written fields, wherever they are kept (see migration 0027).
const importedColumns = `ie.element_id, ie.source_key, ie.import_id, ie.source, ie.licence, ie.version, ie.vanished_at,
  CASE WHEN ie.written_row IS NULL THEN ie.written
    ELSE (SELECT r.payload -> '$.written' FROM import_rows r WHERE r.import_id = ie.import_id AND r.seq = ie.written_row) END AS written`;

export const importedByKey = (db: Db, sourceKey: string) =>
  sql(db, `SELECT ${importedColumns} FROM imported_elements ie WHERE ie.source_key = ?`).get(sourceKey) as ImportedElement | undefined;

export const importedByElement = (db: Db, elementId: string) =>
  sql(db, `SELECT ${importedColumns} FROM imported_elements ie WHERE ie.element_id = ?`).get(elementId) as ImportedElement | undefined;

/** Writes an import record with its fields themselves. */
export function saveImported(db: Db, row: ImportedElement) {
  sql(db, `INSERT INTO imported_elements (element_id, source_key, import_id, source, licence, written, written_row, version, vanished_at)
    VALUES (:element_id, :source_key, :import_id, :source, :licence, :written, NULL, :version, :vanished_at)
    ON CONFLICT (element_id) DO UPDATE SET source_key = excluded.source_key, import_id = excluded.import_id, source = excluded.source,
      licence = excluded.licence, written = excluded.written, written_row = NULL, version = excluded.version, vanished_at = excluded.vanished_at`).run(row);
}

/**
 * Import records of elements a commit created, one statement for many: `created` pairs each staged row's seq
 * with the id of its element, whose payload holds the fields as written; the record points at that row.
 * CROSS JOIN keeps the pairs as the outer loop: the planner otherwise scanned them once per staged row.
 */
export function saveCreatedImported(db: Db, importId: string, origin: { source: string; licence: string }, created: [seq: number, elementId: string][]) {
  sql(db, `INSERT INTO imported_elements (element_id, source_key, import_id, source, licence, written, written_row, version, vanished_at)
    SELECT c.value ->> 1, r.source_key, :import_id, :source, :licence, '', r.seq, 1, NULL
    FROM json_each(:created) c CROSS JOIN import_rows r ON r.import_id = :import_id AND r.seq = c.value ->> 0`)
    .run({ import_id: importId, source: origin.source, licence: origin.licence, created: JSON.stringify(created) });
}

/** Of these staged rows, the first whose key another import has since recorded (with the name it would have had). */
export const firstKeyTaken = (db: Db, importId: string, seqs: number[]) =>
  sql(db, `SELECT r.source_key, r.payload ->> '$.written.name' AS name FROM json_each(?) c
      CROSS JOIN import_rows r ON r.import_id = ? AND r.seq = c.value
    WHERE EXISTS (SELECT 1 FROM imported_elements ie WHERE ie.source_key = r.source_key) ORDER BY r.seq LIMIT 1`)
    .get(JSON.stringify(seqs), importId) as { source_key: string; name: string } | undefined;

/** Whether any element on the box came from a source of this key prefix ('rna' for 'rna:W…' keys). */
export const hasImportedKeys = (db: Db, prefix: string) =>
  sql(db, "SELECT 1 FROM imported_elements WHERE source_key >= ? || ':' AND source_key < ? || ';' LIMIT 1").get(prefix, prefix) !== undefined;

export const forgetImported = (db: Db, elementId: string) => sql(db, 'DELETE FROM imported_elements WHERE element_id = ?').run(elementId);

/**
 * Elements of the same source (key prefix and publisher) that a new file no longer lists, in the communes
 * that file covers: a department's register does not make another department's associations vanish.
 */
export function vanishedCandidates(db: Db, prefix: string, source: string, seenKeys: Set<string>, coveredCommunes: Set<string>) {
  const rows = db.prepare(`SELECT ie.element_id, ie.source_key, e.commune_insee, e.name FROM imported_elements ie
      JOIN elements e ON e.id = ie.element_id
    WHERE ie.source_key >= ? AND ie.source_key < ? AND ie.source = ? AND ie.vanished_at IS NULL AND e.deleted_at IS NULL`)
    .iterate(`${prefix}:`, `${prefix};`, source) as Iterable<{ element_id: string; source_key: string; commune_insee: string | null; name: string }>;
  const found = [];
  for (const row of rows) {
    if (!seenKeys.has(row.source_key) && row.commune_insee !== null && coveredCommunes.has(row.commune_insee)) found.push(row);
  }
  return found;
}

export const territoryCommunes = (db: Db) =>
  new Set((sql(db, 'SELECT insee FROM communes').all() as { insee: string }[]).map((row) => row.insee));

/** The element's row as stored, every column (what an undo writes back). */
export const rawRow = (db: Db, id: string) => sql(db, 'SELECT * FROM elements WHERE id = ?').get(id) as Record<string, unknown>;
