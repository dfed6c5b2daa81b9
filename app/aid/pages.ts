// Mutual aid pages: the list of needs and offers (/aid), posting one (/aid/new?kind=need), an entry's page
// with the matches the box proposes and a form to write to its author, and the admin's actions. No JavaScript.
import { Hono } from 'hono';
import type { AppEnv, Ctx } from '../core/http/env.ts';
import { notFound } from '../core/errors.ts';
import { readForm } from '../core/http/input.ts';
import { formatDate, type MessageKey } from '../core/i18n/index.ts';
import { renderMarkdown } from '../core/markdown.ts';
import type { Deps } from '../deps.ts';
import { html } from '../web/html.ts';
import { Csrf, Layout, type FieldErrors, type PageContext } from '../web/layout.ts';
import { formErrors, pageContext, sendPage, toLogin } from '../web/page.ts';
import { deleteElement } from '../elements/actions.ts';
import { defaultLifetimeDays, type Element } from '../elements/model.ts';
import { findElementBySlug } from '../elements/storage.ts';
import { accessTo } from '../permissions/visibility.ts';
import { listCommunes } from '../zones/communes.ts';
import { contactAbout } from '../messages/actions.ts';
import { nowIso } from '../core/time.ts';
import {
  aidMatches, dismissAidMatch, editAid, listAidEntries, postAid, readAid, renewAid, setFulfilled,
} from './actions.ts';
import { AidForm, AidList, CategorySelect, MatchList, aidValues, categoryPath, expiryLine, type FormValues } from './components.ts';
import { authorOf, organizerOf, publishersFor } from './storage.ts';
import { aidKinds } from './model.ts';

export function aidPages(deps: Deps) {
  const pages = new Hono<AppEnv>();

  pages.get('/aid', (c) => sendPage(c, listPage(deps, c)));

  pages.get('/aid/new', (c) => {
    if (!c.get('viewer')) return c.redirect(`/login?next=${encodeURIComponent(c.req.url.slice(c.req.url.indexOf('/aid')))}`, 303);
    const kind = c.req.query('kind');
    return sendPage(c, formPage(deps, c, { kind: kind && (aidKinds as readonly string[]).includes(kind) ? kind : '', visibility: 'public' }));
  });

  pages.post('/aid/new', async (c) => {
    if (!c.get('viewer')) return toLogin(c);
    const form = await readForm(c);
    try {
      const { entry } = postAid(deps, c.get('viewer'), aidInput(form, false), c.get('locale'));
      return c.redirect(`/aid/${entry.slug}`, 303);
    } catch (error) {
      const errors = formErrors(error, c.get('locale'));
      if (!errors) throw error;
      return sendPage(c, formPage(deps, c, form, errors), 422);
    }
  });

  pages.get('/aid/:slug', (c) => sendPage(c, entryPage(deps, c, entryOr404(deps, c))));

  pages.get('/aid/:slug/edit', (c) => {
    if (!c.get('viewer')) return toLogin(c);
    const entry = entryOr404(deps, c);
    return sendPage(c, formPage(deps, c, aidValues(entry, deps.box.timezone), undefined, entry));
  });

  pages.post('/aid/:slug/edit', async (c) => {
    if (!c.get('viewer')) return toLogin(c);
    const entry = entryOr404(deps, c);
    const form = await readForm(c);
    try {
      const edited = editAid(deps, c.get('viewer'), entry.id, aidInput(form, true), c.get('locale'));
      return c.redirect(`/aid/${edited.slug}`, 303);
    } catch (error) {
      const errors = formErrors(error, c.get('locale'));
      if (!errors) throw error;
      return sendPage(c, formPage(deps, c, { ...form, kind: entry.kind ?? '' }, errors, entry), 422);
    }
  });

  const adminAction = (path: string, act: (c: Ctx, entry: Element) => string | void) =>
    pages.post(`/aid/:slug/${path}`, async (c) => {
      if (!c.get('viewer')) return toLogin(c);
      const entry = entryOr404(deps, c);
      await readForm(c);
      return c.redirect(act(c, entry) ?? `/aid/${entry.slug}`, 303);
    });
  adminAction('close', (c, entry) => { setFulfilled(deps, c.get('viewer'), entry.id, true); });
  adminAction('reopen', (c, entry) => { setFulfilled(deps, c.get('viewer'), entry.id, false); });
  adminAction('renew', (c, entry) => { renewAid(deps, c.get('viewer'), entry.id); });
  adminAction('delete', (c, entry) => { deleteElement(deps, c.get('viewer'), entry.id); return '/aid'; });
  adminAction('matches/:otherId/dismiss', (c, entry) => { dismissAidMatch(deps, c.get('viewer'), entry.id, c.req.param('otherId') ?? ''); });

  pages.post('/aid/:slug/contact', async (c) => {
    if (!c.get('viewer')) return toLogin(c);
    const entry = entryOr404(deps, c);
    const form = await readForm(c);
    try {
      const { conversationId } = contactAbout(deps, c.get('viewer'), entry.id, form.body ?? '', c.get('locale'));
      return c.redirect(`/messages/${conversationId}`, 303);
    } catch (error) {
      const errors = formErrors(error, c.get('locale'));
      if (!errors) throw error;
      return sendPage(c, entryPage(deps, c, entry, { ...errors, body: errors.body ?? errors._ }, form.body), 422);
    }
  });

  return pages;
}

function entryOr404(deps: Deps, c: Ctx): Element {
  const bySlug = findElementBySlug(deps.db, c.req.param('slug') ?? '');
  const entry = bySlug ? readAid(deps, c.get('viewer'), bySlug.id) : null;
  if (!entry) throw notFound('Element');
  return entry;
}

/** Form fields as API input; on an edit, fields left out of the form are left as they are. */
function aidInput(form: FormValues, isEdit: boolean): Record<string, unknown> {
  const keys = ['category', 'name', 'description', 'availability', 'communeInsee', 'postalCode', 'locality', 'visibility', 'expiresAt'];
  const input: Record<string, unknown> = {};
  for (const key of keys) if (key in form) input[key] = form[key];
  if (isEdit) {
    if (form.version) input.version = form.version;
    // An emptied date keeps the current expiry (renewing is its own button).
    if (input.expiresAt === '') delete input.expiresAt;
  } else {
    input.kind = form.kind ?? '';
    if (form.organizerId) input.organizerId = form.organizerId;
  }
  return input;
}

function listPage(deps: Deps, c: Ctx) {
  const ctx = pageContext(deps, c);
  const { t } = ctx;
  const { filter, items, nextCursor } = listAidEntries(deps, ctx.viewer, c.req.query(), ctx.locale);
  const query = (changes: Record<string, string | undefined>) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries({ kind: filter.kind, category: filter.category, zone: filter.zone, closed: filter.closed, ...changes })) {
      if (value) params.set(key, value);
    }
    const text = params.toString();
    return text ? `/aid?${text}` : '/aid';
  };
  const tabs: [string | undefined, MessageKey][] = [[undefined, 'aid.tab.all'], ['need', 'aid.tab.need'], ['offer', 'aid.tab.offer']];
  return html`<${Layout} ctx=${ctx} title=${t('aid.title')}>
    <h1>${t('aid.title')}</h1>
    <p>${t('aid.intro')}</p>
    <p class="actions">
      <a class="button" href="/aid/new?kind=need">${t('aid.newNeed')}</a>
      ${' '}<a class="button" href="/aid/new?kind=offer">${t('aid.newOffer')}</a>
    </p>
    <nav class="aid-tabs" aria-label=${t('aid.tabs')}>
      ${tabs.map(([kind, label]) => html`<a href=${query({ kind, cursor: undefined })} aria-current=${filter.kind === kind ? 'page' : undefined}>${t(label)}</a>${' '}`)}
    </nav>
    <form method="get" action="/aid" class="filters">
      ${filter.kind ? html`<input type="hidden" name="kind" value=${filter.kind} />` : null}
      <${CategorySelect} ctx=${ctx} value=${filter.category} emptyLabel=${t('aid.filter.allCategories')} />
      <div class="field"><label for="f-zone">${t('field.commune')}</label>
        <select id="f-zone" name="zone"><option value="">${t('filter.allCommunes')}</option>
          ${listCommunes(deps.db).map((row) => html`<option value=${`commune:${row.insee}`} selected=${filter.zone === `commune:${row.insee}`}>${row.name}</option>`)}
        </select></div>
      <label class="choice"><input type="checkbox" name="closed" value="1" checked=${filter.closed === '1'} /> ${t('aid.filter.closed')}</label>
      <button>${t('filter.apply')}</button>
    </form>
    <${AidList} ctx=${ctx} items=${items} />
    ${nextCursor ? html`<p class="pager"><a rel="next" href=${query({ cursor: nextCursor })}>${t('aid.more')}</a></p>` : null}
  <//>`;
}

function formPage(deps: Deps, c: Ctx, values: FormValues, errors?: FieldErrors, entry?: Element) {
  const ctx = pageContext(deps, c);
  const { t } = ctx;
  const communes = listCommunes(deps.db).map((row): [string, string] => [row.insee, row.name]);
  const publishers = ctx.viewer && !entry ? publishersFor(deps.db, ctx.viewer.personId).map((org): [string, string] => [org.id, org.name]) : [];
  const title = entry ? t('form.editTitle', { name: entry.name })
    : t(values.kind === 'need' ? 'aid.new.need' : values.kind === 'offer' ? 'aid.new.offer' : 'aid.new.title');
  return html`<${Layout} ctx=${ctx} title=${title}>
    <p class="crumbs"><a href="/aid">${t('aid.title')}</a>${entry ? html` › <a href=${`/aid/${entry.slug}`}>${entry.name}</a>` : null}</p>
    <h1>${title}</h1>
    <${AidForm} ctx=${ctx} options=${{ action: entry ? `/aid/${entry.slug}/edit` : '/aid/new', values, errors, communes, publishers, isEdit: !!entry }} />
  <//>`;
}

function entryPage(deps: Deps, c: Ctx, entry: Element, contactErrors?: FieldErrors, contactBody?: string) {
  const ctx = pageContext(deps, c);
  const { t, viewer } = ctx;
  const access = accessTo(deps.db, viewer, entry.id);
  const matches = entry.closedAt ? [] : aidMatches(deps, viewer, entry.id);
  const author = authorOf(deps.db, entry.id);
  const organizer = organizerOf(deps.db, entry.id);
  const expired = entry.expiresAt !== null && entry.expiresAt <= nowIso();
  return html`<${Layout} ctx=${ctx} title=${entry.name}>
    <article class="element aid-entry" data-kind=${entry.kind}>
      <p class="crumbs"><a href="/aid">${t('aid.title')}</a> › <a href=${`/aid?kind=${entry.kind}`}>${t(entry.kind === 'offer' ? 'aid.tab.offer' : 'aid.tab.need')}</a></p>
      <h1>${entry.name}</h1>
      <p>
        <span class=${`badge aid-${entry.kind}`}>${t(`kind.${entry.kind}` as MessageKey)}</span>
        ${' '}<span class="aid-category">${categoryPath(ctx, entry.category)}</span>
        ${entry.visibility === 'members' ? html` <span class="badge private">${t('aid.membersOnly')}</span>` : null}
        ${entry.closedAt ? html` <span class="badge">${t('aid.fulfilled')}</span>` : null}
      </p>
      ${expired ? html`<p class="notice" role="status">${t('aid.expired', { date: expiryLine(ctx, entry) })}</p>` : null}
      <dl class="facts">
        ${entry.address.locality ? html`<dt>${t('aid.field.where')}</dt><dd>${entry.address.locality}</dd>` : null}
        ${entry.availability ? html`<dt>${t('aid.field.availability')}</dt><dd>${entry.availability}</dd>` : null}
        ${entry.expiresAt && !expired ? html`<dt>${t('aid.field.expiresAt')}</dt><dd>${expiryLine(ctx, entry)}</dd>` : null}
        ${author ? html`<dt>${t('aid.postedBy')}</dt><dd><a href=${`/e/${author.slug}`}>${author.name}</a>${organizer
          ? html` · ${t('aid.postedFor')} <a href=${`/e/${organizer.slug}`}>${organizer.name}</a>` : null}</dd>` : null}
        <dt>${t('aid.postedOn')}</dt><dd>${formatDate(ctx.locale, entry.createdAt, false, ctx.timezone)}</dd>
      </dl>
      ${entry.description ? html`<div class="description" dangerouslySetInnerHTML=${{ __html: renderMarkdown(entry.description) }} />` : null}
      ${access.isAdmin ? html`<${AdminActions} ctx=${ctx} entry=${entry} />` : null}
    </article>
    ${entry.closedAt ? null : html`<${MatchList} ctx=${ctx} entry=${entry} matches=${matches} canDismiss=${access.isAdmin} />`}
    ${access.isAdmin ? null : html`<${ContactForm} ctx=${ctx} entry=${entry} errors=${contactErrors} body=${contactBody} />`}
  <//>`;
}

function AdminActions({ ctx, entry }: { ctx: PageContext; entry: Element }) {
  const { t } = ctx;
  const button = (path: string, label: string, secondary = false) => html`<form method="post" action=${`/aid/${entry.slug}/${path}`} class="inline">
    <${Csrf} ctx=${ctx} /><button class=${secondary ? 'secondary' : undefined}>${label}</button></form>`;
  return html`<p class="actions aid-actions">
    <a class="button" href=${`/aid/${entry.slug}/edit`}>${t('element.edit')}</a>
    ${' '}${entry.closedAt ? button('reopen', t('aid.reopen')) : button('close', t('aid.close'))}
    ${' '}${button('renew', t('aid.renew', { days: defaultLifetimeDays.aid ?? 90 }), true)}
    ${' '}${button('delete', t('element.delete'), true)}
  </p>`;
}

function ContactForm({ ctx, entry, errors, body }: { ctx: PageContext; entry: Element; errors?: FieldErrors; body?: string }) {
  const { t } = ctx;
  if (!ctx.viewer) {
    return html`<p class="aid-contact"><a href=${`/login?next=${encodeURIComponent(`/aid/${entry.slug}`)}`}>${t('aid.contact.signIn')}</a></p>`;
  }
  const error = errors?.body;
  return html`<section class="aid-contact" aria-labelledby="contact-title">
    <h2 id="contact-title">${t('aid.contact.title')}</h2>
    <form method="post" action=${`/aid/${entry.slug}/contact`} class="stack">
      <${Csrf} ctx=${ctx} />
      <div class=${error ? 'field invalid' : 'field'}>
        <label for="f-body">${t('aid.contact.body')}</label>
        <textarea id="f-body" name="body" rows="4" maxlength="5000" required aria-invalid=${error ? 'true' : undefined}
          aria-describedby="f-body-hint">${body ?? ''}</textarea>
        <small id="f-body-hint">${t('aid.contact.hint')}</small>
        ${error ? html`<p class="error">${error}</p>` : null}
      </div>
      <button>${t('aid.contact.send')}</button>
    </form>
  </section>`;
}
