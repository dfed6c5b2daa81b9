// Media library pages: /e/:slug/media (folders, files, upload, move, delete) and the useful link forms.
// Every flow works without JavaScript: forms post and redirect.
import { Hono } from 'hono';
import type { AppEnv, Ctx } from '../core/http/env.ts';
import { AppError } from '../core/errors.ts';
import { readForm } from '../core/http/input.ts';
import { parse } from '../core/validation.ts';
import type { Deps } from '../deps.ts';
import { html } from '../web/html.ts';
import { Layout, type FieldErrors } from '../web/layout.ts';
import { formErrors, pageContext, sendPage, toLogin } from '../web/page.ts';
import { visibleBySlug } from '../elements/pages.ts';
import type { Element } from '../elements/model.ts';
import {
  addUsefulLink, checkLinkAdmin, deleteMedia, deleteUsefulLink, editableUsefulLink, moveMedia, readLibrary, updateUsefulLink,
} from './actions.ts';
import { uploadFiles } from './api.ts';
import { FileRow, formatBytes, libraryHref, UploadForm, UsefulLinkForm } from './components.ts';
import { listQuerySchema } from './model.ts';
import { usedBytes } from './storage.ts';

type PageStatus = 200 | 403 | 413 | 415 | 422;

export function mediaPages(deps: Deps) {
  const pages = new Hono<AppEnv>();

  pages.get('/e/:slug/media', (c) => {
    const element = visibleBySlug(deps, c, c.req.param('slug'));
    const { folder = '' } = parse(listQuerySchema, c.req.query(), c.get('locale'));
    return sendPage(c, libraryPage(deps, c, element, folder, { added: Number(c.req.query('added') ?? 0) || 0 }));
  });

  pages.post('/e/:slug/media', async (c) => {
    if (!c.get('viewer')) return toLogin(c);
    const element = visibleBySlug(deps, c, c.req.param('slug'));
    const folder = c.req.query('folder') ?? '';
    try {
      const saved = await uploadFiles(deps, c, element.id, { csrf: c.get('csrf') });
      return c.redirect(`${libraryHref(element, saved[0].folder)}${saved[0].folder ? '&' : '?'}added=${saved.length}`, 303);
    } catch (error) {
      const errors = formErrors(error, c.get('locale'));
      if (!errors || (error instanceof AppError && error.code === 'forbidden' && !error.field)) throw error;
      const status = error instanceof AppError && [413, 415].includes(error.status) ? error.status as PageStatus : 422;
      return sendPage(c, libraryPage(deps, c, element, folder, { errors: { ...errors, file: errors.file ?? errors._ } }), status);
    }
  });

  pages.post('/e/:slug/media/:id/:action{move|delete}', async (c) => {
    if (!c.get('viewer')) return toLogin(c);
    const element = visibleBySlug(deps, c, c.req.param('slug'));
    const form = await readForm(c);
    const file = c.req.param('action') === 'move'
      ? moveMedia(deps, c.get('viewer'), c.req.param('id'), { folder: form.folder ?? '' }, c.get('locale'), element.id)
      : deleteMedia(deps, c.get('viewer'), c.req.param('id'), element.id);
    return c.redirect(libraryHref(element, file.folder), 303);
  });

  pages.get('/e/:slug/useful-links/new', (c) => {
    if (!c.get('viewer')) return toLogin(c);
    const element = visibleBySlug(deps, c, c.req.param('slug'));
    checkLinkAdmin(deps, c.get('viewer'), element.id);
    return sendPage(c, linkFormPage(deps, c, element, `/e/${element.slug}/useful-links`, {}));
  });

  pages.post('/e/:slug/useful-links', async (c) => {
    if (!c.get('viewer')) return toLogin(c);
    const element = visibleBySlug(deps, c, c.req.param('slug'));
    const form = await readForm(c);
    try {
      addUsefulLink(deps, c.get('viewer'), element.id, linkInput(form), c.get('locale'));
      return c.redirect(`/e/${element.slug}#useful-links`, 303);
    } catch (error) {
      const errors = formErrors(error, c.get('locale'));
      if (!errors || error instanceof AppError && error.code === 'forbidden') throw error;
      return sendPage(c, linkFormPage(deps, c, element, `/e/${element.slug}/useful-links`, form, errors), 422);
    }
  });

  pages.get('/e/:slug/useful-links/:id/edit', (c) => {
    if (!c.get('viewer')) return toLogin(c);
    const element = visibleBySlug(deps, c, c.req.param('slug'));
    const link = editableUsefulLink(deps, c.get('viewer'), element.id, c.req.param('id'));
    return sendPage(c, linkFormPage(deps, c, element, `/e/${element.slug}/useful-links/${link.id}/edit`, linkInput(link)));
  });

  pages.post('/e/:slug/useful-links/:id/edit', async (c) => {
    if (!c.get('viewer')) return toLogin(c);
    const element = visibleBySlug(deps, c, c.req.param('slug'));
    const form = await readForm(c);
    try {
      updateUsefulLink(deps, c.get('viewer'), element.id, c.req.param('id'), linkInput(form), c.get('locale'));
      return c.redirect(`/e/${element.slug}#useful-links`, 303);
    } catch (error) {
      const errors = formErrors(error, c.get('locale'));
      if (!errors || error instanceof AppError && error.code === 'forbidden') throw error;
      return sendPage(c, linkFormPage(deps, c, element, `/e/${element.slug}/useful-links/${c.req.param('id')}/edit`, form, errors), 422);
    }
  });

  pages.post('/e/:slug/useful-links/:id/delete', async (c) => {
    if (!c.get('viewer')) return toLogin(c);
    const element = visibleBySlug(deps, c, c.req.param('slug'));
    await readForm(c);
    deleteUsefulLink(deps, c.get('viewer'), element.id, c.req.param('id'));
    return c.redirect(`/e/${element.slug}#useful-links`, 303);
  });

  return pages;
}

const linkInput = (form: Partial<Record<'url' | 'title' | 'description', string>>) => ({ url: form.url ?? '', title: form.title ?? '', description: form.description ?? '' });

function libraryPage(deps: Deps, c: Ctx, element: Element, folder: string, state: { errors?: FieldErrors; added?: number }) {
  const ctx = pageContext(deps, c);
  const { t, viewer } = ctx;
  const library = readLibrary(deps, viewer, element.id, folder);
  const title = `${t('media.title')} · ${element.name}`;
  const parts = folder ? folder.split('/') : [];
  const children = library.folders.filter((entry) => entry.folder.startsWith(folder ? `${folder}/` : '') && !entry.folder.slice(folder ? folder.length + 1 : 0).includes('/'));
  const canChange = (uploadedBy: string | null) => library.access.isAdmin || (viewer !== null && uploadedBy === viewer.personId);
  return html`<${Layout} ctx=${ctx} title=${title}>
    <p class="crumbs"><a href=${`/e/${element.slug}`}>${element.name}</a></p>
    <h1>${t('media.title')}</h1>
    ${viewer?.isBoxAdmin ? html`<p class="usage">${t('media.usage', {
      used: formatBytes(ctx.locale, usedBytes(deps.db)), quota: formatBytes(ctx.locale, deps.config.media.quota) })}</p>` : null}
    ${state.added ? html`<p class="notice" role="status">${t('media.added', { count: state.added })}</p>` : null}
    <nav class="crumbs folders" aria-label=${t('media.folders')}>
      <a href=${libraryHref(element)} aria-current=${folder === '' ? 'page' : undefined}>${t('media.root')}</a>
      ${parts.map((part, i) => html` / <a href=${libraryHref(element, parts.slice(0, i + 1).join('/'))}
        aria-current=${i === parts.length - 1 ? 'page' : undefined}>${part}</a>`)}
    </nav>
    ${children.length ? html`<ul class="folders">${children.map((entry) => html`<li>
      <a href=${libraryHref(element, entry.folder)}>📁 ${entry.folder.split('/').pop()}</a></li>`)}</ul>` : null}
    ${library.files.length === 0 ? html`<p>${t('media.empty')}</p>`
      : html`<ul class="media-files">${library.files.map((file) => html`<${FileRow} ctx=${ctx} element=${element} file=${file} canChange=${canChange(file.uploadedBy)} />`)}</ul>`}
    <datalist id="media-folders">${library.folders.map((entry) => html`<option value=${entry.folder} />`)}</datalist>
    ${library.access.isMember ? html`<section><h2>${t('media.add')}</h2>
      <${UploadForm} ctx=${ctx} action=${`/e/${element.slug}/media${folder ? `?folder=${encodeURIComponent(folder)}` : ''}`} folder=${folder}
        errors=${state.errors}
        limits=${{ image: deps.config.media.imageLimit, document: deps.config.media.documentLimit }} /></section>`
      : viewer ? null : html`<p><a href=${`/login?next=${encodeURIComponent(libraryHref(element, folder))}`}>${t('media.signInToAdd')}</a></p>`}
  <//>`;
}

function linkFormPage(deps: Deps, c: Ctx, element: Element, action: string, values: Record<string, string>, errors?: FieldErrors) {
  const ctx = pageContext(deps, c);
  const title = ctx.t('links.useful.formTitle', { name: element.name });
  return html`<${Layout} ctx=${ctx} title=${title}>
    <p class="crumbs"><a href=${`/e/${element.slug}`}>${element.name}</a></p>
    <h1>${title}</h1>
    <${UsefulLinkForm} ctx=${ctx} action=${action} values=${values} errors=${errors} />
  <//>`;
}
