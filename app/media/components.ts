// Pieces of the media pages, and the media and useful links sections of an element's page.
import type { Locale } from '../core/i18n/index.ts';
import { formatDate } from '../core/i18n/index.ts';
import type { Deps } from '../deps.ts';
import type { Element } from '../elements/model.ts';
import type { Access } from '../permissions/visibility.ts';
import { html } from '../web/html.ts';
import { Csrf, Field, FormErrorSummary, type FieldErrors, type PageContext } from '../web/layout.ts';
import type { MediaFile, UsefulLink } from './model.ts';
import { countFiles, latestImages, usefulLinksOf } from './storage.ts';
import { mediaFileUrl, thumbnailUrl } from './store.ts';

/** What the file input offers to pick; the server checks the content anyway. */
export const acceptedTypes = 'image/jpeg,image/png,image/webp,image/gif,application/pdf,text/plain,.odt,.ods,.odp,.docx,.xlsx,.pptx,.txt';

/** "9.5 MB" in the page's language; in powers of 1024, as the limits are set (COPI_MEDIA_*_MIB). */
export function formatBytes(locale: Locale, bytes: number): string {
  const [value, unit] = bytes >= 1024 ** 3 ? [bytes / 1024 ** 3, 'gigabyte'] : bytes >= 1024 ** 2 ? [bytes / 1024 ** 2, 'megabyte']
    : bytes >= 1024 ? [bytes / 1024, 'kilobyte'] : [bytes, 'byte'];
  return new Intl.NumberFormat(locale, { style: 'unit', unit, maximumFractionDigits: 1 }).format(value);
}

export const libraryHref = (element: Pick<Element, 'slug'>, folder = '') =>
  `/e/${element.slug}/media${folder ? `?folder=${encodeURIComponent(folder)}` : ''}`;

/** A thumbnail of an image, linked to the image; its size is known, so the page does not jump. */
export function Thumbnail({ file, alt }: { file: MediaFile; alt: string }) {
  const scale = file.width && file.height ? Math.min(1, 320 / Math.max(file.width, file.height)) : 1;
  return html`<a class="thumb" href=${mediaFileUrl(file)}><img src=${thumbnailUrl(file)} alt=${alt} loading="lazy"
    width=${file.width ? Math.round(file.width * scale) : undefined} height=${file.height ? Math.round(file.height * scale) : undefined} /></a>`;
}

/** The upload form; the page holds the `media-folders` datalist of existing folders. */
export function UploadForm({ ctx, action, folder, errors, limits }: {
  ctx: PageContext; action: string; folder: string; errors?: FieldErrors; limits: { image: number; document: number };
}) {
  const { t } = ctx;
  // The CSRF token and the folder come first: the server reads them before the files stream in.
  return html`<form method="post" action=${action} enctype="multipart/form-data" class="stack upload">
    <${Csrf} ctx=${ctx} />
    <${FormErrorSummary} errors=${errors} ctx=${ctx} />
    <div class="field">
      <label for="f-folder">${t('media.folder')}</label>
      <input id="f-folder" name="folder" value=${folder} list="media-folders" maxlength="300" aria-describedby="f-folder-hint" />
      <small id="f-folder-hint">${t('media.folderHint')}</small>
    </div>
    <div class=${errors?.file ? 'field invalid' : 'field'}>
      <label for="f-file">${t('media.files')}</label>
      <input id="f-file" type="file" name="file" multiple accept=${acceptedTypes} required aria-describedby="f-file-hint"
        aria-invalid=${errors?.file ? 'true' : undefined} />
      <small id="f-file-hint">${t('media.limits', { image: formatBytes(ctx.locale, limits.image), document: formatBytes(ctx.locale, limits.document) })}</small>
      ${errors?.file ? html`<p class="error" id="f-file-error">${errors.file}</p>` : null}
    </div>
    <button>${t('media.upload')}</button>
  </form>`;
}

/** One file of a library: thumbnail or type, name, size, date, and the forms to move or delete it. */
export function FileRow({ ctx, element, file, canChange }: { ctx: PageContext; element: Element; file: MediaFile; canChange: boolean }) {
  const { t } = ctx;
  const base = `/e/${element.slug}/media/${file.id}`;
  return html`<li class="media-file" data-file=${file.id}>
    ${file.kind === 'image' ? html`<${Thumbnail} file=${file} alt=${file.name} />` : html`<span class="doc-type">${file.name.split('.').pop()?.toUpperCase()}</span>`}
    <div>
      <a href=${mediaFileUrl(file)}>${file.name}</a>
      <br /><small>${formatBytes(ctx.locale, file.bytes)} · ${formatDate(ctx.locale, file.createdAt, false, ctx.timezone)}</small>
      ${canChange ? html`<form method="post" action=${`${base}/move`} class="inline">
          <${Csrf} ctx=${ctx} />
          <label>${t('media.moveTo')} <input name="folder" value=${file.folder} list="media-folders" maxlength="300" /></label>
          <button class="secondary">${t('media.move')}</button>
        </form>
        <form method="post" action=${`${base}/delete`} class="inline"><${Csrf} ctx=${ctx} /><button class="danger">${t('media.delete')}</button></form>` : null}
    </div>
  </li>`;
}

/** The useful links and the latest images of an element, on its page. */
export function MediaAndLinks({ ctx, deps, element, access }: { ctx: PageContext; deps: Deps; element: Element; access: Access }) {
  const links = usefulLinksOf(deps.db, element.id);
  const files = countFiles(deps.db, ctx.viewer, element.id);
  const images = files ? latestImages(deps.db, ctx.viewer, element.id, 6) : [];
  const { t } = ctx;
  return html`
    ${links.length || access.isAdmin ? html`<section class="useful-links" id="useful-links"><h2>${t('links.useful.title')}</h2>
      ${links.length ? html`<ul>${links.map((link) => html`<${UsefulLinkItem} ctx=${ctx} element=${element} link=${link} isAdmin=${access.isAdmin} />`)}</ul>` : null}
      ${access.isAdmin ? html`<p><a class="button" href=${`/e/${element.slug}/useful-links/new`}>${t('links.useful.add')}</a></p>` : null}
    </section>` : null}
    ${files || access.isMember ? html`<section class="media" id="media"><h2>${t('media.title')}</h2>
      ${images.length ? html`<div class="thumbs">${images.map((file) => html`<${Thumbnail} file=${file} alt=${file.name} />`)}</div>` : null}
      <p><a href=${libraryHref(element)}>${t('media.open')}</a> (${files})</p>
    </section>` : null}`;
}

function UsefulLinkItem({ ctx, element, link, isAdmin }: { ctx: PageContext; element: Element; link: UsefulLink; isAdmin: boolean }) {
  const { t } = ctx;
  return html`<li data-link=${link.id}>
    <a href=${link.url} rel="nofollow noopener noreferrer">${link.title}</a>
    ${link.description ? html` — ${link.description}` : null}
    ${isAdmin ? html` <a href=${`/e/${element.slug}/useful-links/${link.id}/edit`}>${t('links.useful.edit')}</a>
      <form method="post" action=${`/e/${element.slug}/useful-links/${link.id}/delete`} class="inline"><${Csrf} ctx=${ctx} />
        <button class="link">${t('links.useful.delete')}</button></form>` : null}
  </li>`;
}

export function UsefulLinkForm({ ctx, action, values, errors }: { ctx: PageContext; action: string; values: Record<string, string>; errors?: FieldErrors }) {
  const { t } = ctx;
  return html`<form method="post" action=${action} class="stack">
    <${Csrf} ctx=${ctx} />
    <${FormErrorSummary} errors=${errors} ctx=${ctx} />
    <${Field} name="url" type="url" label=${t('links.useful.url')} value=${values.url} errors=${errors} required maxlength=${2000} hint=${t('links.useful.urlHint')} />
    <${Field} name="title" label=${t('links.useful.linkTitle')} value=${values.title} errors=${errors} required maxlength=${120} />
    <${Field} name="description" label=${t('links.useful.description')} value=${values.description} errors=${errors} maxlength=${500} />
    <button>${t('form.save')}</button>
  </form>`;
}
