// The commit: every staged row written in one transaction, each row checked again against the element as
// it is now (someone may have edited it since the preview), and what it replaced kept for the undo.
import { sql, transaction, type Db } from '../core/db/database.ts';
import { nextSequence, reserveSequences } from '../box/settings.ts';
import { uuidv7 } from '../core/ids.ts';
import { AppError } from '../core/errors.ts';
import { nowIso } from '../core/time.ts';
import { findElement, insertElement, insertElements, uniqueSlug, uniqueSlugs, updateElementRow, type NewElement } from '../elements/storage.ts';
import { withBulkIndexing } from '../search/bulk.ts';
import { addLink, findLink, type LinkKind } from '../links/storage.ts';
import type { FileCommitContext, ImportSummary } from './model.ts';
import { loadFormat } from './formats/load.ts';
import type { ImportDeps } from './stage.ts';
import {
  findImport, firstKeyTaken, importOptions, importedByKey, rawRow, recordCommittedRow, saveCreatedImported, saveImported, setImportState, stagedRows,
  type ImportedElement, type StagedRow,
} from './storage.ts';
import { currentValues, mergeOf, newRecord, recordWith, type Written } from './written.ts';

/** What a committed row replaced: the element's row and its import record before, the links it added. */
export interface Before {
  /** The row created the element (the undo deletes it). */
  created: boolean;
  element: Record<string, unknown> | null;
  imported: ImportedElement | null;
  links: { fromId: string; toId: string; kind: LinkKind }[];
}

/** Marks an import as being committed (outside the big transaction, so a stop half-way is seen at restart). */
export function beginCommit(db: Db, importId: string): ImportSummary {
  return transaction(db, () => {
    const summary = findImport(db, importId);
    if (!summary) throw new AppError('not_found', 'Import not found');
    if (summary.status !== 'staged') throw new AppError('conflict', `This import is ${summary.status}: only a staged import can be committed`);
    setImportState(db, importId, { status: 'committing', progress: 0 });
    return summary;
  });
}

/** Writes every staged row of the import, all or nothing. */
export async function commitImport(deps: ImportDeps, importId: string, onProgress?: (fraction: number) => void): Promise<ImportSummary> {
  const { db } = deps;
  const summary = beginCommit(db, importId);
  const total = summary.counts.new + summary.counts.updated + summary.counts.vanished + summary.counts.unchanged;
  try {
    const format = await loadFormat(summary.format);
    transaction(db, () => {
      if (format.kind === 'file') {
        format.commit(fileContext(deps, summary));
        setImportState(db, importId, { status: 'committed', committedAt: nowIso(), progress: 1 });
        return;
      }
      let done = 0;
      const withLinks: StagedRow[] = [];
      const created = new CreatedElements(deps, summary);
      withBulkIndexing(db, () => {
        for (const row of stagedRows(db, importId, ['new', 'update', 'unchanged', 'vanished'])) {
          writeRow(deps, summary, row, created);
          if (row.payload?.links?.length) withLinks.push(row);
          if (++done % 1000 === 0) onProgress?.(done / total);
        }
        created.flush();
      });
      for (const row of withLinks) writeLinks(db, importId, row);
      setImportState(db, importId, { status: 'committed', committedAt: nowIso(), progress: 1 });
    });
  } catch (error) {
    transaction(db, () => setImportState(db, importId, { status: 'staged', progress: 0 }));
    throw error;
  }
  return findImport(db, importId)!;
}

function writeRow(deps: ImportDeps, summary: ImportSummary, row: StagedRow, created: CreatedElements) {
  const { db } = deps;
  if (row.action === 'new') return created.add(row);
  const known = importedByKey(db, row.sourceKey!);
  if (row.action === 'vanished') {
    if (!known || known.vanished_at) return;
    saveImported(db, { ...known, import_id: summary.id, vanished_at: nowIso() });
    recordCommittedRow(db, summary.id, row.seq, known.element_id, { created: false, element: null, imported: known, links: [] } satisfies Before);
    return;
  }
  const written = row.payload!.written;
  const element = known ? findElement(db, known.element_id) : null;
  if (!known) {
    created.flush();
    return createRow(deps, summary, row);
  }
  if (!element) return; // deleted on the box: the deletion stands
  const { apply } = mergeOf(JSON.parse(known.written), written, currentValues(element));
  if (apply.length === 0 && !known.vanished_at) return;
  const before: Before = { created: false, element: rawRow(db, element.id), imported: known, links: [] };
  if (apply.length > 0 && !updateElementRow(db, element.id, recordWith(element, written, apply), element.version)) {
    throw new AppError('conflict', `${element.name} changed during the import; commit again`);
  }
  remember(db, summary, row, element.id, written);
  recordCommittedRow(db, summary.id, row.seq, element.id, before);
}

function createElement(deps: ImportDeps, row: StagedRow): string {
  const written = row.payload!.written;
  const record = newRecord(row.payload!.type as never, uniqueSlug(deps.db, written.name), written);
  return insertElement(deps.db, deps.box.boxId, record, null);
}

/**
 * The change numbers of the elements created from rows staged as new, taken in one statement: one
 * statement per element was a twentieth of a large commit. Taken inside the commit's transaction, they are
 * this box's next ones, unique and after every change already written.
 */
class ReservedSequences {
  private next: number;
  private readonly end: number;

  constructor(db: Db, count: number) {
    this.next = count > 0 ? reserveSequences(db, count) : 0;
    this.end = this.next + count;
  }

  /** The next reserved number; undefined once all are used (the element then takes its own). */
  take(): number | undefined {
    return this.next < this.end ? this.next++ : undefined;
  }
}

/** A new element for a row staged as an update whose element is gone from the import records. */
function createRow(deps: ImportDeps, summary: ImportSummary, row: StagedRow) {
  const { db } = deps;
  const id = createElement(deps, row);
  try {
    remember(db, summary, row, id, row.payload!.written, 1);
  } catch (error) {
    if ((error as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw error;
    throw keyTakenError(row.payload!.written.name, row.sourceKey!);
  }
  // Only rows staged as new are found by their key at undo time; any other keeps its note.
  recordCommittedRow(db, summary.id, row.seq, id, { created: true, element: null, imported: null, links: [] } satisfies Before);
}

const keyTakenError = (name: string, key: string) =>
  new AppError('conflict', `${name} (${key}) was imported by another import since this preview: read the file again`);

/**
 * The elements of rows staged as new, with their import records, written 500 at a time: one statement
 * per element and per record was most of a large commit. Their key is new too, unless another import
 * added it since the preview: then say so.
 */
class CreatedElements {
  private pending: StagedRow[] = [];
  private readonly deps: ImportDeps;
  private readonly summary: ImportSummary;
  private readonly sequences: ReservedSequences;
  private readonly slugSuffixes = new Map<string, number>();

  constructor(deps: ImportDeps, summary: ImportSummary) {
    this.deps = deps;
    this.summary = summary;
    this.sequences = new ReservedSequences(deps.db, summary.counts.new);
  }

  add(row: StagedRow) {
    this.pending.push(row);
    if (this.pending.length >= 500) this.flush();
  }

  /** Writes the pending elements and records; before any element is looked up by key or created otherwise. */
  flush() {
    if (this.pending.length === 0) return;
    const { db, box } = this.deps;
    const rows = this.pending;
    this.pending = [];
    const slugs = uniqueSlugs(db, rows.map((row) => row.payload!.written.name), this.slugSuffixes);
    const elements = rows.map((row, i): NewElement => ({
      id: uuidv7(), record: newRecord(row.payload!.type as never, slugs[i], row.payload!.written), createdBy: null,
      originSeq: this.sequences.take() ?? nextSequence(db),
    }));
    insertElements(db, box.boxId, elements);
    const records = rows.map((row, i): [number, string] => [row.seq, elements[i].id]);
    try {
      saveCreatedImported(db, this.summary.id, this.summary, records);
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_CONSTRAINT_UNIQUE') throw error;
      const taken = firstKeyTaken(db, this.summary.id, rows.map((row) => row.seq));
      throw taken ? keyTakenError(taken.name, taken.source_key) : error;
    }
  }
}

/** The element's import record: this import wrote it last, with these values, at its present version. */
function remember(db: Db, summary: ImportSummary, row: StagedRow, elementId: string, written: Written, knownVersion?: number) {
  const version = knownVersion ?? (sql(db, 'SELECT version FROM elements WHERE id = ?').get(elementId) as { version: number }).version;
  saveImported(db, {
    element_id: elementId, source_key: row.sourceKey!, import_id: summary.id, source: summary.source, licence: summary.licence,
    written: JSON.stringify(written), version, vanished_at: null,
  });
}

function writeLinks(db: Db, importId: string, row: StagedRow) {
  const toId = importedByKey(db, row.sourceKey!)?.element_id;
  if (!toId) return;
  const added: Before['links'] = [];
  for (const link of row.payload!.links!) {
    const fromId = importedByKey(db, link.fromKey)?.element_id;
    const kind = link.kind as LinkKind;
    if (!fromId || fromId === toId || findLink(db, fromId, toId, kind)) continue;
    addLink(db, { fromId, toId, kind, isAdmin: link.isAdmin });
    added.push({ fromId, toId, kind });
  }
  if (added.length === 0) return;
  const stored = sql(db, 'SELECT before FROM import_rows WHERE import_id = ? AND seq = ?').get(importId, row.seq) as { before: string | null };
  const before: Before = stored.before ? JSON.parse(stored.before) : { created: row.action === 'new', element: null, imported: null, links: [] };
  recordCommittedRow(db, importId, row.seq, toId, { ...before, links: added });
}

/** What a file format's commit and undo work with: the staged rows, and the undo data kept on them. */
export function fileContext(deps: ImportDeps, summary: ImportSummary): FileCommitContext {
  const { db } = deps;
  return {
    deps, importId: summary.id, options: importOptions(db, summary.id),
    *rows(actions) {
      for (const row of stagedRows(db, summary.id, actions)) {
        yield { seq: row.seq, line: row.line, key: row.sourceKey, action: row.action, elementId: row.elementId, payload: row.payload };
      }
    },
    keepBefore: (seq, elementId, before) => recordCommittedRow(db, summary.id, seq, elementId, before),
    *kept() {
      const page = sql(db, 'SELECT seq, element_id, before FROM import_rows WHERE import_id = ? AND seq > ? AND before IS NOT NULL ORDER BY seq LIMIT 500');
      for (let after = 0; ;) {
        const rows = page.all(summary.id, after) as { seq: number; element_id: string | null; before: string }[];
        if (rows.length === 0) return;
        for (const row of rows) yield { seq: row.seq, elementId: row.element_id, before: JSON.parse(row.before) };
        after = rows.at(-1)!.seq;
      }
    },
  };
}
