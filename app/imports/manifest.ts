// The manifest of a stick: who published each file, under which licence, as of which date, and how to read
// it. `copi/manifest.json`: { "files": { "<path under copi/>": { format?, source, licence, date, type?, mapping?, organizer? } } },
// or `copi/manifest.csv` with the columns file;source;licence;date. A manifest that cannot be read is a
// warning on the page, never a reason to hide the files.
import { lstatSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { z } from 'zod';
import type { ImportOptions } from './model.ts';
import { detectDelimiter } from './read/csv.ts';
import { decodeWhole } from './read/text.ts';

export const manifestEntrySchema = z.object({
  format: z.string().max(40).optional(),
  source: z.string().trim().min(1, 'Name the source (who published the file)').max(300),
  licence: z.string().trim().min(1, 'Name the licence').max(200),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Write the date as YYYY-MM-DD'),
  type: z.string().max(40).optional(),
  mapping: z.record(z.string().max(200), z.string().max(60)).optional(),
  organizer: z.string().max(80).optional(),
});

export type ManifestEntry = z.infer<typeof manifestEntrySchema>;

export interface Manifest {
  /** Entries by path under the stick's copi/ folder. */
  files: Map<string, ManifestEntry>;
  warnings: string[];
}

/** A manifest larger than this is not one. */
const maxManifestBytes = 1024 * 1024;

/** The manifest of a stick's import folder (copi/); an empty one when there is none. */
export function readManifest(folder: string): Manifest {
  const manifest: Manifest = { files: new Map(), warnings: [] };
  const json = readSmallFile(join(folder, 'manifest.json'), 'manifest.json', manifest.warnings);
  if (json !== null) readJsonManifest(json, manifest);
  const csv = readSmallFile(join(folder, 'manifest.csv'), 'manifest.csv', manifest.warnings);
  if (csv !== null) readCsvManifest(csv, manifest);
  return manifest;
}

function readSmallFile(path: string, name: string, warnings: string[]): string | null {
  let stats;
  try {
    stats = lstatSync(path);
  } catch {
    return null;
  }
  if (stats.isSymbolicLink() || !stats.isFile()) {
    warnings.push(`${name} is not a plain file (a link?); it was not read`);
    return null;
  }
  if (stats.size > maxManifestBytes) {
    warnings.push(`${name} is larger than 1 MB; it was not read`);
    return null;
  }
  try {
    return decodeWhole(readFileSync(path));
  } catch (error) {
    warnings.push(`${name} could not be read (${(error as Error).message})`);
    return null;
  }
}

function readJsonManifest(text: string, manifest: Manifest) {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    manifest.warnings.push(`manifest.json is not valid JSON (${(error as Error).message}); the files are listed without it`);
    return;
  }
  const files = (data as { files?: unknown } | null)?.files;
  if (typeof files !== 'object' || files === null || Array.isArray(files)) {
    manifest.warnings.push('manifest.json has no "files" object ({ "files": { "<file>": { "source", "licence", "date" } } }); the files are listed without it');
    return;
  }
  for (const [path, entry] of Object.entries(files)) addEntry(manifest, 'manifest.json', path, entry);
}

function readCsvManifest(text: string, manifest: Manifest) {
  let rows: Record<string, string>[];
  try {
    rows = parseCsv(text, {
      delimiter: detectDelimiter(text.split('\n')[0] ?? ''), columns: (header: string[]) => header.map((column) => column.trim().toLowerCase()),
      skip_empty_lines: true, trim: true, relax_column_count: true,
    });
  } catch (error) {
    manifest.warnings.push(`manifest.csv could not be read (${(error as Error).message}); the files are listed without it`);
    return;
  }
  if (rows.length > 0 && !('file' in rows[0])) {
    manifest.warnings.push('manifest.csv needs the columns file;source;licence;date; the files are listed without it');
    return;
  }
  rows.forEach((row, index) => {
    const { file, ...entry } = row;
    if (manifest.files.has(normalize(file ?? ''))) return; // manifest.json said it first
    addEntry(manifest, `manifest.csv line ${index + 2}`, file ?? '', Object.fromEntries(Object.entries(entry).filter(([, value]) => value !== '')));
  });
}

function addEntry(manifest: Manifest, where: string, path: string, entry: unknown) {
  const result = manifestEntrySchema.safeParse(entry);
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = issue.path.join('.');
    manifest.warnings.push(`${where}, "${path}": ${field ? `${field}: ` : ''}${issue.message}; this file is listed without its manifest data`);
    return;
  }
  manifest.files.set(normalize(path), result.data);
}

/** "./data/rna.csv" and "data/rna.csv" are the same entry. */
const normalize = (path: string) => path.trim().replace(/\\/g, '/').replace(/^(\.\/)+/, '');

export const manifestEntryOf = (manifest: Manifest, path: string) => manifest.files.get(normalize(path)) ?? null;

/** What an entry says of how to read its file. */
export function optionsOf(entry: ManifestEntry | null): ImportOptions {
  if (!entry) return {};
  return {
    ...(entry.mapping ? { mapping: entry.mapping } : {}),
    ...(entry.type ? { type: entry.type } : {}),
    ...(entry.organizer ? { organizerId: entry.organizer } : {}),
  };
}
