// The admin's import pages (box admins only): the list of imports with the files found on USB sticks and an
// upload form; the preparation of one file (format, source and licence, a CSV's mapping, an agenda's
// organizer); one import's progress, preview, commit, report and undo. Forms post and redirect.
import { Hono } from 'hono';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { AppError, notFound } from '../core/errors.ts';
import type { AppEnv, Ctx } from '../core/http/env.ts';
import { readForm } from '../core/http/input.ts';
import { formatDate } from '../core/i18n/index.ts';
import { localizeMessage } from '../core/i18n/messages.ts';
import type { Deps } from '../deps.ts';
import { listVisibleElements } from '../elements/storage.ts';
import { formatBytes as sizeText } from '../media/components.ts';
import { html } from '../web/html.ts';
import { Csrf, Field, Layout, Select, type FieldErrors, type PageContext } from '../web/layout.ts';
import { formErrors, pageContext, requireBoxAdmin, sendPage, toLogin } from '../web/page.ts';
import { CountsTable, formatKey, JobProgressBar, mapHead, prepareHref, PreviewMap, Samples, StickFiles, statusKey } from './components.ts';
import { formats } from './formats/index.ts';
import { readCsvPreview, suggestMapping, mappableFields, importableTypes } from './formats/csv-mapped.ts';
import { discardImport, importJobs } from './jobs.ts';
import type { ImportSummary } from './model.ts';
import { checkImportFile, type ImportFile } from './read/file.ts';
import { importReport, reportHtml } from './report.ts';
import { recognizeFile } from './recognize.ts';
import { choicesOfForm, stageTaskOf } from './start.ts';
import { findImport, listImports } from './storage.ts';
import { receiveUpload, uploadsDir } from './upload.ts';
import { browseStick, importableFiles, pickStickFile, type StickPick } from './usb.ts';

/** An upload waiting for its preparation (a CSV's mapping): its file name in the uploads folder. */
const uploadToken = /^[0-9a-f]{16}-[\w.-]+$/;
/** Uploads never prepared are removed after a day. */
const pendingUploadMs = 24 * 3600_000;

interface ListState { notice?: string; error?: string; uploadErrors?: FieldErrors; status?: 200 | 409 | 413 | 422 }

export function importsPages(deps: Deps) {
  const pages = new Hono<AppEnv>();
  const jobs = importJobs(deps);
  const found = (id: string) => findImport(deps.db, id) ?? (() => { throw notFound('Import'); })();

  pages.get('/admin/imports', (c) => {
    if (!c.get('viewer')) return toLogin(c);
    requireBoxAdmin(c);
    const undone = c.req.query('undone');
    return sendPage(c, listPage(deps, c, { notice: undone ? c.get('t')('imports.undone') : undefined }));
  });

  pages.post('/admin/imports/upload', async (c) => {
    requireBoxAdmin(c);
    removeStaleUploads(deps);
    let file: ImportFile | null = null;
    try {
      const received = await receiveUpload(c, deps.config, { csrf: c.get('csrf') });
      file = received.file;
      if (!file) throw new AppError('validation', 'Choose a file to send', 'file');
      const choices = choicesOfForm(received.fields, c.get('locale'));
      const formatId = choices.format || recognizeFile(file.path, file.name);
      if (formatId === 'csv' && !choices.options?.mapping) {
        // A CSV needs its columns mapped first: the file waits in the uploads folder.
        const query = new URLSearchParams({ upload: file.path.split('/').pop()!, name: file.name, ...stringFields(received.fields) });
        file = null;
        return c.redirect(`/admin/imports/prepare?${query}`, 303);
      }
      const task = stageTaskOf(deps.db, { file, origin: 'upload', choices, createdBy: c.get('viewer')!.personId });
      const { id } = await jobs.stage(task, true);
      file = null;
      return c.redirect(`/admin/imports/${id}`, 303);
    } catch (error) {
      if (file) rmSync(file.path, { force: true });
      if (error instanceof AppError && error.code === 'forbidden') throw error;
      const errors = formErrors(error, c.get('locale'));
      if (!errors) throw error;
      const status = error instanceof AppError && (error.status === 409 || error.status === 413) ? error.status : 422;
      return sendPage(c, listPage(deps, c, { uploadErrors: { file: errors.file ?? errors._, ...errors } }), status);
    }
  });

  pages.get('/admin/imports/prepare', async (c) => {
    if (!c.get('viewer')) return toLogin(c);
    requireBoxAdmin(c);
    const query = c.req.query();
    return sendPage(c, await preparePage(deps, c, query, {}));
  });

  pages.post('/admin/imports/prepare', async (c) => {
    requireBoxAdmin(c);
    const form = await readForm(c);
    try {
      const { file, origin, manifest } = fileOfForm(deps, form);
      const task = stageTaskOf(deps.db, { file, origin, choices: choicesOfForm(form, c.get('locale')), manifest, createdBy: c.get('viewer')!.personId });
      const { id } = await jobs.stage(task, origin === 'upload');
      return c.redirect(`/admin/imports/${id}`, 303);
    } catch (error) {
      const errors = formErrors(error, c.get('locale'));
      if (!errors) throw error;
      return sendPage(c, await preparePage(deps, c, form, errors), error instanceof AppError && error.status === 409 ? 409 : 422);
    }
  });

  pages.get('/admin/imports/:id/report.json', (c) => {
    requireBoxAdmin(c);
    const report = importReport(deps.db, c.req.param('id'));
    if (!report) throw notFound('Import');
    c.header('content-disposition', `inline; filename="import-${report.import.id}.json"`);
    return c.json(report);
  });

  pages.get('/admin/imports/:id/report', (c) => {
    if (!c.get('viewer')) return toLogin(c);
    requireBoxAdmin(c);
    const report = importReport(deps.db, c.req.param('id'));
    if (!report) throw notFound('Import');
    return c.html(reportHtml(report, deps.box.timezone, deps.box.name));
  });

  pages.get('/admin/imports/:id', (c) => {
    if (!c.get('viewer')) return toLogin(c);
    requireBoxAdmin(c);
    return sendPage(c, importPage(deps, c, found(c.req.param('id'))));
  });

  pages.post('/admin/imports/:id/commit', async (c) => {
    requireBoxAdmin(c);
    await readForm(c);
    const summary = found(c.req.param('id'));
    try {
      void jobs.commit(summary.id).catch(() => undefined); // a failure is shown on the import's page
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      return sendPage(c, importPage(deps, c, summary, localizeMessage(c.get('locale'), error.message)), 409);
    }
    return c.redirect(`/admin/imports/${summary.id}`, 303);
  });

  pages.post('/admin/imports/:id/discard', async (c) => {
    requireBoxAdmin(c);
    await readForm(c);
    const summary = found(c.req.param('id'));
    try {
      discardImport(deps.db, summary.id);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      return sendPage(c, importPage(deps, c, summary, localizeMessage(c.get('locale'), error.message)), 409);
    }
    return c.redirect('/admin/imports', 303);
  });

  pages.post('/admin/imports/:id/undo', async (c) => {
    requireBoxAdmin(c);
    await readForm(c);
    const summary = found(c.req.param('id'));
    try {
      await jobs.undo(summary.id);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const reason = localizeMessage(c.get('locale'), error.message);
      return sendPage(c, listPage(deps, c, { error: c.get('t')('imports.notUndone', { file: summary.fileName, reason }) }), 409);
    }
    return c.redirect(`/admin/imports?undone=${summary.id}`, 303);
  });

  return pages;
}

/** The file a preparation form names: an upload waiting in the uploads folder, or a file on a stick. */
function fileOfForm(deps: Deps, form: Record<string, string>): { file: ImportFile; origin: 'upload' | 'usb'; manifest: StickPick['manifest'] } {
  if (form.upload) {
    if (!uploadToken.test(form.upload)) throw new AppError('bad_request', 'This upload is not one of the box', 'file');
    const path = join(uploadsDir(deps.config), form.upload);
    if (!existsSync(path)) throw new AppError('not_found', 'This upload is no longer on the box: send the file again', 'file');
    return { file: checkImportFile(path, { name: form.name || form.upload, maxBytes: Number.MAX_SAFE_INTEGER }), origin: 'upload', manifest: null };
  }
  const pick = pickStickFile(deps.config.backup.usbDir, form.stick ?? '', form.path ?? '');
  const file = checkImportFile(pick.absolute, { root: pick.stick.path, name: pick.fileName, maxBytes: Number.MAX_SAFE_INTEGER });
  return { file, origin: 'usb', manifest: pick.manifest };
}

function removeStaleUploads(deps: Deps) {
  const dir = uploadsDir(deps.config);
  if (!existsSync(dir)) return;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    try {
      if (Date.now() - statSync(path).mtimeMs > pendingUploadMs) rmSync(path, { force: true });
    } catch { /* removed meanwhile */ }
  }
}

const stringFields = (fields: Record<string, string>) =>
  Object.fromEntries(Object.entries(fields).filter(([key, value]) => key !== '_csrf' && value));

const formatOptions = (ctx: PageContext): [string, string][] => formats.map((format) => [format.id, ctx.t(formatKey[format.id])]);

function OrganizerField({ deps, ctx, value, errors }: { deps: Deps; ctx: PageContext; value?: string; errors?: FieldErrors }) {
  const candidates = (['organization', 'project', 'poi'] as const)
    .flatMap((type) => listVisibleElements(deps.db, ctx.viewer, { type }, null, 100).items);
  const error = errors?.organizerId;
  return html`<div class=${error ? 'field invalid' : 'field'}>
    <label for="f-organizerId">${ctx.t('imports.organizer')}</label>
    <input id="f-organizerId" name="organizerId" list="organizers" value=${value ?? ''} aria-describedby="f-organizerId-hint"
      aria-invalid=${error ? 'true' : undefined} />
    <small id="f-organizerId-hint">${ctx.t('imports.organizerHint')}</small>
    ${error ? html`<p class="error">${error}</p>` : null}
    <datalist id="organizers">${candidates.map((element) => html`<option value=${`/e/${element.slug}`}>${element.name}</option>`)}</datalist>
  </div>`;
}

function ChoiceFields({ deps, ctx, values, errors, detected }: {
  deps: Deps; ctx: PageContext; values: Record<string, string>; errors?: FieldErrors; detected?: string | null;
}) {
  const { t } = ctx;
  return html`
    <${Select} name="format" label=${detected ? t('imports.formatRecognised', { format: detected }) : t('imports.format')}
      value=${values.format ?? detected ?? ''} options=${formatOptions(ctx)} errors=${errors} />
    <${Field} name="source" label=${t('imports.source')} value=${values.source} errors=${errors} hint=${t('imports.sourceHint')} />
    <${Field} name="licence" label=${t('imports.licence')} value=${values.licence} errors=${errors} />
    <${Field} name="publishedOn" label=${t('imports.publishedOn')} type="date" value=${values.publishedOn} errors=${errors} />
    <${Select} name="type" label=${t('imports.type')} value=${values.type}
      options=${importableTypes.map((type) => [type, t(`type.${type}`)])} errors=${errors} />
    <${OrganizerField} deps=${deps} ctx=${ctx} value=${values.organizerId} errors=${errors} />`;
}

function listPage(deps: Deps, c: Ctx, state: ListState = {}) {
  const ctx = pageContext(deps, c);
  const { t } = ctx;
  const jobs = importJobs(deps);
  const imports = listImports(deps.db);
  const browsing = c.req.query('stick');
  let browse: ReturnType<typeof browseStick> | null = null;
  let browseError: string | null = null;
  if (browsing !== undefined) {
    try {
      browse = browseStick(deps.config.backup.usbDir, browsing, c.req.query('folder') ?? '');
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      browseError = localizeMessage(ctx.locale, error.message);
    }
  }
  const errors = state.uploadErrors;
  return html`<${Layout} ctx=${ctx} title=${t('imports.title')}>
    <p><a href="/admin">${t('admin.title')}</a></p>
    <h1>${t('imports.title')}</h1>
    ${state.notice ? html`<p class="notice" role="status">${state.notice}</p>` : null}
    ${state.error ? html`<p class="error-summary" role="alert">${state.error}</p>` : null}
    ${jobs.busy ? html`<p class="notice">${t('imports.busy')}</p>` : null}
    <section class="imports"><h2>${t('imports.list')}</h2>
      ${imports.length === 0 ? html`<p>${t('imports.none')}</p>` : html`<table>
        <thead><tr><th>${t('imports.col.file')}</th><th>${t('imports.col.status')}</th><th>${t('imports.col.new')}</th>
          <th>${t('imports.col.updated')}</th><th>${t('imports.col.rejected')}</th><th>${t('imports.col.date')}</th><th></th></tr></thead>
        <tbody>${imports.map((summary) => html`<tr data-import=${summary.id} data-status=${summary.status}>
          <td><a href=${`/admin/imports/${summary.id}`}>${summary.fileName}</a></td><td>${t(statusKey[summary.status])}</td>
          <td>${summary.counts.new ?? 0}</td><td>${summary.counts.updated ?? 0}</td><td>${summary.counts.rejected ?? 0}</td>
          <td>${formatDate(ctx.locale, summary.committedAt ?? summary.createdAt, true, ctx.timezone)}</td>
          <td>${summary.status === 'committed' ? html`<form method="post" action=${`/admin/imports/${summary.id}/undo`} class="inline"><${Csrf} ctx=${ctx} />
            <button class="secondary">${t('imports.undo')}</button></form>` : null}</td></tr>`)}</tbody></table>`}
    </section>
    <section class="sticks"><h2>${t('imports.sticks')}</h2>
      <${StickFiles} sticks=${importableFiles(deps.config.backup.usbDir)} t=${t} locale=${ctx.locale} />
      ${browseError ? html`<p class="error" role="alert">${browseError}</p>` : null}
      ${browse ? html`<div class="stick-browser"><h3>${browse.stick}/${browse.folder}</h3><ul>
        ${browse.folder ? html`<li><a href=${`/admin/imports?stick=${encodeURIComponent(browse.stick)}&folder=${encodeURIComponent(browse.folder.split('/').slice(0, -1).join('/'))}`}>..</a></li>` : null}
        ${browse.entries.map((entry) => html`<li>${entry.kind === 'folder'
          ? html`<a href=${`/admin/imports?stick=${encodeURIComponent(browse!.stick)}&folder=${encodeURIComponent(entry.path)}`}>${entry.name}/</a>`
          : entry.kind === 'file'
            ? html`${entry.name} (${sizeText(ctx.locale, entry.bytes)}${entry.format ? `, ${entry.format}` : ''}) <a class="button" href=${prepareHref(browse!.stick, entry.path)}>${t('imports.import')}</a>`
            : html`${entry.name} <span class="error">${t(entry.kind === 'link' ? 'imports.entryLink' : 'imports.entryNotFile')}</span>`}</li>`)}
      </ul></div>` : null}
    </section>
    <section class="upload"><h2>${t('imports.upload')}</h2>
      <form method="post" action="/admin/imports/upload" enctype="multipart/form-data" class="stack"><${Csrf} ctx=${ctx} />
        ${errors?._ && !errors.file ? html`<p class="error" role="alert">${errors._}</p>` : null}
        <${ChoiceFields} deps=${deps} ctx=${ctx} values=${{}} errors=${errors} />
        <div class=${errors?.file ? 'field invalid' : 'field'}>
          <label for="f-file">${t('imports.col.file')} *</label>
          <input id="f-file" name="file" type="file" required aria-invalid=${errors?.file ? 'true' : undefined} />
          <small>${formats.map((format) => t('imports.maxSize', { format: t(formatKey[format.id]), size: sizeText(ctx.locale, format.maxBytes) })).join(' · ')}</small>
          ${errors?.file ? html`<p class="error" role="alert">${errors.file}</p>` : null}
        </div>
        <button>${t('imports.read')}</button></form>
    </section>
  <//>`;
}

async function preparePage(deps: Deps, c: Ctx, values: Record<string, string>, errors: FieldErrors) {
  const ctx = pageContext(deps, c);
  const { t } = ctx;
  let file: ImportFile | null = null;
  let manifest: StickPick['manifest'] = null;
  let problem: string | null = null;
  try {
    ({ file, manifest } = fileOfForm(deps, values));
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    problem = localizeMessage(ctx.locale, error.message);
  }
  const detected = file ? (manifest?.format ?? recognizeFile(file.path, file.name)) : null;
  const format = values.format || detected;
  const preview = file && format === 'csv' ? await readCsvPreview(file.path, 5).catch(() => null) : null;
  const suggested = preview ? suggestMapping(preview.columns) : {};
  const shown = {
    source: manifest?.source ?? '', licence: manifest?.licence ?? '', publishedOn: manifest?.date ?? '', type: manifest?.type ?? '',
    organizerId: manifest?.organizer ?? '', ...Object.fromEntries(Object.entries(values).filter(([, value]) => value)),
  };
  return html`<${Layout} ctx=${ctx} title=${t('imports.prepare')}>
    <p><a href="/admin/imports">${t('imports.title')}</a></p>
    <h1>${t('imports.prepare')}</h1>
    ${problem ? html`<p class="error-summary" role="alert">${problem}</p>` : null}
    ${errors._ ? html`<p class="error-summary" role="alert">${errors._}</p>` : null}
    ${file ? html`<p><strong>${file.name}</strong> (${sizeText(ctx.locale, file.bytes)})${manifest
      ? ` — ${t('imports.fromManifest', { source: manifest.source, licence: manifest.licence, date: manifest.date })}` : ''}</p>
    <form method="post" action="/admin/imports/prepare" class="stack"><${Csrf} ctx=${ctx} />
      ${values.upload ? html`<input type="hidden" name="upload" value=${values.upload} /><input type="hidden" name="name" value=${values.name ?? ''} />`
        : html`<input type="hidden" name="stick" value=${values.stick ?? ''} /><input type="hidden" name="path" value=${values.path ?? ''} />`}
      <${ChoiceFields} deps=${deps} ctx=${ctx} values=${shown} errors=${errors} detected=${detected} />
      ${preview ? html`<fieldset class="mapping"><legend>${t('imports.mapping')}</legend>
        <p>${t('imports.mappingHelp', { delimiter: preview.delimiter === '\t' ? t('imports.tab') : preview.delimiter, encoding: preview.encoding })}</p>
        ${errors.mapping ? html`<p class="error" role="alert">${errors.mapping}</p>` : null}
        <table><thead><tr><th>${t('imports.col.column')}</th><th>${t('imports.col.firstValues')}</th><th>${t('imports.col.field')}</th></tr></thead>
          <tbody>${preview.columns.map((column) => html`<tr>
            <td>${column}</td><td>${preview.sample.map((row) => row[column]).filter(Boolean).slice(0, 3).join(' · ')}</td>
            <td><select name=${`map.${column}`} aria-label=${t('imports.fieldFor', { column })}>
              <option value="">—</option>
              ${mappableFields.map((field) => html`<option value=${field} selected=${(values[`map.${column}`] ?? suggested[column]) === field}>${field}</option>`)}
            </select></td></tr>`)}</tbody></table></fieldset>` : null}
      <button>${t('imports.read')}</button></form>` : null}
  <//>`;
}

function importPage(deps: Deps, c: Ctx, summary: ImportSummary, error?: string) {
  const ctx = pageContext(deps, c);
  const { t } = ctx;
  const jobs = importJobs(deps);
  const progress = jobs.progressOf(summary.id);
  const running = summary.status === 'staging' || summary.status === 'committing' || progress !== null;
  const failure = jobs.failureOf(summary.id);
  const commitError = error ?? (failure ? localizeMessage(ctx.locale, failure) : failure);
  const stickReport = summary.origin === 'usb' && ['staged', 'failed', 'committed'].includes(summary.status);
  const head = html`${running ? html`<noscript><meta http-equiv="refresh" content="2" /></noscript>` : null}${summary.status === 'staged' ? mapHead : null}`;
  return html`<${Layout} ctx=${ctx} title=${t('imports.importOf', { file: summary.fileName })} head=${head}>
    <p><a href="/admin/imports">${t('imports.title')}</a></p>
    <h1>${summary.fileName}</h1>
    <p class="import-status" data-status=${summary.status}>${t(statusKey[summary.status])}</p>
    ${commitError ? html`<p class="error-summary" role="alert">${commitError}</p>` : null}
    <dl><dt>${t('imports.col.source')}</dt><dd>${summary.source}</dd><dt>${t('imports.licence')}</dt><dd>${summary.licence || '—'}</dd>
      ${summary.publishedOn ? html`<dt>${t('imports.dataAsOf')}</dt><dd>${summary.publishedOn}</dd>` : null}</dl>
    ${running ? html`<${JobProgressBar} summary=${summary} progress=${progress} t=${t} />` : null}
    ${summary.status === 'failed' ? html`<p class="error-summary" role="alert">${summary.error ? localizeMessage(ctx.locale, summary.error) : summary.error}</p>` : null}
    ${summary.warnings.length ? html`<ul class="warnings">${summary.warnings.map((warning) => html`<li>${localizeMessage(ctx.locale, warning)}</li>`)}</ul>` : null}
    ${!running && summary.status !== 'failed' ? html`<${CountsTable} summary=${summary} t=${t} />` : null}
    ${summary.status === 'staged' && !running ? html`
      <div class="actions">
        <form method="post" action=${`/admin/imports/${summary.id}/commit`} class="inline"><${Csrf} ctx=${ctx} /><button>${t('imports.commit')}</button></form>
        <form method="post" action=${`/admin/imports/${summary.id}/discard`} class="inline"><${Csrf} ctx=${ctx} /><button class="secondary">${t('imports.discard')}</button></form>
      </div>
      <${Samples} db=${deps.db} summary=${summary} t=${t} />
      <${PreviewMap} db=${deps.db} summary=${summary} t=${t} />` : null}
    ${summary.status === 'failed' ? html`<form method="post" action=${`/admin/imports/${summary.id}/discard`}><${Csrf} ctx=${ctx} /><button class="secondary">${t('imports.discard')}</button></form>` : null}
    ${summary.status === 'committed' ? html`<form method="post" action=${`/admin/imports/${summary.id}/undo`}><${Csrf} ctx=${ctx} /><button class="danger">${t('imports.undoThis')}</button></form>` : null}
    ${!running && summary.status !== 'staging' ? html`<p class="report">
      <a href=${`/admin/imports/${summary.id}/report`}>${t('imports.report')}</a> (<a href=${`/admin/imports/${summary.id}/report.json`}>JSON</a>)
      ${summary.reportPath ? html` — ${t('imports.reportOnStick')} <code>${summary.reportPath}</code>`
        : stickReport ? html` — ${t('imports.reportNotOnStick')}` : null}</p>` : null}
  <//>`;
}
