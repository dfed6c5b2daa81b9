// Pieces of the import pages: the progress of a running job, the preview's counts and samples, the map of
// what will be written, and the row labels. Text in English until the i18n catalogs carry import keys.
import type { Db } from '../core/db/database.ts';
import { html } from '../web/html.ts';
import { formatBytes } from './read/file.ts';
import { countLabels } from './report.ts';
import type { JobProgress } from './jobs.ts';
import type { ImportSummary } from './model.ts';
import { rowsWithConflicts, stagedSample, type RowAction, type StagedRow } from './storage.ts';
import type { StickImports } from './usb.ts';

export const sampleSize = 20;

export const statusText: Record<ImportSummary['status'], string> = {
  staging: 'Reading the file', staged: 'Read: check the preview, then commit or discard', committing: 'Committing',
  committed: 'Committed', undone: 'Undone', discarded: 'Discarded', failed: 'Failed',
};

const stepText = { reading: 'Reading the file', committing: 'Writing into the box', undoing: 'Undoing' } as const;

/**
 * The bar of a running job. With JavaScript a small script asks the API for the progress every second and
 * reloads the page when the job has ended; without it, the page refreshes itself (meta refresh, see pages.ts).
 */
export function JobProgressBar({ summary, progress }: { summary: ImportSummary; progress: JobProgress | null }) {
  const step = progress?.step ?? (summary.status === 'committing' ? 'committing' : 'reading');
  const fraction = progress?.fraction ?? 0;
  const script = `(function(){var bar=document.getElementById('import-progress');if(!bar||!window.fetch)return;
var poll=function(){fetch('/api/v1/imports/${summary.id}',{headers:{accept:'application/json'},credentials:'same-origin'}).then(function(r){return r.json()}).then(function(s){
if(s.status!=='staging'&&s.status!=='committing'&&!s.running){window.location.reload();return}
var f=s.running?s.running.fraction:0;bar.value=f;bar.textContent=Math.round(f*100)+' %';
document.getElementById('import-percent').textContent=Math.round(f*100)+' %';setTimeout(poll,1000)}).catch(function(){setTimeout(poll,3000)})};setTimeout(poll,1000)})();`;
  return html`<section class="import-progress" aria-live="polite">
    <h2>${stepText[step]}</h2>
    <p><progress id="import-progress" max="1" value=${fraction}>${Math.round(fraction * 100)} %</progress>
      <span id="import-percent">${Math.round(fraction * 100)} %</span></p>
    <p>The box keeps working meanwhile; this page updates itself.</p>
    <script dangerouslySetInnerHTML=${{ __html: script }} />
  </section>`;
}

export function CountsTable({ summary }: { summary: ImportSummary }) {
  return html`<table class="import-counts"><caption>What the file holds</caption>
    <tbody>${countLabels.map(([key, label]) => html`<tr data-count=${key}><th scope="row">${label}</th><td>${summary.counts[key] ?? 0}</td></tr>`)}</tbody></table>`;
}

/** What a staged row is about: the element's name for rows of elements, else what the file format staged. */
export function rowLabel(row: StagedRow): string {
  const payload = row.payload as { written?: { name?: string }; name?: string; summary?: string; title?: string } | null;
  return payload?.written?.name ?? payload?.name ?? payload?.summary ?? payload?.title ?? row.sourceKey ?? '';
}

const sampleTitles: Record<RowAction, string> = {
  new: 'New', update: 'Updated', unchanged: 'Unchanged', rejected: 'Rejected lines', vanished: 'No longer in the file',
};

/** The first rows of each kind, with their reason when left out and the fields kept when edited on the box. */
export function Samples({ db, summary }: { db: Db; summary: ImportSummary }) {
  const actions: RowAction[] = ['rejected', 'new', 'update', 'vanished'];
  const conflicts = rowsWithConflicts(db, summary.id, sampleSize);
  return html`${actions.map((action) => {
    const rows = stagedSample(db, summary.id, action, sampleSize);
    if (rows.length === 0) return null;
    return html`<section class=${`import-sample sample-${action}`}><h3>${sampleTitles[action]}</h3>
      <table><thead><tr><th>Line</th><th>${action === 'rejected' ? 'Field' : 'Name'}</th><th>${action === 'rejected' || action === 'vanished' ? 'Reason' : 'Key'}</th></tr></thead>
        <tbody>${rows.map((row) => html`<tr>
          <td>${row.line ?? ''}</td>
          <td>${action === 'rejected' ? row.field ?? '' : rowLabel(row)}</td>
          <td>${action === 'rejected' || action === 'vanished' ? row.reason ?? '' : row.sourceKey ?? ''}</td></tr>`)}</tbody></table></section>`;
  })}
  ${conflicts.length ? html`<section class="import-sample sample-conflicts"><h3>Edited on the box: these fields are kept as they are</h3>
    <table><thead><tr><th>Line</th><th>Name</th><th>Fields kept</th></tr></thead>
      <tbody>${conflicts.map((row) => html`<tr><td>${row.line ?? ''}</td><td>${rowLabel(row)}</td><td>${row.conflicts.join(', ')}</td></tr>`)}</tbody></table></section>` : null}`;
}

/** Where the new and updated elements will be, on the box's own offline map (map.js; no tile from outside). */
export function PreviewMap({ db, summary }: { db: Db; summary: ImportSummary }) {
  const points: [number, number, string][] = [];
  for (const action of ['new', 'update'] as const) {
    for (const row of stagedSample(db, summary.id, action, 500)) {
      const written = (row.payload as { written?: { lat?: number | null; lon?: number | null } } | null)?.written;
      if (typeof written?.lat === 'number' && typeof written.lon === 'number') points.push([written.lat, written.lon, rowLabel(row)]);
    }
  }
  if (points.length === 0) return null;
  return html`<section><h3>On the map (${points.length} with a position)</h3>
    <div class="map" data-map=${JSON.stringify({ points, label: summary.fileName })} role="img"
      aria-label=${`Map of the ${points.length} new and updated elements with a position`}></div></section>`;
}

export const mapHead = html`<link rel="stylesheet" href="/assets/build/leaflet/leaflet.css" />
  <script defer src="/assets/build/leaflet/leaflet.js"></script><script defer src="/assets/zone-tiles.js"></script><script defer src="/assets/map.js"></script>`;

/** The files found on the sticks, each with the button that prepares its import. */
export function StickFiles({ sticks }: { sticks: StickImports[] }) {
  if (sticks.length === 0) return html`<p>No USB stick is plugged in. Put the files in a <code>copi</code> folder at the root of a stick.</p>`;
  return html`${sticks.map((stick) => html`<div class="stick" data-stick=${stick.stick}>
    <h3>${stick.stick}</h3>
    ${stick.warnings.map((warning) => html`<p class="error" role="alert">${warning}</p>`)}
    ${stick.files.length === 0 ? html`<p>No file in its <code>copi</code> folder.</p>` : html`<table>
      <thead><tr><th>File</th><th>Format</th><th>Size</th><th>Source</th><th></th></tr></thead>
      <tbody>${stick.files.map((file) => html`<tr>
        <td><code>${file.path}</code></td>
        <td>${file.refused ? html`<span class="error">${file.refused}</span>` : file.format ?? 'not recognised'}</td>
        <td>${formatBytes(file.bytes)}</td>
        <td>${file.manifest ? `${file.manifest.source} (${file.manifest.licence}, ${file.manifest.date})` : '—'}</td>
        <td>${file.refused ? null : html`<a class="button" href=${prepareHref(stick.stick, file.path)}>Import</a>`}</td></tr>`)}</tbody></table>`}
    <p><a href=${`/admin/imports?stick=${encodeURIComponent(stick.stick)}&folder=`}>Pick another file of this stick</a></p>
  </div>`)}`;
}

export const prepareHref = (stick: string, path: string) => `/admin/imports/prepare?stick=${encodeURIComponent(stick)}&path=${encodeURIComponent(path)}`;
