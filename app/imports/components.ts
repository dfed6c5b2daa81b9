// Pieces of the import pages: the progress of a running job, the preview's counts and samples, the map of
// what will be written, and the row labels; their text in the visitor's language.
import type { Db } from '../core/db/database.ts';
import type { Locale, MessageKey, Translate } from '../core/i18n/index.ts';
import { localizeMessage } from '../core/i18n/messages.ts';
import { formatBytes as sizeText } from '../media/components.ts';
import { html } from '../web/html.ts';
import type { JobProgress } from './jobs.ts';
import type { FormatId, ImportCounts, ImportSummary } from './model.ts';
import { rowsWithConflicts, stagedSample, type RowAction, type StagedRow } from './storage.ts';
import type { StickImports } from './usb.ts';

export const sampleSize = 20;

export const statusKey: Record<ImportSummary['status'], MessageKey> = {
  staging: 'imports.status.staging', staged: 'imports.status.staged', committing: 'imports.status.committing',
  committed: 'imports.status.committed', undone: 'imports.status.undone', discarded: 'imports.status.discarded', failed: 'imports.status.failed',
};

export const formatKey: Record<FormatId, MessageKey> = {
  rna: 'imports.format.rna', scdl: 'imports.format.scdl', csv: 'imports.format.csv', geojson: 'imports.format.geojson',
  outlines: 'imports.format.outlines', communecter: 'imports.format.communecter', ics: 'imports.format.ics', pmtiles: 'imports.format.pmtiles',
};

const stepKey = { reading: 'imports.step.reading', committing: 'imports.step.committing', undoing: 'imports.step.undoing' } as const;

/** A catalog text with `{folder}` shown as code: the folder name is the same in every language. */
export const withFolder = (text: string, folder: string) => {
  const [before, after] = text.split('{folder}');
  return html`${before}<code>${folder}</code>${after ?? ''}`;
};

/**
 * The bar of a running job. With JavaScript a small script asks the API for the progress every second and
 * reloads the page when the job has ended; without it, the page refreshes itself (meta refresh, see pages.ts).
 */
export function JobProgressBar({ summary, progress, t }: { summary: ImportSummary; progress: JobProgress | null; t: Translate }) {
  const step = progress?.step ?? (summary.status === 'committing' ? 'committing' : 'reading');
  const fraction = progress?.fraction ?? 0;
  const script = `(function(){var bar=document.getElementById('import-progress');if(!bar||!window.fetch)return;
var poll=function(){fetch('/api/v1/imports/${summary.id}',{headers:{accept:'application/json'},credentials:'same-origin'}).then(function(r){return r.json()}).then(function(s){
if(s.status!=='staging'&&s.status!=='committing'&&!s.running){window.location.reload();return}
var f=s.running?s.running.fraction:0;bar.value=f;bar.textContent=Math.round(f*100)+' %';
document.getElementById('import-percent').textContent=Math.round(f*100)+' %';setTimeout(poll,1000)}).catch(function(){setTimeout(poll,3000)})};setTimeout(poll,1000)})();`;
  return html`<section class="import-progress" aria-live="polite">
    <h2>${t(stepKey[step])}</h2>
    <p><progress id="import-progress" max="1" value=${fraction}>${Math.round(fraction * 100)} %</progress>
      <span id="import-percent">${Math.round(fraction * 100)} %</span></p>
    <p>${t('imports.keepsWorking')}</p>
    <script dangerouslySetInnerHTML=${{ __html: script }} />
  </section>`;
}

const countRows: [keyof ImportCounts, MessageKey][] = [
  ['read', 'imports.count.read'], ['new', 'imports.count.new'], ['updated', 'imports.count.updated'],
  ['unchanged', 'imports.count.unchanged'], ['rejected', 'imports.count.rejected'], ['vanished', 'imports.count.vanished'],
  ['conflicts', 'imports.count.conflicts'], ['outside', 'imports.count.outside'], ['dissolved', 'imports.count.dissolved'],
];

export function CountsTable({ summary, t }: { summary: ImportSummary; t: Translate }) {
  return html`<table class="import-counts"><caption>${t('imports.counts')}</caption>
    <tbody>${countRows.map(([key, label]) => html`<tr data-count=${key}><th scope="row">${t(label)}</th><td>${summary.counts[key] ?? 0}</td></tr>`)}</tbody></table>`;
}

/** What a staged row is about: the element's name for rows of elements, else what the file format staged. */
export function rowLabel(row: StagedRow): string {
  const payload = row.payload as { written?: { name?: string }; name?: string; summary?: string; title?: string } | null;
  return payload?.written?.name ?? payload?.name ?? payload?.summary ?? payload?.title ?? row.sourceKey ?? '';
}

const sampleTitles: Record<RowAction, MessageKey> = {
  new: 'imports.sample.new', update: 'imports.sample.update', unchanged: 'imports.sample.unchanged',
  rejected: 'imports.sample.rejected', vanished: 'imports.sample.vanished',
};

/** The first rows of each kind, with their reason when left out and the fields kept when edited on the box. */
export function Samples({ db, summary, t }: { db: Db; summary: ImportSummary; t: Translate }) {
  const actions: RowAction[] = ['rejected', 'new', 'update', 'vanished'];
  const conflicts = rowsWithConflicts(db, summary.id, sampleSize);
  return html`${actions.map((action) => {
    const rows = stagedSample(db, summary.id, action, sampleSize);
    if (rows.length === 0) return null;
    return html`<section class=${`import-sample sample-${action}`}><h3>${t(sampleTitles[action])}</h3>
      <table><thead><tr><th>${t('imports.col.line')}</th><th>${t(action === 'rejected' ? 'imports.col.field' : 'imports.col.name')}</th>
        <th>${t(action === 'rejected' || action === 'vanished' ? 'imports.col.reason' : 'imports.col.key')}</th></tr></thead>
        <tbody>${rows.map((row) => html`<tr>
          <td>${row.line ?? ''}</td>
          <td>${action === 'rejected' ? row.field ?? '' : rowLabel(row)}</td>
          <td>${action === 'rejected' || action === 'vanished' ? row.reason ?? '' : row.sourceKey ?? ''}</td></tr>`)}</tbody></table></section>`;
  })}
  ${conflicts.length ? html`<section class="import-sample sample-conflicts"><h3>${t('imports.conflicts')}</h3>
    <table><thead><tr><th>${t('imports.col.line')}</th><th>${t('imports.col.name')}</th><th>${t('imports.col.fieldsKept')}</th></tr></thead>
      <tbody>${conflicts.map((row) => html`<tr><td>${row.line ?? ''}</td><td>${rowLabel(row)}</td><td>${row.conflicts.join(', ')}</td></tr>`)}</tbody></table></section>` : null}`;
}

/** Where the new and updated elements will be, on the box's own offline map (map.js; no tile from outside). */
export function PreviewMap({ db, summary, t }: { db: Db; summary: ImportSummary; t: Translate }) {
  const points: [number, number, string][] = [];
  for (const action of ['new', 'update'] as const) {
    for (const row of stagedSample(db, summary.id, action, 500)) {
      const written = (row.payload as { written?: { lat?: number | null; lon?: number | null } } | null)?.written;
      if (typeof written?.lat === 'number' && typeof written.lon === 'number') points.push([written.lat, written.lon, rowLabel(row)]);
    }
  }
  if (points.length === 0) return null;
  return html`<section><h3>${t('imports.onMap', { count: points.length })}</h3>
    <div class="map" data-map=${JSON.stringify({ points, label: summary.fileName })} role="img"
      aria-label=${t('imports.mapLabel', { count: points.length })}></div></section>`;
}

export const mapHead = html`<link rel="stylesheet" href="/assets/build/leaflet/leaflet.css" />
  <script defer src="/assets/build/leaflet/leaflet.js"></script><script defer src="/assets/zone-tiles.js"></script><script defer src="/assets/map.js"></script>`;

/** The files found on the sticks, each with the button that prepares its import. */
export function StickFiles({ sticks, t, locale }: { sticks: StickImports[]; t: Translate; locale: Locale }) {
  if (sticks.length === 0) return html`<p>${withFolder(t('imports.noStick'), 'copi')}</p>`;
  return html`${sticks.map((stick) => html`<div class="stick" data-stick=${stick.stick}>
    <h3>${stick.stick}</h3>
    ${stick.warnings.map((warning) => html`<p class="error" role="alert">${localizeMessage(locale, warning)}</p>`)}
    ${stick.files.length === 0 ? html`<p>${withFolder(t('imports.stickEmpty'), 'copi')}</p>` : html`<table>
      <thead><tr><th>${t('imports.col.file')}</th><th>${t('imports.col.format')}</th><th>${t('imports.col.size')}</th><th>${t('imports.col.source')}</th><th></th></tr></thead>
      <tbody>${stick.files.map((file) => html`<tr>
        <td><code>${file.path}</code></td>
        <td>${file.refused ? html`<span class="error">${localizeMessage(locale, file.refused)}</span>` : file.format ?? t('imports.notRecognised')}</td>
        <td>${sizeText(locale, file.bytes)}</td>
        <td>${file.manifest ? `${file.manifest.source} (${file.manifest.licence}, ${file.manifest.date})` : '—'}</td>
        <td>${file.refused ? null : html`<a class="button" href=${prepareHref(stick.stick, file.path)}>${t('imports.import')}</a>`}</td></tr>`)}</tbody></table>`}
    <p><a href=${`/admin/imports?stick=${encodeURIComponent(stick.stick)}&folder=`}>${t('imports.otherFile')}</a></p>
  </div>`)}`;
}

export const prepareHref = (stick: string, path: string) => `/admin/imports/prepare?stick=${encodeURIComponent(stick)}&path=${encodeURIComponent(path)}`;
