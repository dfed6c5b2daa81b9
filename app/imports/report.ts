// The report of an import: what was read, what was written or left out and why, in JSON and as a page that
// reads offline and prints (its CSS inside). Served by the box; for a file from a stick, also written back
// onto the stick (copi/reports/) after staging and after the commit, when the stick takes writes.
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join, posix } from 'node:path';
import { transaction, type Db } from '../core/db/database.ts';
import { formatDate } from '../core/i18n/index.ts';
import { nowIso } from '../core/time.ts';
import { findElement } from '../elements/storage.ts';
import { findStick } from '../backup/usb.ts';
import { html, renderDocument } from '../web/html.ts';
import type { ImportDeps } from './stage.ts';
import { formats } from './formats/index.ts';
import type { ImportCounts, ImportSummary } from './model.ts';
import { findImport, rowsWithConflicts, setImportState, stagedSample } from './storage.ts';
import { importFolder, reportsFolder, stickOfImport } from './usb.ts';

/** Lines listed in a report: enough for any real register, bounded for a file of garbage. */
const maxListed = 10_000;

export interface ImportReport {
  import: Pick<ImportSummary, 'id' | 'format' | 'fileName' | 'origin' | 'source' | 'licence' | 'publishedOn' | 'status' | 'error' | 'createdAt'
    | 'committedAt' | 'undoneAt'> & { formatLabel: string };
  counts: ImportCounts;
  warnings: string[];
  rejected: { line: number | null; key: string | null; field: string | null; reason: string }[];
  conflicts: { line: number | null; key: string | null; element: { id: string; name: string; slug: string } | null; fieldsKept: string[] }[];
  vanished: { key: string | null; name: string | null; reason: string | null }[];
  /** More lines than listed (maxListed per list). */
  truncated: boolean;
}

export function importReport(db: Db, importId: string): ImportReport | null {
  const summary = findImport(db, importId);
  if (!summary) return null;
  const rejected = stagedSample(db, importId, 'rejected', maxListed + 1);
  const conflicts = rowsWithConflicts(db, importId, maxListed + 1);
  const vanished = stagedSample(db, importId, 'vanished', maxListed + 1);
  const elementOf = (id: string | null) => {
    const element = id ? findElement(db, id) : null;
    return element ? { id: element.id, name: element.name, slug: element.slug } : null;
  };
  return {
    import: {
      id: summary.id, format: summary.format, formatLabel: formats.find((format) => format.id === summary.format)?.label ?? summary.format,
      fileName: summary.fileName, origin: summary.origin, source: summary.source, licence: summary.licence, publishedOn: summary.publishedOn,
      status: summary.status, error: summary.error, createdAt: summary.createdAt, committedAt: summary.committedAt, undoneAt: summary.undoneAt,
    },
    counts: summary.counts,
    warnings: summary.warnings,
    rejected: rejected.slice(0, maxListed).map((row) => ({ line: row.line, key: row.sourceKey, field: row.field, reason: row.reason ?? '' })),
    conflicts: conflicts.slice(0, maxListed).map((row) => ({
      line: row.line, key: row.sourceKey, element: elementOf(row.elementId),
      // "deleted": the element was deleted on the box, and stays deleted.
      fieldsKept: row.conflicts,
    })),
    vanished: vanished.slice(0, maxListed).map((row) => ({ key: row.sourceKey, name: elementOf(row.elementId)?.name ?? null, reason: row.reason })),
    truncated: [rejected, conflicts, vanished].some((rows) => rows.length > maxListed),
  };
}

const statusLabel: Record<ImportSummary['status'], string> = {
  staging: 'Reading the file', staged: 'Read, waiting to be committed', committing: 'Committing', committed: 'Committed',
  undone: 'Undone', discarded: 'Discarded', failed: 'Failed',
};

export const countLabels: [keyof ImportCounts, string][] = [
  ['read', 'Rows read'], ['new', 'New'], ['updated', 'Updated'], ['unchanged', 'Unchanged'], ['rejected', 'Rejected'],
  ['vanished', 'No longer in the file (vanished)'], ['conflicts', 'Edited on the box (kept)'], ['outside', 'Outside the territory'],
  ['dissolved', 'Dissolved'],
];

const reportCss = `body{font:15px/1.45 system-ui,sans-serif;margin:1.5rem auto;max-width:60rem;padding:0 1rem;color:#1b1b1b}
h1{font-size:1.5rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ccc}
table{border-collapse:collapse;width:100%;margin:.5rem 0}th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}
th{background:#f3f3f3}dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dt{font-weight:600}
.counts td:last-child{text-align:right;font-variant-numeric:tabular-nums}.error{color:#a4262c}
@media print{body{margin:0;max-width:none;font-size:11pt}h2{break-after:avoid}tr{break-inside:avoid}}`;

/** The report as one HTML page: no link to the box, no script, its style inside; prints on A4. */
export function reportHtml(report: ImportReport, timeZone: string, boxName: string): string {
  const when = (iso: string | null) => (iso ? formatDate('en', iso, true, timeZone) : '—');
  const { import: summary } = report;
  const page = html`<html lang="en"><head><meta charset="utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Import report: ${summary.fileName}</title><style dangerouslySetInnerHTML=${{ __html: reportCss }} /></head>
    <body>
      <h1>Import report: ${summary.fileName}</h1>
      <dl>
        <dt>Box</dt><dd>${boxName}</dd>
        <dt>Format</dt><dd>${summary.formatLabel}</dd>
        <dt>Source</dt><dd>${summary.source}</dd>
        <dt>Licence</dt><dd>${summary.licence}</dd>
        ${summary.publishedOn ? html`<dt>Data as of</dt><dd>${summary.publishedOn}</dd>` : null}
        <dt>Status</dt><dd>${statusLabel[summary.status]}</dd>
        <dt>Read on</dt><dd>${when(summary.createdAt)}</dd>
        ${summary.committedAt ? html`<dt>Committed on</dt><dd>${when(summary.committedAt)}</dd>` : null}
        ${summary.undoneAt ? html`<dt>Undone on</dt><dd>${when(summary.undoneAt)}</dd>` : null}
      </dl>
      ${summary.error ? html`<p class="error"><strong>The import stopped:</strong> ${summary.error}</p>` : null}
      <h2>Counts</h2>
      <table class="counts"><tbody>${countLabels.map(([key, label]) => html`<tr><td>${label}</td><td>${report.counts[key] ?? 0}</td></tr>`)}</tbody></table>
      ${report.warnings.length ? html`<h2>Warnings</h2><ul>${report.warnings.map((warning) => html`<li>${warning}</li>`)}</ul>` : null}
      ${report.truncated ? html`<p>Only the first ${maxListed} lines of each list are shown.</p>` : null}
      <h2>Rejected lines (${report.counts.rejected})</h2>
      ${report.rejected.length === 0 ? html`<p>None.</p>` : html`<table><thead><tr><th>Line</th><th>Key</th><th>Field</th><th>Reason</th></tr></thead>
        <tbody>${report.rejected.map((row) => html`<tr><td>${row.line ?? ''}</td><td>${row.key ?? ''}</td><td>${row.field ?? ''}</td><td>${row.reason}</td></tr>`)}</tbody></table>`}
      <h2>Edited on the box, kept as they are (${report.counts.conflicts})</h2>
      ${report.conflicts.length === 0 ? html`<p>None.</p>` : html`<table><thead><tr><th>Line</th><th>Key</th><th>Element</th><th>Fields kept</th></tr></thead>
        <tbody>${report.conflicts.map((row) => html`<tr><td>${row.line ?? ''}</td><td>${row.key ?? ''}</td>
          <td>${row.element ? `${row.element.name} (/e/${row.element.slug})` : '—'}</td><td>${row.fieldsKept.join(', ')}</td></tr>`)}</tbody></table>`}
      <h2>No longer in the file (${report.counts.vanished})</h2>
      ${report.vanished.length === 0 ? html`<p>None.</p>` : html`<table><thead><tr><th>Key</th><th>Element</th><th>Why</th></tr></thead>
        <tbody>${report.vanished.map((row) => html`<tr><td>${row.key ?? ''}</td><td>${row.name ?? '—'}</td><td>${row.reason ?? ''}</td></tr>`)}</tbody></table>`}
    </body></html>`;
  return renderDocument(page);
}

/** When a report goes onto the stick: after a staging (read or failed) and after the commit. */
const reportedStatuses = new Set<ImportSummary['status']>(['staged', 'failed', 'committed']);

/**
 * Writes the report of an import from a stick back onto it (copi/reports/<yyyy-mm-dd-hhmm>-<file>.html
 * and .json) and keeps where. A stick that refuses the write (read-only, pulled out) is no failure: the
 * report stays on the box, and the page says so. Returns the path on the stick, or null.
 */
export function writeStickReport(deps: ImportDeps, summary: ImportSummary): string | null {
  if (summary.origin !== 'usb' || !reportedStatuses.has(summary.status)) return null;
  const stick = findStick(deps.config.backup.usbDir, stickOfImport(summary.fileName));
  const report = importReport(deps.db, summary.id);
  if (!stick || !report) return null;
  const folder = join(stick.path, importFolder, reportsFolder);
  const base = `${stamp(new Date(nowIso()), deps.box.timezone)}-${posix.basename(summary.fileName)}`;
  try {
    mkdirSync(folder, { recursive: true });
    writeAtomically(join(folder, `${base}.json`), `${JSON.stringify(report, null, 2)}\n`);
    writeAtomically(join(folder, `${base}.html`), reportHtml(report, deps.box.timezone, deps.box.name));
  } catch {
    return null;
  }
  const reportPath = `${stick.name}/${importFolder}/${reportsFolder}/${base}.html`;
  transaction(deps.db, () => setImportState(deps.db, summary.id, { reportPath }));
  return reportPath;
}

function writeAtomically(path: string, text: string) {
  writeFileSync(`${path}.tmp`, text);
  renameSync(`${path}.tmp`, path);
}

/** "2026-03-14-0930" on the box's clock. */
function stamp(date: Date, timeZone: string): string {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-GB', {
    timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
  }).formatToParts(date).map((part) => [part.type, part.value]));
  return `${parts.year}-${parts.month}-${parts.day}-${parts.hour}${parts.minute}`;
}
