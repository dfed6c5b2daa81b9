// Element pages: lists per type, the element page, create and edit forms, delete.
import { Hono } from 'hono';
import type { AppEnv, Ctx } from '../core/http/env.ts';
import { AppError, notFound } from '../core/errors.ts';
import { readForm } from '../core/http/input.ts';
import { parse } from '../core/validation.ts';
import type { MessageKey } from '../core/i18n/index.ts';
import { listCommunes } from '../zones/communes.ts';
import type { Deps } from '../deps.ts';
import { html } from '../web/html.ts';
import { Layout, type FieldErrors, type PageContext } from '../web/layout.ts';
import { formErrors, pageContext, sendPage, toLogin } from '../web/page.ts';
import { linksFrom } from '../links/storage.ts';
import { asSeenBy, createElement, deleteElement, readElement, updateElement } from './actions.ts';
import { ElementForm, ElementList, pluralPath, valuesOf, type FormValues } from './components.ts';
import type { Element, ElementType } from './model.ts';
import { findElement, findElementBySlug, listVisibleElements } from './storage.ts';
import { listQuerySchema } from './api.ts';
import { ElementPage } from './element-page.ts';
import { isSectionName, sectionPage } from './sections.ts';
import { z } from 'zod';
import { recurrenceFromForm } from '../agenda/recurrence-form.ts';
import { eventFormValues } from '../agenda/event-fields.ts';

const typeOfPath = Object.fromEntries(Object.entries(pluralPath).map(([type, path]) => [path, type])) as Record<string, ElementType>;
const creatableTypes: ElementType[] = ['organization', 'project', 'event', 'poi'];
const linkedPageSize = 48;
/** Types whose module shows them on a page of its own (price, matches, contact): /e/<slug> leads there. */
const ownPagePrefix: Partial<Record<ElementType, string>> = { classified: '/market/', aid: '/aid/' };

export function elementsPages(deps: Deps) {
  const pages = new Hono<AppEnv>();

  pages.get('/:plural{organizations|projects|events|pois|persons}', (c) => {
    const type = typeOfPath[c.req.param('plural')];
    const query = parse(listQuerySchema.omit({ type: true }), c.req.query(), c.get('locale'));
    const page = listVisibleElements(deps.db, c.get('viewer'), { ...query, type }, query.cursor ?? null, query.limit);
    const ctx = pageContext(deps, c);
    const next = page.nextCursor ? `?${new URLSearchParams({ ...(query.tag ? { tag: query.tag } : {}), ...(query.zone ? { zone: query.zone } : {}), cursor: page.nextCursor })}` : null;
    return sendPage(c, html`<${Layout} ctx=${ctx} title=${ctx.t(`type.${type}.plural` as MessageKey)}>
      <h1>${ctx.t(`type.${type}.plural` as MessageKey)}</h1>
      ${creatableTypes.includes(type) && ctx.viewer ? html`<p><a class="button" href=${`/new/${type}`}>${ctx.t(`new.${type}` as MessageKey)}</a></p>` : null}
      <${Filters} ctx=${ctx} deps=${deps} tag=${query.tag} zone=${query.zone} />
      <p><a href=${`/map?${new URLSearchParams({ type, ...(query.tag ? { tag: query.tag } : {}), ...(query.zone ? { zone: query.zone } : {}) })}`}>${ctx.t('search.onMap')}</a>${type === 'event' ? html` · <a href="/agenda">${ctx.t('nav.agenda')}</a>` : null}</p>
      <${ElementList} items=${page.items} ctx=${ctx} />
      ${next ? html`<p><a rel="next" href=${next}>${ctx.t('list.more')}</a></p>` : null}
    <//>`);
  });

  pages.get('/e/:slug', (c) => {
    const element = visibleBySlug(deps, c, c.req.param('slug'));
    const ownPage = ownPagePrefix[element.type];
    if (ownPage) return c.redirect(`${ownPage}${element.slug}`, 302);
    return sendPage(c, html`<${ElementPage} ctx=${pageContext(deps, c)} deps=${deps} element=${element} />`);
  });

  pages.get('/e/:slug/linked/:section', (c) => {
    const element = visibleBySlug(deps, c, c.req.param('slug'));
    const name = c.req.param('section');
    const { page } = parse(z.object({ page: z.coerce.number().int().min(1).max(100_000).default(1) }), c.req.query(), c.get('locale'));
    const ctx = pageContext(deps, c);
    const section = isSectionName(name) ? sectionPage(deps.db, ctx.viewer, ctx.t, element, name, linkedPageSize, (page - 1) * linkedPageSize) : null;
    if (!section) throw notFound('Page');
    const title = `${element.name} · ${section.title}`;
    return sendPage(c, html`<${Layout} ctx=${ctx} title=${title}>
      <p class="crumbs"><a href=${`/e/${element.slug}`}>${element.name}</a></p>
      <h1>${section.title} (${section.total})</h1>
      <${ElementList} items=${section.items} ctx=${ctx} />
      <p class="pager">${page > 1 ? html`<a rel="prev" href=${`?page=${page - 1}`}>${ctx.t('list.previous')}</a> ` : null}
        ${page * linkedPageSize < section.total ? html`<a rel="next" href=${`?page=${page + 1}`}>${ctx.t('list.more')}</a>` : null}</p>
    <//>`);
  });

  pages.get('/new/:type', (c) => {
    if (!c.get('viewer')) return toLogin(c);
    const type = creatableType(c.req.param('type'));
    return sendPage(c, formPage(deps, c, type, { visibility: 'public', organizerId: c.req.query('organizer') ?? '' }, undefined, false));
  });

  pages.post('/new/:type', async (c) => {
    if (!c.get('viewer')) return toLogin(c);
    const type = creatableType(c.req.param('type'));
    const form = await readForm(c);
    try {
      const element = createElement(deps, c.get('viewer'), formToInput({ ...form, type }, deps.box.timezone), c.get('locale'));
      return c.redirect(`/e/${element.slug}`, 303);
    } catch (error) {
      const errors = formErrors(error, c.get('locale'));
      if (!errors) throw error;
      return sendPage(c, formPage(deps, c, type, form, errors, false), 422);
    }
  });

  pages.get('/e/:slug/edit', (c) => {
    if (!c.get('viewer')) return toLogin(c);
    const element = visibleBySlug(deps, c, c.req.param('slug'));
    const values = element.type === 'event' ? { ...valuesOf(element), ...eventFormValues(element, deps.box.timezone) } : valuesOf(element);
    return sendPage(c, formPage(deps, c, element.type, values, undefined, true, element));
  });

  pages.post('/e/:slug/edit', async (c) => {
    if (!c.get('viewer')) return toLogin(c);
    const element = visibleBySlug(deps, c, c.req.param('slug'));
    const form = await readForm(c);
    try {
      const updated = updateElement(deps, c.get('viewer'), element.id, formToInput(form, element.timezone ?? deps.box.timezone), c.get('locale'));
      return c.redirect(`/e/${updated.slug}`, 303);
    } catch (error) {
      const errors = formErrors(error, c.get('locale'));
      if (!errors) throw error;
      if (error instanceof AppError && error.code === 'conflict' && error.field === 'version') {
        // Someone saved first: keep this person's values, tell them, and let a second save overwrite knowingly.
        const current = findElement(deps.db, element.id);
        if (!current) throw notFound('Element');
        return sendPage(c, formPage(deps, c, element.type, { ...form, version: String(current.version) }, { _: errors.version }, true, element), 409);
      }
      return sendPage(c, formPage(deps, c, element.type, form, errors, true, element), 422);
    }
  });

  pages.post('/e/:slug/delete', async (c) => {
    if (!c.get('viewer')) return toLogin(c);
    const element = visibleBySlug(deps, c, c.req.param('slug'));
    await readForm(c);
    deleteElement(deps, c.get('viewer'), element.id);
    return c.redirect(`/${pluralPath[element.type]}`, 303);
  });

  return pages;
}

function creatableType(value: string): ElementType {
  const type = value as ElementType;
  if (!creatableTypes.includes(type)) throw notFound('Page');
  return type;
}

export function visibleBySlug(deps: Deps, c: Ctx, slug: string): Element {
  const found = findElementBySlug(deps.db, slug);
  const element = found ? asSeenBy(deps, c.get('viewer'), found) : null;
  if (!element) throw notFound('Element');
  return element;
}

/** Form fields as API input: empty optional fields dropped, the checkbox made explicit. */
function formToInput(form: FormValues, timezone: string): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(form)) if (value !== '' || key === 'allDay') input[key] = value;
  if (form.type === 'event' || 'startsAt' in form) input.allDay = form.allDay === 'on' ? 'on' : 'false';
  // Fields a person may clear: an empty value is sent as such (an empty name then reads "required").
  for (const key of ['name', 'shortDescription', 'description', 'tags', 'street', 'postalCode', 'locality', 'contactPhone']) {
    if (key in form) input[key] = form[key];
  }
  // Events: the friendly recurrence becomes an RRULE; an emptied capacity means unlimited.
  if ('repeat' in form) {
    if ('capacity' in form) input.capacity = form.capacity;
    if ('placeId' in form) input.placeId = form.placeId;
    return recurrenceFromForm(input, form.timezone || timezone);
  }
  return input;
}

function formPage(deps: Deps, c: Ctx, type: ElementType, values: FormValues, errors: FieldErrors | undefined, isEdit: boolean, element?: Element) {
  const ctx = pageContext(deps, c);
  const communes = listCommunes(deps.db).map((row): [string, string] => [row.insee, row.name]);
  const organizers = ctx.viewer
    ? linksFrom(deps.db, ctx.viewer.personId)
        .filter((link) => link.status === 'active' && (link.kind === 'member' || link.kind === 'contributor'))
        .map((link) => readElement(deps, ctx.viewer, link.toId))
        .filter((e): e is Element => e !== null && (e.type === 'organization' || e.type === 'project'))
        .map((e): [string, string] => [e.id, e.name])
    : [];
  const places = type === 'event'
    ? listVisibleElements(deps.db, ctx.viewer, { type: 'poi' }, null, 300).items
        .map((place): [string, string] => [place.id, place.address.locality ? `${place.name} (${place.address.locality})` : place.name])
        .sort((a, b) => a[1].localeCompare(b[1], ctx.locale))
    : [];
  const title = isEdit ? ctx.t('form.editTitle', { name: element?.name ?? '' }) : ctx.t(`new.${type}` as MessageKey);
  return html`<${Layout} ctx=${ctx} title=${title}>
    <h1>${title}</h1>
    <${ElementForm} ctx=${ctx} options=${{ type, action: isEdit ? `/e/${element!.slug}/edit` : `/new/${type}`, values, errors, communes, organizers, places, isEdit, boxTimezone: deps.box.timezone }} />
  <//>`;
}

function Filters({ ctx, deps, tag, zone }: { ctx: PageContext; deps: Deps; tag?: string; zone?: string }) {
  const communes = listCommunes(deps.db);
  return html`<form method="get" class="filters">
    <label for="f-tag">${ctx.t('field.tag')}</label> <input id="f-tag" name="tag" value=${tag ?? ''} />
    <label for="f-zone">${ctx.t('field.commune')}</label>
    <select id="f-zone" name="zone"><option value="">${ctx.t('filter.allCommunes')}</option>
      ${communes.map((row) => html`<option value=${`commune:${row.insee}`} selected=${zone === `commune:${row.insee}`}>${row.name}</option>`)}
    </select>
    <button>${ctx.t('filter.apply')}</button>
  </form>`;
}

