// Staging: a file is read, each row checked with the element form's own rules and placed in its commune,
// then compared with what earlier imports wrote. The result goes into import_rows only: live data is not
// touched until the commit. Rows are written in small transactions so the box keeps serving meanwhile.
import { transaction } from '../core/db/database.ts';
import { AppError } from '../core/errors.ts';
import { parse, ValidationError } from '../core/validation.ts';
import { createElementSchema } from '../elements/model.ts';
import { assignCommune, type AddressFields, type AssignedAddress } from '../elements/commune.ts';
import { findElement } from '../elements/storage.ts';
import type { Deps } from '../deps.ts';
import { emptyCounts, type FileFormat, type Format, type ImportCounts, type ImportedFields, type ImportedLink, type ImportItem, type ImportOptions, type ImportSummary } from './model.ts';
import { checkImportFile, openImportStream, type ImportFile } from './read/file.ts';
import { EncodingTally } from './read/text.ts';
import { itemsReadOffThread, type ReadEnd } from './read/off-thread.ts';
import {
  deleteStagedRows, findImport, hasImportedKeys, importedByKey, insertImport, insertStagedRows, setImportState, territoryCommunes, vanishedCandidates,
  type StagedRow,
} from './storage.ts';
import { currentValues, mergeOf, type Written } from './written.ts';
import { checkedQuickly } from './well-formed.ts';

export type ImportDeps = Pick<Deps, 'db' | 'zones' | 'box' | 'config'>;

export interface StageRequest {
  file: ImportFile;
  format: Format;
  origin: ImportSummary['origin'];
  source?: string;
  licence?: string;
  publishedOn?: string | null;
  options?: ImportOptions;
  createdBy: string | null;
}

// Each batch is one transaction, and each commit of one an fsync (synchronous = FULL), slow on an SD card: 500-row
// batches made 200 of them for 100,000 rows. A 2000-row batch holds the write lock for about a tenth of a second.
const batchSize = 2000;

/** Reads and checks a file into a new staged import; a file that cannot be read at all ends as a failed one. */
export async function stageImport(deps: ImportDeps, request: StageRequest, onProgress?: (fraction: number) => void): Promise<ImportSummary> {
  const { db } = deps;
  const source = request.source?.trim() || request.format.defaultSource;
  const importId = transaction(db, () => insertImport(db, {
    format: request.format.id, fileName: request.file.name, origin: request.origin, source, licence: request.licence?.trim() || request.format.defaultLicence,
    publishedOn: request.publishedOn ?? null, options: request.options ?? {}, createdBy: request.createdBy,
  }));
  const run = new Staging(deps, importId, request.format.id, source, request.format.kind === 'file' || request.format.marksVanished !== false);
  // The staged rows' small transactions are not each synced to the card: a power cut while reading a file ends
  // the import as failed anyway (recoverInterruptedImports), and the first synced commit after writes them all.
  // Back to FULL before the import is marked staged, so that is durable like any other write.
  const synchronous = db.pragma('synchronous', { simple: true });
  db.pragma('synchronous = NORMAL');
  try {
    checkImportFile(request.file.path, { name: request.file.name, maxBytes: request.format.maxBytes });
    const onRead = (read: number) => onProgress?.(request.file.bytes ? read / request.file.bytes : 0);
    let ended = null as ReadEnd | null;
    if (request.format.kind === 'file') {
      ended = await stageFile(deps, importId, { ...request, format: request.format }, run, onRead);
    } else {
      const task = { formatId: request.format.id, file: request.file, options: request.options ?? {} };
      for await (const batch of itemsReadOffThread(task, (result) => { ended = result; })) {
        for (const item of batch.items) run.add(item);
        onRead(batch.read);
      }
      run.finish();
    }
    const { warnings, read, sha256 } = ended!;
    // A stick pulled out may end a read early instead of failing it: what was read is then not the file.
    if (read < request.file.bytes) {
      throw new AppError('bad_request', `${request.file.name}: the file could not be read to the end (was the stick removed?); nothing of it was kept`);
    }
    if (run.truncated) warnings.push('The file ends early, so rows it no longer lists were not marked as vanished.');
    db.pragma(`synchronous = ${synchronous}`);
    transaction(db, () => setImportState(db, importId, {
      status: 'staged', counts: run.counts, warnings, sha256, bytes: read, progress: 1,
    }));
  } catch (error) {
    db.pragma(`synchronous = ${synchronous}`);
    if (!(error instanceof AppError)) throw error;
    transaction(db, () => {
      deleteStagedRows(db, importId);
      setImportState(db, importId, { status: 'failed', error: error.message });
    });
  }
  return findImport(db, importId)!;
}

/** A file format stages itself, reading the file in this thread (it writes other things than rows of elements). */
async function stageFile(deps: ImportDeps, importId: string, request: StageRequest & { format: FileFormat }, run: Staging, onRead: (read: number) => void): Promise<ReadEnd> {
  const { stream, progress } = openImportStream(request.file, onRead);
  const warnings: string[] = [];
  const tally = new EncodingTally();
  await request.format.stage({
    file: request.file, stream, tally, options: request.options ?? {}, warn: (message) => warnings.push(message), deps, importId, push: (row) => run.pushRow(row),
  });
  run.flushRows();
  if (tally.mixedWarning) warnings.push(tally.mixedWarning);
  return { warnings, read: progress.read, sha256: progress.sha256 };
}

const counted = { new: 'new', update: 'updated', unchanged: 'unchanged', rejected: 'rejected', vanished: 'vanished' } as const;

/** One staging run: counts, keys seen, and the rows waiting to be written. */
class Staging {
  readonly counts: ImportCounts = emptyCounts();
  truncated = false;
  private seq = 0;
  private pending: StagedRow[] = [];
  private queue: ImportItem[] = [];
  private readonly firstLineOfKey = new Map<string, number>();
  private readonly coveredCommunes = new Set<string>();
  private readonly territory: Set<string>;
  private readonly communes: CommuneCache;
  private readonly deps: ImportDeps;
  private readonly importId: string;
  private readonly prefix: string;
  private readonly source: string;

  private readonly marksVanished: boolean;
  /** No element of this source (key prefix) is on the box yet: every row is new or left out. */
  private readonly firstOfSource: boolean;

  constructor(deps: ImportDeps, importId: string, prefix: string, source: string, marksVanished: boolean) {
    this.marksVanished = marksVanished;
    this.firstOfSource = !hasImportedKeys(deps.db, prefix);
    this.deps = deps;
    this.importId = importId;
    this.prefix = prefix;
    this.source = source;
    this.territory = territoryCommunes(deps.db);
    this.communes = new CommuneCache(deps);
  }

  /**
   * Items wait in a batch: their lookups then share one transaction (a read outside one costs 4 times more).
   * A source the box never imported has nothing to look up: its items are checked as they come, and only
   * their staged rows wait, which keeps a batch's worth of parsed rows from outliving the young heap.
   */
  add(item: ImportItem) {
    if (this.firstOfSource) {
      this.classify(item);
      if (this.pending.length >= batchSize) this.flush();
      return;
    }
    this.queue.push(item);
    if (this.queue.length >= batchSize) this.flush();
  }

  /** The import record of a key (none to look for when the source has none and the key is the source's). */
  private known(key: string) {
    return this.firstOfSource && key.startsWith(`${this.prefix}:`) ? undefined : importedByKey(this.deps.db, key);
  }

  finish() {
    this.flush();
    if (!this.truncated && this.marksVanished) transaction(this.deps.db, () => this.markVanished());
    this.flush();
  }

  private classify(item: ImportItem) {
    this.counts.read++;
    if ('rejected' in item) {
      if (item.truncated) this.truncated = true;
      this.reject(item.line, item.key ?? null, item.rejected.field ?? null, item.rejected.reason);
    } else if ('skipped' in item) {
      this.skip(item);
    } else {
      this.stageFields(item.line, item.key, item.fields, item.links);
    }
  }

  private skip(item: Extract<ImportItem, { skipped: unknown }>) {
    if (item.insee) this.coveredCommunes.add(item.insee);
    if (item.key) this.firstLineOfKey.set(item.key, item.line);
    if (item.skipped === 'outside') this.counts.outside++;
    if (item.skipped === 'person') this.counts.persons++;
    if (item.skipped !== 'dissolved') return;
    // A dissolved association already on the box is marked, not deleted: its page says so.
    const known = item.key ? this.known(item.key) : undefined;
    if (known && !known.vanished_at) this.push({ line: item.line, sourceKey: item.key!, action: 'vanished', elementId: known.element_id, reason: 'dissolved' });
    else this.counts.dissolved++;
  }

  private stageFields(line: number, key: string, fields: ImportedFields, links?: ImportedLink[]) {
    const earlier = this.firstLineOfKey.get(key);
    if (earlier !== undefined) return this.reject(line, key, null, `The same key (${key}) is already on line ${earlier}; this line is left out`);
    this.firstLineOfKey.set(key, line);
    let written: Written;
    try {
      written = writtenOf(this.deps, fields, this.communes);
    } catch (error) {
      if (error instanceof ValidationError) return this.reject(line, key, error.field ?? null, error.issues[0].message);
      throw error;
    }
    if (written.communeInsee) this.coveredCommunes.add(written.communeInsee);
    if (!written.communeInsee || !this.territory.has(written.communeInsee)) {
      this.counts.outside++;
      return;
    }
    const payload = { type: fields.type, written, ...(links?.length ? { links } : {}) };
    const known = this.known(key);
    if (!known) return this.push({ line, sourceKey: key, action: 'new', payload });
    // The common case of a register imported again: the row is as last written, and only counted.
    if (!known.vanished_at && known.written === JSON.stringify(written)) {
      this.counts.unchanged++;
      return;
    }
    const element = findElement(this.deps.db, known.element_id);
    if (!element) {
      // Deleted on the box since: the deletion stands.
      return this.push({ line, sourceKey: key, action: 'unchanged', elementId: known.element_id, payload, conflicts: ['deleted'] });
    }
    const merge = mergeOf(JSON.parse(known.written), written, currentValues(element));
    const action = merge.apply.length > 0 || known.vanished_at ? 'update' : 'unchanged';
    this.push({ line, sourceKey: key, action, elementId: element.id, payload, conflicts: merge.conflicts });
  }

  private reject(line: number, key: string | null, field: string | null, reason: string) {
    this.push({ line, sourceKey: key, action: 'rejected', field, reason });
  }

  /** A row a file format staged itself. */
  pushRow(row: { line?: number; key?: string; action: StagedRow['action']; elementId?: string; payload?: unknown; field?: string; reason?: string }) {
    this.counts.read++;
    this.push({ ...row, sourceKey: row.key ?? null, payload: row.payload as StagedRow['payload'] });
    if (this.pending.length >= batchSize) this.flush();
  }

  flushRows() {
    this.flush();
  }

  private push(row: Partial<StagedRow> & Pick<StagedRow, 'action'>) {
    this.counts[counted[row.action]]++;
    if (row.conflicts?.length) this.counts.conflicts++;
    this.pending.push({
      seq: ++this.seq, line: row.line ?? null, sourceKey: row.sourceKey ?? null, action: row.action, elementId: row.elementId ?? null,
      payload: row.payload ?? null, conflicts: row.conflicts ?? [], field: row.field ?? null, reason: row.reason ?? null,
    });
  }

  private flush() {
    const items = this.queue;
    this.queue = [];
    transaction(this.deps.db, () => {
      for (const item of items) this.classify(item);
      insertStagedRows(this.deps.db, this.importId, this.pending);
    });
    this.pending = [];
  }

  private markVanished() {
    const seen = new Set(this.firstLineOfKey.keys());
    for (const gone of vanishedCandidates(this.deps.db, this.prefix, this.source, seen, this.coveredCommunes)) {
      this.push({ sourceKey: gone.source_key, action: 'vanished', elementId: gone.element_id, reason: 'no longer in the file' });
    }
  }
}

/**
 * The commune of each address, remembered for the run: a register names the same few communes again and
 * again, and finding one in the zone database was the largest cost of staging.
 */
export class CommuneCache {
  private readonly known = new Map<string, AssignedAddress | ValidationError>();
  private readonly deps: ImportDeps;
  constructor(deps: ImportDeps) {
    this.deps = deps;
  }

  assign(address: AddressFields): AssignedAddress {
    // Positions differ on every row: only addresses without one are worth remembering.
    if (address.lat !== null || address.lon !== null) return assignCommune(this.deps.zones, address);
    const key = `${address.communeInsee}|${address.postalCode}|${address.locality}`;
    let found = this.known.get(key);
    if (!found) {
      try {
        found = assignCommune(this.deps.zones, address);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        found = error;
      }
      if (this.known.size < 50_000) this.known.set(key, found);
    }
    if (found instanceof ValidationError) throw found;
    return found;
  }
}

/** The fields as an import writes them: checked by the element form's schema (a plain row quickly, to the same result), placed in their commune. */
export function writtenOf(deps: ImportDeps, fields: ImportedFields, communes = new CommuneCache(deps)): Written {
  const data = checkedQuickly(fields) ?? parse(createElementSchema, { ...fields, visibility: 'public' });
  const address = communes.assign({
    communeInsee: data.communeInsee ?? null, postalCode: data.postalCode, locality: data.locality, lat: data.lat ?? null, lon: data.lon ?? null,
  });
  return {
    kind: data.kind ?? null, name: data.name, shortDescription: data.shortDescription, description: data.description,
    tags: [...new Set(data.tags.map((tag) => tag.toLowerCase()))], street: data.street, postalCode: address.postalCode,
    communeInsee: address.communeInsee, locality: address.locality, lat: address.lat, lon: address.lon, url: data.url ?? '',
    contactEmail: data.contactEmail ?? '', contactPhone: data.contactPhone, startsAt: data.startsAt ?? null, endsAt: data.endsAt ?? null,
    allDay: data.allDay, communeSource: address.communeSource,
  };
}
