// What every import format produces and what the pipeline keeps of it. A format reads a file into items:
// an element to write (keyed in its source, so importing again updates it), a line rejected with its
// reason, or a line skipped on purpose (outside the territory, a dissolved association).
import type { Readable } from 'node:stream';
import type { ElementType } from '../elements/model.ts';
import type { ImportFile } from './read/file.ts';
import type { EncodingTally } from './read/text.ts';
import type { Deps } from '../deps.ts';

export const formatIds = ['rna', 'scdl', 'csv', 'geojson', 'outlines', 'communecter', 'ics', 'pmtiles'] as const;
export type FormatId = (typeof formatIds)[number];

/**
 * The page cache of a connection that imports (an import job's, the command line's): 32 MB instead of the
 * server's few, for the few seconds a large commit lasts. A 100,000-row commit took 17 s with 4 MB, 12 s with 32.
 */
export const importCacheKiB = 32 * 1024;

/** The fields an import writes on an element: those of the element form, as strings or numbers. */
export interface ImportedFields {
  type: Exclude<ElementType, 'person'>;
  kind?: string;
  name: string;
  shortDescription?: string;
  description?: string;
  tags?: string[];
  street?: string;
  postalCode?: string;
  communeInsee?: string;
  locality?: string;
  lat?: number;
  lon?: number;
  url?: string;
  contactEmail?: string;
  contactPhone?: string;
  startsAt?: string;
  endsAt?: string;
  allDay?: boolean;
}

/** A link between two elements of the same file (Communecter exports: members, organizers). */
export interface ImportedLink {
  fromKey: string;
  kind: 'member' | 'contributor' | 'organizer' | 'parent';
  isAdmin?: boolean;
}

export type ImportItem =
  | { line: number; key: string; fields: ImportedFields; links?: ImportedLink[] }
  // truncated: the file ends before its end (a row cut in two): what came before is kept, nothing is marked vanished.
  | { line: number; key?: string; rejected: { field?: string; reason: string }; truncated?: boolean }
  | { line: number; key?: string; skipped: SkipReason; insee?: string };

export type SkipReason = 'outside' | 'dissolved' | 'empty' | 'person';

/** A file-level note for the report (mixed encodings, a column the box does not use...). */
export interface ReadContext {
  file: ImportFile;
  stream: Readable;
  tally: EncodingTally;
  options: ImportOptions;
  warn(message: string): void;
}

/** What the admin chose for this import (from the form, the command line or the stick's manifest). */
export interface ImportOptions {
  /** Generic CSV and GeoJSON points: file column → element field. */
  mapping?: Record<string, string>;
  /** Generic CSV and GeoJSON points: the type of the elements when no column gives it. */
  type?: string;
  /** iCalendar: the organization (or other element) whose agenda receives the events. */
  organizerId?: string;
}

interface FormatBase {
  id: FormatId;
  /** What people call it, in the admin page and the report. */
  label: string;
  /** The default publisher, shown as the source when no manifest names one. */
  defaultSource: string;
  defaultLicence: string;
  /** The largest file this format reads (streamed formats take more). */
  maxBytes: number;
  /** Likely this format, from the name and the first bytes (detection for files on a stick). */
  recognizes(name: string, head: string): boolean;
}

/** A format whose rows become elements: the pipeline stages, commits and undoes them (stage.ts, commit.ts, undo.ts). */
export interface ElementFormat extends FormatBase {
  kind?: 'elements';
  /**
   * A file of this format lists all its source holds for the communes it covers (a register), so what it
   * no longer lists has vanished. False for exports that come a page or a type at a time.
   */
  marksVanished?: boolean;
  read(context: ReadContext): AsyncIterable<ImportItem>;
}

/**
 * A format that writes something else than rows of elements (an agenda through its own importer, zone
 * outlines, a basemap): it stages, commits and undoes itself, with the pipeline's bookkeeping around it.
 */
export interface FileFormat extends FormatBase {
  kind: 'file';
  /** Reads and checks the file, pushing one staged row per item for the preview; nothing live is written. */
  stage(context: FileStageContext): Promise<void>;
  /** Writes the staged import, inside the commit's transaction; keeps what the undo needs with `keepBefore`. */
  commit(context: FileCommitContext): void;
  /** Puts back what `commit` replaced, inside the undo's transaction; throws an AppError when it cannot. */
  undo(context: FileCommitContext): void;
}

export type Format = ElementFormat | FileFormat;

export interface FileStageContext extends ReadContext {
  deps: Pick<Deps, 'db' | 'zones' | 'box' | 'config'>;
  importId: string;
  /** One row of the preview and the report; counted by its action. */
  push(row: { line?: number; key?: string; action: 'new' | 'update' | 'unchanged' | 'rejected' | 'vanished'; elementId?: string;
    payload?: unknown; field?: string; reason?: string }): void;
}

export interface FileCommitContext {
  deps: Pick<Deps, 'db' | 'zones' | 'box' | 'config'>;
  importId: string;
  options: ImportOptions;
  /** The staged rows with these actions, in order (payload as pushed). */
  rows(actions: ('new' | 'update' | 'unchanged' | 'rejected' | 'vanished')[]): Iterable<{ seq: number; line: number | null; key: string | null;
    action: string; elementId: string | null; payload: unknown }>;
  /** Keeps, on a staged row, what the undo needs (and the element it concerns). */
  keepBefore(seq: number, elementId: string | null, before: unknown): void;
  /** What keepBefore kept, in order. */
  kept(): Iterable<{ seq: number; elementId: string | null; before: unknown }>;
}

export interface ImportCounts {
  new: number;
  updated: number;
  unchanged: number;
  rejected: number;
  vanished: number;
  /** Updated or unchanged rows where fields edited on the box were kept. */
  conflicts: number;
  outside: number;
  dissolved: number;
  /** Persons in the file: never imported, a person makes their own account on the box. */
  persons: number;
  /** Rows read from the file in all. */
  read: number;
}

export const emptyCounts = (): ImportCounts => ({
  new: 0, updated: 0, unchanged: 0, rejected: 0, vanished: 0, conflicts: 0, outside: 0, dissolved: 0, persons: 0, read: 0,
});

export type ImportStatus = 'staging' | 'staged' | 'committing' | 'committed' | 'undone' | 'discarded' | 'failed';

export interface ImportSummary {
  id: string;
  format: FormatId;
  fileName: string;
  origin: 'usb' | 'upload' | 'cli';
  source: string;
  licence: string;
  publishedOn: string | null;
  status: ImportStatus;
  progress: number;
  counts: ImportCounts;
  warnings: string[];
  error: string | null;
  reportPath: string | null;
  createdAt: string;
  committedAt: string | null;
  undoneAt: string | null;
}
