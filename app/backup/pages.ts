// The admin's backup page: the nightly backups and their log, a backup now, a backup to a USB stick, and a
// restore from a backup on the box, on a stick, or uploaded. Box admins only.
import { Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../core/errors.ts';
import type { AppEnv, Ctx } from '../core/http/env.ts';
import { readForm } from '../core/http/input.ts';
import { formatDate, type Locale, type MessageKey } from '../core/i18n/index.ts';
import type { Deps } from '../deps.ts';
import { loadBoxSettings } from '../box/settings.ts';
import { html } from '../web/html.ts';
import { Csrf, Layout, type FieldErrors, type PageContext } from '../web/layout.ts';
import { pageContext, sendPage, toLogin, requireBoxAdmin } from '../web/page.ts';
import { exclusive, listBackups, takeBackup } from './backup.ts';
import { BackupError, reasonKey } from './errors.ts';
import { restoreBackup } from './restore.ts';
import { isBackupName } from './rotation.ts';
import { latestBackupRuns } from './storage.ts';
import { backupToStick, backupsOnStick, findStick, listSticks, markerName } from './usb.ts';

/** The upload is larger than the box's usual body limit: app.ts leaves this path to the limit below. */
export const uploadPath = '/admin/backups/upload';

const boxAdminOnly: MiddlewareHandler<AppEnv> = async function boxAdminOnly(c, next) {
  requireBoxAdmin(c);
  await next();
};

interface PageState {
  notice?: string;
  /** Errors of one form, keyed by its fields (`_` for the form as a whole). */
  errors?: { form: 'now' | 'usb' | 'restore' | 'upload'; fields: FieldErrors };
}

export function backupPages(deps: Deps) {
  const pages = new Hono<AppEnv>();
  const { backup: settings } = deps.config;

  pages.get('/admin/backups', (c) => {
    if (!c.get('viewer')) return toLogin(c);
    requireBoxAdmin(c);
    return sendPage(c, backupPage(deps, c));
  });

  pages.post('/admin/backups/now', boxAdminOnly, async (c) => {
    await readForm(c);
    try {
      const backup = await exclusive(deps.db, () => takeBackup(deps.db, { kind: 'manual', dir: settings.dir, mediaDir: deps.config.media.dir, timeZone: deps.box.timezone }));
      return sendPage(c, backupPage(deps, c, { notice: c.get('t')('backup.written', { name: backup.name, size: formatSize(c.get('locale'), backup.bytes) }) }));
    } catch (error) {
      return failed(c, deps, error, 'now', '_');
    }
  });

  pages.post('/admin/backups/usb', boxAdminOnly, async (c) => {
    const form = await readForm(c);
    const stick = findStick(settings.usbDir, form.stick ?? '');
    try {
      if (!stick) throw new BackupError('unknownBackup');
      const backup = await backupToStick(deps.db, stick, { timeZone: deps.box.timezone, mediaDir: deps.config.media.dir, kind: 'manual' });
      const notice = c.get('t')('backup.written', { name: `${stick.name}/${markerName}/${backup.name}`, size: formatSize(c.get('locale'), backup.bytes) });
      return sendPage(c, backupPage(deps, c, { notice }));
    } catch (error) {
      return failed(c, deps, error, 'usb', form.stick ?? '_');
    }
  });

  pages.post('/admin/backups/restore', boxAdminOnly, async (c) => {
    const form = await readForm(c);
    try {
      if (form.confirm !== 'yes') return confirmMissing(c, deps, 'restore');
      const source = resolveSource(deps, form.source ?? '');
      return await restored(c, deps, source.path, source.label);
    } catch (error) {
      return failed(c, deps, error, 'restore', 'source');
    }
  });

  const uploadLimit = bodyLimit({
    maxSize: settings.uploadLimit,
    onError: (c) => sendPage(c as Ctx, backupPage(deps, c as Ctx, {
      errors: { form: 'upload', fields: { file: (c as Ctx).get('t')('backup.tooLarge', { size: formatSize((c as Ctx).get('locale'), settings.uploadLimit) }) } },
    }), 413),
  });

  pages.post(uploadPath, boxAdminOnly, uploadLimit, async (c) => {
    const body = await c.req.parseBody();
    if (body._csrf !== c.get('csrf')) {
      throw new AppError('forbidden', 'This form has expired or did not come from this box; reload the page and try again');
    }
    const file = body.file;
    const upload = join(settings.dir, `.upload-${randomBytes(6).toString('hex')}.db`);
    try {
      if (body.confirm !== 'yes') return confirmMissing(c, deps, 'upload');
      if (!(file instanceof File) || file.size === 0) throw new BackupError('noFile');
      mkdirSync(settings.dir, { recursive: true });
      writeFileSync(upload, new Uint8Array(await file.arrayBuffer()));
      return await restored(c, deps, upload, file.name);
    } catch (error) {
      return failed(c, deps, error, 'upload', 'file');
    } finally {
      rmSync(upload, { force: true });
    }
  });

  return pages;
}

async function restored(c: Ctx, deps: Deps, path: string, label: string) {
  const result = await restoreBackup(deps.db, path, { backupsDir: deps.config.backup.dir, mediaDir: deps.config.media.dir, timeZone: deps.box.timezone, label });
  // The box's name, id and time zone are now the restored ones.
  Object.assign(deps.box, loadBoxSettings(deps.db));
  const t = c.get('t');
  const missing = result.missingFiles > 0 ? ` ${t('backup.restoredMissingFiles', { count: result.missingFiles })}` : '';
  const notice = t('backup.restored', { name: label, count: result.elements, saved: result.saved }) + missing;
  return sendPage(c, backupPage(deps, c, { notice }));
}

/** A backup picked on the page: `box:NAME` in the backups folder, or `usb:STICK:NAME` in a stick's copi-backup folder. */
function resolveSource(deps: Deps, value: string): { path: string; label: string } {
  const { dir, usbDir } = deps.config.backup;
  const [where, first, second] = value.split(':');
  if (where === 'box' && first && isBackupName(first) && existsSync(join(dir, first))) return { path: join(dir, first), label: first };
  const stick = where === 'usb' && first ? findStick(usbDir, first) : null;
  if (stick && second && backupsOnStick(stick).includes(second)) {
    return { path: join(stick.path, markerName, second), label: `${stick.name}/${markerName}/${second}` };
  }
  throw new BackupError(value ? 'unknownBackup' : 'noFile');
}

function confirmMissing(c: Ctx, deps: Deps, form: 'restore' | 'upload') {
  return sendPage(c, backupPage(deps, c, { errors: { form, fields: { confirm: c.get('t')('backup.confirmMissing') } } }), 422);
}

/** An expected failure is shown next to `field` of the form it came from; anything else is a bug. */
function failed(c: Ctx, deps: Deps, error: unknown, form: NonNullable<PageState['errors']>['form'], field: string) {
  if (!(error instanceof BackupError)) throw error;
  const message = c.get('t')(reasonKey(error.reason), error.params);
  return sendPage(c, backupPage(deps, c, { errors: { form, fields: { [field]: message, _: message } } }), error.status === 409 ? 409 : 422);
}

function formatSize(locale: Locale, bytes: number): string {
  const [value, unit] = bytes >= 1e6 ? [bytes / 1e6, 'megabyte'] : [bytes / 1e3, 'kilobyte'];
  return new Intl.NumberFormat(locale, { style: 'unit', unit, maximumFractionDigits: 1 }).format(value);
}

function backupPage(deps: Deps, c: Ctx, state: PageState = {}) {
  const ctx = pageContext(deps, c);
  const { t, locale } = ctx;
  const { dir, at, usbDir, uploadLimit } = deps.config.backup;
  const errorsOf = (form: NonNullable<PageState['errors']>['form']) => (state.errors?.form === form ? state.errors.fields : undefined);
  const sticks = listSticks(usbDir);
  const onBox = listBackups(dir);
  const runs = latestBackupRuns(deps.db);
  return html`<${Layout} ctx=${ctx} title=${t('backup.title')}>
    <h1>${t('backup.title')}</h1>
    <p><a href="/admin">${t('admin.title')}</a></p>
    ${state.notice ? html`<p class="notice" role="status">${state.notice}</p>` : null}
    <section><h2>${t('backup.nightlyTitle')}</h2>
      <p>${at ? t('backup.nightly', { time: at, zone: deps.box.timezone, dir }) : t('backup.nightlyOff')}</p>
      <form method="post" action="/admin/backups/now"><${Csrf} ctx=${ctx} />
        <${FormError} errors=${errorsOf('now')} field="_" /><button>${t('backup.now')}</button></form>
      <${RunLog} ctx=${ctx} runs=${runs} />
    </section>
    <section><h2>${t('backup.usb')}</h2>
      <p>${t('backup.usbHint')}</p>
      ${sticks.length === 0 ? html`<p>${t('backup.usbNone')}</p>` : html`<ul>${sticks.map((stick) => html`<li>
        <strong>${stick.name}</strong>${stick.marked ? html` <span class="badge">${t('backup.usbMarked')}</span>` : null}
        <form method="post" action="/admin/backups/usb" class="inline"><${Csrf} ctx=${ctx} />
          <input type="hidden" name="stick" value=${stick.name} /><button class="secondary">${t('backup.toStick')}</button></form>
        <${FormError} errors=${errorsOf('usb')} field=${stick.name} /></li>`)}</ul>`}
    </section>
    <section><h2>${t('backup.restore')}</h2>
      <p>${t('backup.restoreWarning')}</p>
      <form method="post" action="/admin/backups/restore" class="stack"><${Csrf} ctx=${ctx} />
        <fieldset><legend>${t('backup.source')}</legend>
          ${onBox.length === 0 && sticks.every((stick) => backupsOnStick(stick).length === 0) ? html`<p>${t('backup.noBackups')}</p>` : null}
          ${onBox.map((name) => html`<${Choice} value=${`box:${name}`} label=${`${t('backup.onBox')}: ${name}`} />`)}
          ${sticks.flatMap((stick) => backupsOnStick(stick).map((name) =>
            html`<${Choice} value=${`usb:${stick.name}:${name}`} label=${`${t('backup.onStick', { name: stick.name })}: ${name}`} />`))}
          <${FormError} errors=${errorsOf('restore')} field="source" />
        </fieldset>
        <${Confirm} ctx=${ctx} id="restore-confirm" errors=${errorsOf('restore')} />
        <button class="danger">${t('backup.restoreButton')}</button></form>
      <form method="post" action=${uploadPath} enctype="multipart/form-data" class="stack"><${Csrf} ctx=${ctx} />
        <div class=${errorsOf('upload')?.file ? 'field invalid' : 'field'}>
          <label for="f-file">${t('backup.upload')}</label>
          <input id="f-file" name="file" type="file" accept=".db,application/vnd.sqlite3,application/x-sqlite3" aria-describedby="f-file-hint"
            aria-invalid=${errorsOf('upload')?.file ? 'true' : undefined} />
          <small id="f-file-hint">${t('backup.uploadHint', { size: formatSize(locale, uploadLimit) })}</small>
          <${FormError} errors=${errorsOf('upload')} field="file" />
        </div>
        <${Confirm} ctx=${ctx} id="upload-confirm" errors=${errorsOf('upload')} />
        <button class="danger">${t('backup.restoreButton')}</button></form>
    </section>
  <//>`;
}

function FormError({ errors, field }: { errors?: FieldErrors; field: string }) {
  const message = errors?.[field];
  return message ? html`<p class="error" role="alert">${message}</p>` : null;
}

function Choice({ value, label }: { value: string; label: string }) {
  return html`<label class="choice"><input type="radio" name="source" value=${value} required /> ${label}</label>`;
}

function Confirm({ ctx, id, errors }: { ctx: PageContext; id: string; errors?: FieldErrors }) {
  const error = errors?.confirm;
  return html`<div class=${error ? 'field invalid' : 'field'}>
    <label for=${id}><input id=${id} type="checkbox" name="confirm" value="yes" aria-invalid=${error ? 'true' : undefined} /> ${ctx.t('backup.confirm')}</label>
    ${error ? html`<p class="error">${error}</p>` : null}
  </div>`;
}

function RunLog({ ctx, runs }: { ctx: PageContext; runs: ReturnType<typeof latestBackupRuns> }) {
  const { t, locale } = ctx;
  if (runs.length === 0) return html`<p>${t('backup.none')}</p>`;
  return html`<table><caption>${t('backup.history')}</caption>
    <thead><tr><th>${t('backup.when')}</th><th>${t('backup.what')}</th><th>${t('backup.target')}</th><th>${t('backup.size')}</th><th>${t('backup.result')}</th></tr></thead>
    <tbody>${runs.map((run) => html`<tr class=${run.error ? 'failed' : undefined}>
      <td>${formatDate(locale, run.startedAt, true, ctx.timezone)}</td><td>${t(`backup.kind.${run.kind}` as MessageKey)}</td><td><code>${run.target}</code></td>
      <td>${run.bytes === null ? '—' : formatSize(locale, run.bytes)}</td>
      <td>${run.error ? html`<span class="error">${t(reasonKey(run.error.reason), run.error.params)}</span>` : t('backup.ok')}</td></tr>`)}</tbody></table>`;
}
