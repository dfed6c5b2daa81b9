// The admin's update page (/admin/update, box admins only): the installed release, whether the image accepts
// updates, the last update's outcome, the update files on USB sticks with an Install button each, and an
// upload. A file is checked at once (the reason shown if refused; the box keeps serving), then handed to the
// root side through the privileged helper (request.ts). Texts are English keys of app/core/i18n/messages.ts.
import { Hono, type MiddlewareHandler } from 'hono';
import { rmSync } from 'node:fs';
import { AppError } from '../core/errors.ts';
import type { AppEnv, Ctx } from '../core/http/env.ts';
import { readForm } from '../core/http/input.ts';
import { formatDate } from '../core/i18n/index.ts';
import { localizeMessage } from '../core/i18n/messages.ts';
import type { Deps } from '../deps.ts';
import { privilegedHelper } from '../setup/privileged.ts';
import { html } from '../web/html.ts';
import { Csrf, Layout, type PageContext } from '../web/layout.ts';
import { pageContext, requireBoxAdmin, sendPage, toLogin } from '../web/page.ts';
import { installedVersion, requestUpdate, updatesOnSticks } from './request.ts';
import { readStatus, type UpdateStatus } from './status.ts';
import { trustedKeys, UpdateRefused } from './update-file.ts';
import { ExpiredForm, receiveUpdateUpload, updateUploadPath } from './upload.ts';

export { updateUploadPath } from './upload.ts';

const boxAdminOnly: MiddlewareHandler<AppEnv> = async function boxAdminOnly(c, next) {
  requireBoxAdmin(c);
  await next();
};

interface PageState {
  notice?: string;
  /** A refusal, in English (translated on the page). */
  error?: string;
}

export function updatePages(deps: Deps) {
  const pages = new Hono<AppEnv>();
  const options = () => ({ dataDir: deps.config.dataDir, keysDir: deps.config.setup.updateKeysDir, helper: privilegedHelper(deps.config.setup.privilegedSocket) });

  pages.get('/admin/update', (c) => {
    if (!c.get('viewer')) return toLogin(c);
    requireBoxAdmin(c);
    return sendPage(c, updatePage(deps, c));
  });

  pages.post('/admin/update/usb', boxAdminOnly, async (c) => {
    const form = await readForm(c);
    const file = updatesOnSticks(deps.config.backup.usbDir).find((found) => found.stick === form.stick && found.name === form.name);
    try {
      if (!file) throw new UpdateRefused('This update file is no longer on the stick');
      return started(c, deps, (await requestUpdate(file.path, options())).version);
    } catch (error) {
      return refused(c, deps, error);
    }
  });

  pages.post(updateUploadPath, boxAdminOnly, async (c) => {
    let upload: string | null = null;
    try {
      upload = await receiveUpdateUpload(c, deps.config.dataDir, c.get('csrf'));
      if (!upload) throw new UpdateRefused('Choose an update file');
      return started(c, deps, (await requestUpdate(upload, { ...options(), move: true })).version);
    } catch (error) {
      if (error instanceof ExpiredForm) throw new AppError('forbidden', 'This form has expired or did not come from this box; reload the page and try again');
      return refused(c, deps, error);
    } finally {
      if (upload) rmSync(upload, { force: true });
    }
  });

  return pages;
}

const started = (c: Ctx, deps: Deps, version: string) =>
  sendPage(c, updatePage(deps, c, { notice: `Installing ${version}: the box restarts in a minute` }));

function refused(c: Ctx, deps: Deps, error: unknown) {
  if (!(error instanceof UpdateRefused)) throw error;
  return sendPage(c, updatePage(deps, c, { error: error.message }), 422);
}

function updatePage(deps: Deps, c: Ctx, state: PageState = {}) {
  const ctx = pageContext(deps, c);
  const say = (text: string) => localizeMessage(ctx.locale, text);
  const hasKey = trustedKeys(deps.config.setup.updateKeysDir).length > 0;
  const files = updatesOnSticks(deps.config.backup.usbDir);
  return html`<${Layout} ctx=${ctx} title=${say('Update the box')}>
    <h1>${say('Update the box')}</h1>
    <p><a href="/admin">${ctx.t('admin.title')}</a></p>
    ${state.notice ? html`<p class="notice" role="status">${say(state.notice)}</p>` : null}
    ${state.error ? html`<p class="error" role="alert">${say(state.error)}</p>` : null}
    <dl>
      <dt>${say('Installed version')}</dt><dd>${installedVersion()} (linux-${process.arch})</dd>
      <dt>${say('Update key')}</dt><dd>${say(hasKey ? 'This image accepts updates signed by its publisher' : 'This image has no update key: it accepts no updates')}</dd>
    </dl>
    <section><h2>${say('Last update')}</h2><${LastUpdate} ctx=${ctx} status=${readStatus(deps.config.dataDir)} /></section>
    <section><h2>${say('From a USB stick')}</h2>
      <p>${say('Put the .copi-update file in the copi folder of a USB stick and plug the stick into the box: it shows here within a few seconds.')}</p>
      ${files.length === 0 ? html`<p>${say('No update file on a USB stick')}</p>` : html`<ul>${files.map((file) => html`<li>
        <strong>${file.stick}/copi/${file.name}</strong>
        <form method="post" action="/admin/update/usb" class="inline"><${Csrf} ctx=${ctx} />
          <input type="hidden" name="stick" value=${file.stick} /><input type="hidden" name="name" value=${file.name} />
          <button>${say('Install')}</button></form></li>`)}</ul>`}
    </section>
    <section><h2>${say('Upload an update file')}</h2>
      <form method="post" action=${updateUploadPath} enctype="multipart/form-data" class="stack"><${Csrf} ctx=${ctx} />
        <div class="field"><label for="f-update">${say('Update file (.copi-update)')}</label>
          <input id="f-update" name="file" type="file" accept=".copi-update" required /></div>
        <button>${say('Upload and install')}</button></form>
    </section>
    <p>${say('The box checks the file before anything changes; if the new version does not start, the box goes back to the current one by itself.')}</p>
  <//>`;
}

function LastUpdate({ ctx, status }: { ctx: PageContext; status: UpdateStatus | null }) {
  const say = (text: string) => localizeMessage(ctx.locale, text);
  if (!status) return html`<p>${say('No update has been installed yet')}</p>`;
  const outcome = { installed: 'Installed', 'rolled-back': 'Rolled back', refused: 'Refused' }[status.outcome];
  return html`<p class=${status.outcome === 'installed' ? 'notice' : 'error'}><strong>${say(outcome)}</strong>
    (${formatDate(ctx.locale, status.at, true, ctx.timezone)}): ${say(status.message)}</p>`;
}
