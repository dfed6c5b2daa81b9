// Marketplace pages (behind the module's gate): the list with its filters, a new ad (with photos), an ad's own
// page (price, photos, status, author, contact form; for its author: sold/closed, reopen, renew, edit, photos,
// delete), its edit form. The generic /e/<slug> sends a classified here.
import { Hono } from 'hono';
import type { AppEnv, Ctx } from '../core/http/env.ts';
import { AppError, notFound } from '../core/errors.ts';
import { readForm } from '../core/http/input.ts';
import { parse } from '../core/validation.ts';
import type { MessageKey } from '../core/i18n/index.ts';
import { renderMarkdown } from '../core/markdown.ts';
import { nowMs } from '../core/time.ts';
import type { Deps } from '../deps.ts';
import { html } from '../web/html.ts';
import { Csrf, Layout, type FieldErrors, type PageContext } from '../web/layout.ts';
import { formErrors, pageContext, sendPage, toLogin } from '../web/page.ts';
import { deleteElement, readElement } from '../elements/actions.ts';
import { kindLabel } from '../elements/components.ts';
import type { Element } from '../elements/model.ts';
import { findElement } from '../elements/storage.ts';
import { linksFrom } from '../links/storage.ts';
import { deleteMedia } from '../media/actions.ts';
import { mediaFileUrl, thumbnailUrl } from '../media/store.ts';
import { listCommunes } from '../zones/communes.ts';
import { contactAbout, conversationUrl } from '../messages/actions.ts';
import { publishersOf } from '../messages/store.ts';
import { maxMessageLength } from '../messages/model.ts';
import { adPhotos, adState, closeAd, createAd, findAds, readAd, renewAd, updateAd } from './actions.ts';
import {
  AdFilters, AdForm, AdList, adFormValues, adUrl, categoryLabel, expiryLabel, localDate, priceLabel,
} from './components.ts';
import { adListQuerySchema, maxAdPhotos, renewDays } from './model.ts';
import { addAdPhotos, publishWithPhotos } from './upload.ts';

export function marketPages(deps: Deps) {
  const pages = new Hono<AppEnv>();

  pages.get('/market', (c) => {
    const query = parse(adListQuerySchema, c.req.query(), c.get('locale'));
    const page = findAds(deps, c.get('viewer'), query);
    const ctx = pageContext(deps, c);
    const title = query.mine ? ctx.t('market.mine') : ctx.t('type.classified.plural');
    const next = page.nextCursor ? `?${new URLSearchParams({ ...stringQuery(c), cursor: page.nextCursor })}` : null;
    return sendPage(c, html`<${Layout} ctx=${ctx} title=${title}>
      <h1>${title}</h1>
      ${ctx.viewer ? html`<p><a class="button" href="/market/new">${ctx.t('new.classified')}</a>
        ${query.mine ? html` <a href="/market">${ctx.t('market.all')}</a>` : html` <a href="/market?mine=1">${ctx.t('market.mine')}</a>`}</p>` : null}
      ${query.mine ? null : html`<${AdFilters} ctx=${ctx} query=${query} communes=${communesOf(deps)} />`}
      <p><a href=${`/map?${new URLSearchParams({ type: 'classified', ...(query.zone ? { zone: query.zone } : {}) })}`}>${ctx.t('search.onMap')}</a></p>
      <${AdList} ctx=${ctx} items=${page.items} />
      ${next ? html`<p><a rel="next" href=${next}>${ctx.t('list.more')}</a></p>` : null}
    <//>`);
  });

  pages.get('/market/new', (c) => {
    if (!c.get('viewer')) return toLogin(c);
    const values = { visibility: 'public', currency: 'EUR', expiresAt: defaultExpiry(deps), organizerId: c.req.query('organizer') ?? '' };
    return sendPage(c, formPage(deps, c, values, undefined, null));
  });

  pages.post('/market/new', async (c) => {
    if (!c.get('viewer')) return toLogin(c);
    const multipart = (c.req.header('content-type') ?? '').startsWith('multipart/form-data');
    const upload = multipart ? await publishWithPhotos(deps, c, adInput) : await publishPlain(deps, c);
    if (upload.ad) return c.redirect(adUrl(upload.ad), 303);
    const errors = formErrors(upload.error, c.get('locale'));
    if (!errors) throw upload.error;
    const status = upload.error instanceof AppError && (upload.error.status === 413 || upload.error.status === 415) ? upload.error.status : 422;
    return sendPage(c, formPage(deps, c, upload.form, errors, null), status);
  });

  pages.get('/market/:slug', (c) => {
    const ad = visibleAd(deps, c);
    return sendPage(c, adPage(deps, pageContext(deps, c), ad, {}, c.req.query('done')));
  });

  pages.post('/market/:slug/contact', async (c) => {
    if (!c.get('viewer')) return toLogin(c);
    const ad = visibleAd(deps, c);
    const form = await readForm(c);
    try {
      const { conversationId } = contactAbout(deps, c.get('viewer'), ad.id, form.body ?? '', c.get('locale'));
      return c.redirect(conversationUrl(conversationId), 303);
    } catch (error) {
      const errors = formErrors(error, c.get('locale'));
      if (!errors) throw error;
      return sendPage(c, adPage(deps, pageContext(deps, c), ad, { ...errors, body: errors.body ?? errors._ }, undefined, form.body), 422);
    }
  });

  for (const [action, apply] of [
    ['close', (ad: Element, c: Ctx) => closeAd(deps, c.get('viewer'), ad.id, true)],
    ['reopen', (ad: Element, c: Ctx) => closeAd(deps, c.get('viewer'), ad.id, false)],
    ['renew', (ad: Element, c: Ctx) => renewAd(deps, c.get('viewer'), ad.id, c.get('locale'))],
  ] as const) {
    pages.post(`/market/:slug/${action}`, async (c) => {
      if (!c.get('viewer')) return toLogin(c);
      const ad = visibleAd(deps, c);
      await readForm(c);
      try {
        const changed = apply(ad, c);
        return c.redirect(`${adUrl(changed)}?done=${action}`, 303);
      } catch (error) {
        const errors = formErrors(error, c.get('locale'));
        if (!errors) throw error;
        return sendPage(c, adPage(deps, pageContext(deps, c), ad, { _: errors._ ?? Object.values(errors)[0] }), 422);
      }
    });
  }

  pages.post('/market/:slug/delete', async (c) => {
    if (!c.get('viewer')) return toLogin(c);
    const ad = visibleAd(deps, c);
    await readForm(c);
    deleteElement(deps, c.get('viewer'), ad.id);
    return c.redirect('/market?mine=1', 303);
  });

  pages.post('/market/:slug/photos', async (c) => {
    if (!c.get('viewer')) return toLogin(c);
    const ad = visibleAd(deps, c);
    try {
      await addAdPhotos(deps, c, ad);
      return c.redirect(`${adUrl(ad)}#photos`, 303);
    } catch (error) {
      const errors = formErrors(error, c.get('locale'));
      if (!errors) throw error;
      const status = error instanceof AppError && (error.status === 413 || error.status === 415 || error.status === 403) ? error.status : 422;
      return sendPage(c, adPage(deps, pageContext(deps, c), ad, { photos: errors.photos ?? errors.file ?? errors._ }), status);
    }
  });

  pages.post('/market/:slug/photos/:fileId/delete', async (c) => {
    if (!c.get('viewer')) return toLogin(c);
    const ad = visibleAd(deps, c);
    await readForm(c);
    deleteMedia(deps, c.get('viewer'), c.req.param('fileId'), ad.id);
    return c.redirect(`${adUrl(ad)}#photos`, 303);
  });

  pages.get('/market/:slug/edit', (c) => {
    if (!c.get('viewer')) return toLogin(c);
    const ad = visibleAd(deps, c);
    return sendPage(c, formPage(deps, c, adFormValues(ad, deps.box.timezone), undefined, ad));
  });

  pages.post('/market/:slug/edit', async (c) => {
    if (!c.get('viewer')) return toLogin(c);
    const ad = visibleAd(deps, c);
    const form = await readForm(c);
    try {
      const updated = updateAd(deps, c.get('viewer'), ad.id, editInput(form), c.get('locale'));
      return c.redirect(adUrl(updated), 303);
    } catch (error) {
      const errors = formErrors(error, c.get('locale'));
      if (!errors) throw error;
      const status = error instanceof AppError && error.code === 'conflict' ? 409 : error instanceof AppError && error.code === 'forbidden' ? 403 : 422;
      return sendPage(c, formPage(deps, c, form, errors, ad), status);
    }
  });

  return pages;
}

/** A new ad sent as a plain form (no file input): the same rules, no photos. */
async function publishPlain(deps: Deps, c: Ctx) {
  const form = await readForm(c);
  try {
    return { form, ad: createAd(deps, c.get('viewer'), adInput(form), c.get('locale')), error: null };
  } catch (error) {
    return { form, ad: null, error };
  }
}

/** The ad the slug names, as this viewer may see it; 404 otherwise. */
function visibleAd(deps: Deps, c: Ctx): Element {
  const ad = readAd(deps, c.get('viewer'), c.req.param('slug') ?? '');
  if (!ad) throw notFound('Ad');
  return ad;
}

const stringQuery = (c: Ctx) =>
  Object.fromEntries(Object.entries(c.req.query()).filter(([key, value]) => key !== 'cursor' && typeof value === 'string' && value !== ''));

const communesOf = (deps: Deps) => listCommunes(deps.db).map((row): [string, string] => [row.insee, row.name]);

const defaultExpiry = (deps: Deps) => localDate(new Date(nowMs() + renewDays * 86_400_000).toISOString(), deps.box.timezone);

const adFields = ['kind', 'category', 'name', 'description', 'price', 'currency', 'postalCode', 'communeInsee', 'locality', 'lat', 'lon',
  'expiresAt', 'visibility', 'organizerId', 'contactEmail', 'contactPhone'] as const;

/** A new ad's form fields as input: empty fields left out; no price, no currency (a gift, or "no price"). */
function adInput(form: Record<string, string>): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const key of adFields) if (form[key] !== undefined && form[key] !== '') input[key] = form[key];
  if (input.price === undefined) delete input.currency;
  return input;
}

/** An edit: the fields a person may clear are sent empty; an emptied price clears the price. */
function editInput(form: Record<string, string>): Record<string, unknown> {
  const input = adInput(form);
  for (const key of ['name', 'description', 'postalCode', 'locality', 'contactPhone', 'contactEmail']) if (key in form) input[key] = form[key];
  if ('price' in form && form.price === '') input.price = null;
  if (form.version) input.version = form.version;
  return input;
}

function formPage(deps: Deps, c: Ctx, values: Record<string, string>, errors: FieldErrors | undefined, ad: Element | null) {
  const ctx = pageContext(deps, c);
  const title = ad ? ctx.t('form.editTitle', { name: ad.name }) : ctx.t('new.classified');
  return html`<${Layout} ctx=${ctx} title=${title}>
    ${ad ? html`<p class="crumbs"><a href=${adUrl(ad)}>${ad.name}</a></p>` : html`<p class="crumbs"><a href="/market">${ctx.t('type.classified.plural')}</a></p>`}
    <h1>${title}</h1>
    <${AdForm} ctx=${ctx} options=${{
      action: ad ? `${adUrl(ad)}/edit` : '/market/new', values, errors, communes: communesOf(deps),
      publishers: ad ? [] : publishersFor(deps, ctx), isEdit: ad !== null,
    }} />
  <//>`;
}

/** Organizations the viewer belongs to: an ad can be published in their name. */
function publishersFor(deps: Deps, ctx: PageContext): [string, string][] {
  if (!ctx.viewer) return [];
  return linksFrom(deps.db, ctx.viewer.personId)
    .filter((link) => link.status === 'active' && link.kind === 'member')
    .map((link) => readElement(deps, ctx.viewer, link.toId))
    .filter((element): element is Element => element !== null && element.type === 'organization')
    .map((element): [string, string] => [element.id, element.name]);
}

/** Who published the ad: the organization in whose name it is, or its author, as the viewer may see them. */
function publisherOf(deps: Deps, ctx: PageContext, ad: Element): Element | null {
  const organization = publishersOf(deps.db, ad.id).map((id) => readElement(deps, ctx.viewer, id)).find((element) => element !== null);
  if (organization) return organization;
  return ad.createdBy ? readElement(deps, ctx.viewer, ad.createdBy) : null;
}

function adPage(deps: Deps, ctx: PageContext, ad: Element, errors: FieldErrors, done?: string, draft = '') {
  const { t, viewer } = ctx;
  const state = adState(deps, viewer, ad);
  const photos = adPhotos(deps, ad);
  const publisher = publisherOf(deps, ctx, ad);
  // The contact the author chose to give, for signed-in readers only; never by default.
  const contact = viewer ? findElement(deps.db, ad.id)?.contact : undefined;
  const status = state.closed ? t(ad.kind === 'sale' ? 'market.sold' : 'market.closed') : state.expired ? t('market.expired') : null;
  return html`<${Layout} ctx=${ctx} title=${ad.name}>
    <p class="crumbs"><a href="/market">${t('type.classified.plural')}</a></p>
    <article class="ad">
      <h1>${ad.name}</h1>
      ${done ? html`<p class="notice" role="status">${t(doneMessages[done] ?? 'market.done.close')}</p>` : null}
      ${errors._ ? html`<p class="error" role="alert">${errors._}</p>` : null}
      <p class="price ad-price">${priceLabel(ctx, ad.price)}</p>
      <p><span class="badge">${ad.kind ? kindLabel(ctx, ad.kind) : null}</span>
        ${ad.category ? html` <span class="badge">${categoryLabel(ctx, ad.category)}</span>` : null}
        ${ad.visibility === 'members' ? html` <span class="badge private">${t('market.membersOnly')}</span>` : null}
        ${status ? html` <strong class="badge closed">${status}</strong>` : null}</p>
      ${photos.length ? html`<ul class="ad-photos" id="photos">${photos.map((photo, index) => html`<li>
        <a href=${mediaFileUrl(photo)}><img src=${thumbnailUrl(photo)} alt=${t('market.photoAlt', { name: ad.name, position: index + 1 })} loading="lazy" /></a>
        ${state.isAdmin ? html`<form method="post" action=${`${adUrl(ad)}/photos/${photo.id}/delete`} class="inline"><${Csrf} ctx=${ctx} />
          <button class="link">${t('market.removePhoto')}</button></form>` : null}
      </li>`)}</ul>` : null}
      ${ad.description ? html`<div class="prose" dangerouslySetInnerHTML=${{ __html: renderMarkdown(ad.description) }} />` : null}
      <dl class="facts">
        ${ad.address.locality ? html`<dt>${t('market.where')}</dt><dd>${[ad.address.postalCode, ad.address.locality].filter(Boolean).join(' ')}</dd>` : null}
        ${ad.expiresAt ? html`<dt>${t('market.expiresAt')}</dt><dd>${expiryLabel(ctx, ad.expiresAt)}</dd>` : null}
        <dt>${t('market.publishedOn')}</dt><dd>${expiryLabel(ctx, ad.createdAt)}</dd>
        <dt>${t('market.by')}</dt><dd>${publisher ? html`<a href=${`/e/${publisher.slug}`}>${publisher.name}</a>` : t('market.aMember')}</dd>
        ${contact?.email ? html`<dt>${t('field.email')}</dt><dd><a href=${`mailto:${contact.email}`}>${contact.email}</a></dd>` : null}
        ${contact?.phone ? html`<dt>${t('field.phone')}</dt><dd>${contact.phone}</dd>` : null}
      </dl>
    </article>
    ${state.isAdmin ? html`<${AuthorTools} ctx=${ctx} ad=${ad} state=${state} photoCount=${photos.length} errors=${errors} />`
      : html`<${ContactForm} ctx=${ctx} ad=${ad} errors=${errors} draft=${draft} closed=${state.closed} />`}
  <//>`;
}

const doneMessages: Record<string, MessageKey> = { close: 'market.done.close', reopen: 'market.done.reopen', renew: 'market.done.renew' };

function ContactForm({ ctx, ad, errors, draft, closed }: { ctx: PageContext; ad: Element; errors: FieldErrors; draft: string; closed: boolean }) {
  const { t } = ctx;
  if (!ctx.viewer) return html`<p><a class="button" href=${`/login?next=${encodeURIComponent(adUrl(ad))}`}>${t('market.signInToContact')}</a></p>`;
  if (closed) return null;
  return html`<section class="contact"><h2>${t('market.contactAuthor')}</h2>
    <form method="post" action=${`${adUrl(ad)}/contact`} class="stack">
      <${Csrf} ctx=${ctx} />
      <div class=${errors.body ? 'field invalid' : 'field'}>
        <label for="f-body">${t('market.yourMessage')}</label>
        <textarea id="f-body" name="body" rows="4" required maxlength=${maxMessageLength} aria-invalid=${errors.body ? 'true' : undefined}>${draft}</textarea>
        <small>${t('market.contactPrivacy')}</small>
        ${errors.body ? html`<p class="error">${errors.body}</p>` : null}
      </div>
      <button type="submit">${t('messages.send')}</button>
    </form></section>`;
}

function AuthorTools({ ctx, ad, state, photoCount, errors }: {
  ctx: PageContext; ad: Element; state: ReturnType<typeof adState>; photoCount: number; errors: FieldErrors;
}) {
  const { t } = ctx;
  const button = (action: string, label: string) => html`<form method="post" action=${`${adUrl(ad)}/${action}`} class="inline">
    <${Csrf} ctx=${ctx} /><button>${label}</button></form>`;
  return html`<section class="author-tools"><h2>${t('market.manage')}</h2>
    <p>
      ${state.closed ? button('reopen', t('market.reopen')) : button('close', t(ad.kind === 'sale' ? 'market.markSold' : 'market.markClosed'))}
      ${button('renew', t('market.renew', { days: renewDays }))}
      <a class="button" href=${`${adUrl(ad)}/edit`}>${t('market.edit')}</a>
    </p>
    ${photoCount < maxAdPhotos ? html`<form method="post" action=${`${adUrl(ad)}/photos`} enctype="multipart/form-data" class="stack">
      <${Csrf} ctx=${ctx} />
      <div class=${errors.photos ? 'field invalid' : 'field'}>
        <label for="f-photos">${t('market.addPhotos', { count: maxAdPhotos - photoCount })}</label>
        <input id="f-photos" type="file" name="photos" accept="image/jpeg,image/png,image/webp,image/gif" multiple />
        ${errors.photos ? html`<p class="error">${errors.photos}</p>` : null}
      </div>
      <button>${t('market.upload')}</button>
    </form>` : null}
    <form method="post" action=${`${adUrl(ad)}/delete`} class="inline danger"><${Csrf} ctx=${ctx} />
      <button>${t('market.delete')}</button></form>
  </section>`;
}
