// Agenda pages: the territory's agenda (month, week, list), an element's agenda, "my agenda", a printable
// programme of a week or a month, and the forms of an event page (attendance, one occurrence cancelled or moved).
import { Hono } from 'hono';
import { SubscribeLinks } from './ical/pages.ts';
import { accessTo } from '../permissions/visibility.ts';
import { z } from 'zod';
import type { Temporal } from 'temporal-polyfill';
import type { AppEnv, Ctx } from '../core/http/env.ts';
import { notFound } from '../core/errors.ts';
import { readForm } from '../core/http/input.ts';
import { parse } from '../core/validation.ts';
import { nowMs } from '../core/time.ts';
import type { MessageKey } from '../core/i18n/index.ts';
import type { Deps } from '../deps.ts';
import { html } from '../web/html.ts';
import { Layout, type PageContext } from '../web/layout.ts';
import { formErrors, pageContext, sendPage, toLogin } from '../web/page.ts';
import { listCommunes, mainTerritory } from '../zones/communes.ts';
import { listCustomZones } from '../zones/custom.ts';
import { kindsByType, type Element } from '../elements/model.ts';
import { kindLabel } from '../elements/components.ts';
import { visibleBySlug } from '../elements/pages.ts';
import { eventOccurrences, type AgendaFilters, type EventOccurrence } from './events.ts';
import { eventsQuerySchema } from './params.ts';
import { anchorOf, daysOf, fillDays, stepOf, views, type Day, type View } from './calendar.ts';
import { agendaCss } from './style.ts';
import { leaveAttendance, setAttendance } from './attendance.ts';
import { cancelOccurrence, moveOccurrence, restoreOccurrence } from './occurrences.ts';
import { localToInstant } from './local-time.ts';

const pageQuerySchema = eventsQuerySchema.omit({ from: true, to: true, element: true, mine: true, cursor: true, limit: true }).extend({
  view: z.enum(views).default('month'),
  date: z.string().max(10).optional(),
}).strict();
const printQuerySchema = pageQuerySchema.omit({ view: true }).extend({ span: z.enum(['week', 'month']).default('week') }).strict();

type PageQuery = z.infer<typeof pageQuerySchema>;

/** A page's query: empty fields dropped; one zone (the filter's select) or none. */
function pageQuery<S extends z.ZodType>(c: Ctx, schema: S): z.infer<S> {
  const input: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(c.req.query())) if (value !== '') input[key] = value;
  if (typeof input.zone === 'string') input.zone = [input.zone];
  return parse(schema, input, c.get('locale'));
}

interface AgendaView {
  title: string;
  /** Path of this agenda (/agenda, /e/slug/agenda, /me/agenda) and whether it offers the filters. */
  base: string;
  filters: AgendaFilters;
  showFilters: boolean;
  /** The .ics feed of this view: its parameters (none: no feed offered, as for "my agenda"). */
  feed?: Record<string, string | undefined>;
  /** For an element's admins: where its agenda imports an .ics file. */
  importHref?: string;
}

export function agendaPages(deps: Deps) {
  const pages = new Hono<AppEnv>();
  const tz = () => deps.box.timezone;

  pages.get('/agenda', (c) => {
    const ctx = pageContext(deps, c);
    const query = pageQuery(c, pageQuerySchema);
    const feed = { zone: query.zone?.join(','), tag: query.tag, type: query.type };
    return sendPage(c, agendaPage(deps, c, { title: ctx.t('agenda.title'), base: '/agenda', filters: {}, showFilters: true, feed }));
  });

  pages.get('/agenda/print', (c) => sendPage(c, programmePage(deps, c, '/agenda', {})));

  pages.get('/me/agenda', (c) => {
    const viewer = c.get('viewer');
    if (!viewer) return toLogin(c);
    const ctx = pageContext(deps, c);
    return sendPage(c, agendaPage(deps, c, { title: ctx.t('agenda.mine'), base: '/me/agenda', filters: { person: viewer.personId }, showFilters: false }));
  });

  pages.get('/me/agenda/print', (c) => {
    const viewer = c.get('viewer');
    if (!viewer) return toLogin(c);
    return sendPage(c, programmePage(deps, c, '/me/agenda', { person: viewer.personId }));
  });

  pages.get('/e/:slug/agenda', (c) => {
    const element = visibleBySlug(deps, c, c.req.param('slug'));
    const ctx = pageContext(deps, c);
    return sendPage(c, agendaPage(deps, c, {
      title: ctx.t('agenda.ofElement', { name: element.name }), base: `/e/${element.slug}/agenda`, filters: { element: element.id }, showFilters: false,
      feed: { element: element.id },
      importHref: accessTo(deps.db, ctx.viewer, element.id).isAdmin ? `/e/${element.slug}/agenda/import` : undefined,
    }));
  });

  pages.get('/e/:slug/agenda/print', (c) => {
    const element = visibleBySlug(deps, c, c.req.param('slug'));
    return sendPage(c, programmePage(deps, c, `/e/${element.slug}/agenda`, { element: element.id }, element.name));
  });

  pages.post('/e/:slug/attendance', async (c) => {
    if (!c.get('viewer')) return toLogin(c);
    const event = visibleEvent(deps, c);
    const form = await readForm(c);
    const date = form.occurrence || undefined;
    if (form.status === 'going' || form.status === 'interested') setAttendance(deps.db, c.get('viewer'), event.id, form.status, date, deps.box.timezone);
    else leaveAttendance(deps.db, c.get('viewer'), event.id, date, deps.box.timezone);
    return c.redirect(`/e/${event.slug}#${date ? 'occurrences' : 'attendance'}`, 303);
  });

  pages.post('/e/:slug/occurrences', async (c) => {
    if (!c.get('viewer')) return toLogin(c);
    const event = visibleEvent(deps, c);
    const form = await readForm(c);
    const viewer = c.get('viewer');
    const original = form.originalStart ?? '';
    try {
      if (form.action === 'cancel') cancelOccurrence(deps.db, viewer, event.id, original, tz());
      else if (form.action === 'restore') restoreOccurrence(deps.db, viewer, event.id, original, tz());
      else {
        const timezone = event.timezone ?? tz();
        const startsAt = localToInstant(form.startsAt ?? '', timezone, 'startsAt');
        if (Number.isNaN(Date.parse(startsAt))) return c.redirect(`/e/${event.slug}?error=startsAt#occurrences`, 303);
        const endsAt = form.endsAt ? localToInstant(form.endsAt, timezone, 'endsAt') : null;
        moveOccurrence(deps.db, viewer, event.id, original, { startsAt, endsAt }, tz());
      }
    } catch (error) {
      const errors = formErrors(error, c.get('locale'));
      if (!errors) throw error;
      const ctx = pageContext(deps, c);
      return sendPage(c, html`<${Layout} ctx=${ctx} title=${event.name}>
        <h1>${event.name}</h1><div class="error-summary" role="alert"><p>${Object.values(errors)[0]}</p></div>
        <p><a href=${`/e/${event.slug}#occurrences`}>${ctx.t('agenda.backToEvent')}</a></p><//>`, 422);
    }
    return c.redirect(`/e/${event.slug}#occurrences`, 303);
  });

  return pages;
}

function visibleEvent(deps: Deps, c: Ctx): Element {
  const element = visibleBySlug(deps, c, c.req.param('slug') ?? '');
  if (element.type !== 'event') throw notFound('Event');
  return element;
}

const filtersOfPage = (deps: Deps, query: Omit<PageQuery, 'view' | 'date'>, base: AgendaFilters): AgendaFilters =>
  ({ ...base, zones: query.zone, tag: query.tag, kind: query.type, boxTimezone: deps.box.timezone });

function agendaPage(deps: Deps, c: Ctx, view: AgendaView) {
  const ctx = pageContext(deps, c);
  const query = pageQuery(c, pageQuerySchema);
  const timezone = deps.box.timezone;
  const anchor = anchorOf(query.date, timezone, nowMs());
  const days = daysOf(query.view, anchor, timezone);
  const { occurrences, truncated } = eventOccurrences(deps.db, ctx.viewer, { from: new Date(days[0].start), to: new Date(days.at(-1)!.end) },
    filtersOfPage(deps, query, view.filters));
  fillDays(days, occurrences);
  const today = anchorOf(undefined, timezone, nowMs());
  const link = (changes: Record<string, string>) => `${view.base}?${new URLSearchParams({ ...plainQuery(query), ...changes })}`;
  const heading = periodLabel(ctx, query.view, anchor, days, timezone);
  return html`<${Layout} ctx=${ctx} title=${view.title} head=${html`<style dangerouslySetInnerHTML=${{ __html: agendaCss }} />`}>
    <h1>${view.title}</h1>
    ${view.showFilters ? html`<${AgendaFiltersForm} ctx=${ctx} deps=${deps} query=${query} />` : null}
    <nav class="agenda-nav" aria-label=${ctx.t('agenda.navigation')}>
      <a rel="prev" href=${link({ date: stepOf(query.view, anchor, -1).toString() })}>← ${ctx.t('agenda.previous')}</a>
      <strong>${heading}</strong>
      <a rel="next" href=${link({ date: stepOf(query.view, anchor, 1).toString() })}>${ctx.t('agenda.next')} →</a>
      <a href=${link({ date: today.toString() })}>${ctx.t('agenda.today')}</a>
      <span class="views">${views.map((name) => html`<a href=${link({ view: name })} aria-current=${name === query.view ? 'page' : undefined}>${ctx.t(`agenda.view.${name}` as MessageKey)}</a> `)}</span>
      <a href=${`${view.base}/print?${new URLSearchParams({ ...plainQuery(query), span: query.view === 'month' ? 'month' : 'week' })}`}>${ctx.t('agenda.print')}</a>
      ${ctx.viewer && view.base !== '/me/agenda' ? html`<a href="/me/agenda">${ctx.t('agenda.mine')}</a>` : null}
    </nav>
    ${view.feed ? html`<${SubscribeLinks} ctx=${ctx} host=${new URL(c.req.url).host} query=${view.feed} />` : null}
    ${view.importHref ? html`<p><a href=${view.importHref}>${ctx.t('ical.import.title')}</a></p>` : null}
    ${truncated ? html`<p class="notice">${ctx.t('agenda.truncated')}</p>` : null}
    ${query.view === 'list'
      ? html`<${DayList} ctx=${ctx} days=${days.filter((day) => day.occurrences.length > 0)} timezone=${timezone} />`
      : html`<${DayGrid} ctx=${ctx} days=${days} timezone=${timezone} today=${today} />`}
    ${occurrences.length === 0 ? html`<p class="empty">${ctx.t('agenda.empty')}</p>` : null}
  <//>`;
}

/** The filters of a query as URL parameters (the view's own come on top). */
function plainQuery(query: Partial<PageQuery>): Record<string, string> {
  const params: Record<string, string> = {};
  if (query.view) params.view = query.view;
  if (query.date) params.date = query.date;
  if (query.zone?.[0]) params.zone = query.zone[0];
  if (query.tag) params.tag = query.tag;
  if (query.type) params.type = query.type;
  return params;
}

function AgendaFiltersForm({ ctx, deps, query }: { ctx: PageContext; deps: Deps; query: PageQuery }) {
  const zone = query.zone?.[0] ?? '';
  // The box's intercommunality and its custom territories (across borders), then each commune.
  const territory = mainTerritory(deps.db);
  const customs = listCustomZones(deps.db);
  return html`<form method="get" class="filters">
    <input type="hidden" name="view" value=${query.view} />
    ${query.date ? html`<input type="hidden" name="date" value=${query.date} />` : null}
    <label for="a-zone">${ctx.t('agenda.where')}</label>
    <select id="a-zone" name="zone"><option value="">${ctx.t('filter.allCommunes')}</option>
      ${territory ? html`<option value=${territory.id} selected=${zone === territory.id}>${territory.name}</option>` : null}
      ${customs.length ? html`<optgroup label=${ctx.t('zone.level.custom')}>
        ${customs.map((custom) => html`<option value=${custom.id} selected=${zone === custom.id}>${custom.name}</option>`)}</optgroup>` : null}
      <optgroup label=${ctx.t('zone.level.commune')}>
        ${listCommunes(deps.db).map((row) => html`<option value=${`commune:${row.insee}`} selected=${zone === `commune:${row.insee}` || zone === row.insee}>${row.name}</option>`)}
      </optgroup>
    </select>
    <label for="a-tag">${ctx.t('field.tag')}</label> <input id="a-tag" name="tag" value=${query.tag ?? ''} />
    <label for="a-type">${ctx.t('field.kind')}</label>
    <select id="a-type" name="type"><option value="">${ctx.t('agenda.allKinds')}</option>
      ${kindsByType.event.map((kind) => html`<option value=${kind} selected=${query.type === kind}>${kindLabel(ctx, kind)}</option>`)}
    </select>
    <button>${ctx.t('filter.apply')}</button>
  </form>`;
}

// Formatters cost far more to build than to use: one per language, style and time zone.
const formats = new Map<string, Intl.DateTimeFormat>();
function format(locale: string, timezone: string, style: 'time' | 'dayLong' | 'dayShort' | 'month' | 'weekday' | 'date'): Intl.DateTimeFormat {
  const key = `${locale}|${timezone}|${style}`;
  let found = formats.get(key);
  if (!found) {
    const options: Record<typeof style, Intl.DateTimeFormatOptions> = {
      time: { hour: '2-digit', minute: '2-digit' },
      dayLong: { weekday: 'long', day: 'numeric', month: 'long' },
      dayShort: { weekday: 'short', day: 'numeric' },
      month: { month: 'long', year: 'numeric' },
      weekday: { weekday: 'short' },
      date: { day: 'numeric', month: 'long', year: 'numeric' },
    };
    found = new Intl.DateTimeFormat(locale, { ...options[style], timeZone: timezone });
    formats.set(key, found);
  }
  return found;
}

function periodLabel(ctx: PageContext, view: View | 'week' | 'month', anchor: Temporal.PlainDate, days: Day[], timezone: string): string {
  if (view === 'month') return format(ctx.locale, timezone, 'month').format(new Date(anchor.with({ day: 15 }).toZonedDateTime({ timeZone: timezone }).epochMilliseconds));
  const dates = format(ctx.locale, timezone, 'date');
  return `${dates.format(new Date(days[0].start))} – ${dates.format(new Date(days.at(-1)!.start))}`;
}

function DayGrid({ ctx, days, timezone, today }: { ctx: PageContext; days: Day[]; timezone: string; today: Temporal.PlainDate }) {
  const weekday = format(ctx.locale, timezone, 'weekday');
  return html`<ol class="agenda-grid">
    ${days.slice(0, 7).map((day) => html`<li class="dow-head" aria-hidden="true">${weekday.format(new Date(day.start))}</li>`)}
    ${days.map((day) => html`<li class=${['agenda-day', day.outside ? 'outside' : '', day.occurrences.length ? '' : 'empty', day.date.equals(today) ? 'today' : ''].filter(Boolean).join(' ')}>
      <${DayContent} ctx=${ctx} day=${day} timezone=${timezone} />
    </li>`)}
  </ol>`;
}

function DayList({ ctx, days, timezone }: { ctx: PageContext; days: Day[]; timezone: string }) {
  return html`<div class="agenda-list">${days.map((day) => html`<section class="agenda-day"><${DayContent} ctx=${ctx} day=${day} timezone=${timezone} /></section>`)}</div>`;
}

function DayContent({ ctx, day, timezone }: { ctx: PageContext; day: Day; timezone: string }) {
  const date = new Date(day.start);
  return html`<h3><span class="short">${day.date.day}</span><span class="long">${format(ctx.locale, timezone, 'dayLong').format(date)}</span></h3>
    ${day.occurrences.length ? html`<ul class="occurrences">${day.occurrences.map((occurrence) => html`<${OccurrenceItem} ctx=${ctx} occurrence=${occurrence} day=${day} timezone=${timezone} />`)}</ul>` : null}`;
}

/** When an occurrence runs on a given day: all day, its hours, or the part of a longer one. */
function whenOnDay(ctx: PageContext, occurrence: EventOccurrence, day: Day, timezone: string): string {
  if (occurrence.allDay) return ctx.t('agenda.allDay');
  const time = format(ctx.locale, timezone, 'time');
  const start = Date.parse(occurrence.startsAt);
  const end = occurrence.endsAt === null ? null : Date.parse(occurrence.endsAt);
  const startsToday = start >= day.start;
  const endsToday = end !== null && end <= day.end;
  if (startsToday && end !== null && endsToday) return `${time.format(start)}–${time.format(end)}`;
  if (startsToday) return end === null ? time.format(start) : `${time.format(start)} →`;
  return endsToday ? `→ ${time.format(end!)}` : ctx.t('agenda.allDay');
}

function OccurrenceItem({ ctx, occurrence, day, timezone }: { ctx: PageContext; occurrence: EventOccurrence; day: Day; timezone: string }) {
  const { event } = occurrence;
  const place = [event.locality, event.commune].filter((value, index, all) => value && all.indexOf(value) === index).join(', ');
  const details = [place, event.organizers.join(', ')].filter(Boolean).join(' · ');
  return html`<li>
    <time datetime=${occurrence.startsAt}>${whenOnDay(ctx, occurrence, day, timezone)}</time>
    <a href=${`/e/${event.slug}`}>${event.name}</a>
    ${event.kind ? html` <span class="badge">${kindLabel(ctx, event.kind)}</span>` : null}
    ${event.visibility !== 'public' ? html` <span class="badge private">${ctx.t(`visibility.${event.visibility}` as MessageKey)}</span>` : null}
    ${occurrence.moved ? html` <span class="badge">${ctx.t('agenda.moved')}</span>` : null}
    ${event.fromBox ? html` <span class="badge from-box">${ctx.t('further.fromBox', { box: event.fromBox })}</span>` : null}
    ${details ? html`<small>${details}</small>` : null}
  </li>`;
}

/** A week or a month of events on A4, readable in black and white: days that have events, in order. */
function programmePage(deps: Deps, c: Ctx, base: string, baseFilters: AgendaFilters, of?: string) {
  const ctx = pageContext(deps, c);
  const query = pageQuery(c, printQuerySchema);
  const timezone = deps.box.timezone;
  const anchor = anchorOf(query.date, timezone, nowMs());
  const span = query.span;
  const days = span === 'month' ? daysOf('month', anchor, timezone).filter((day) => !day.outside) : daysOf('week', anchor, timezone);
  const { occurrences } = eventOccurrences(deps.db, ctx.viewer, { from: new Date(days[0].start), to: new Date(days.at(-1)!.end) },
    filtersOfPage(deps, query, baseFilters));
  fillDays(days, occurrences);
  const title = ctx.t('agenda.programme', { name: of ?? ctx.boxName });
  const back = `${base}?${new URLSearchParams({ ...plainQuery({ ...query, view: span }) })}`;
  return html`<${Layout} ctx=${ctx} title=${title} head=${html`<style dangerouslySetInnerHTML=${{ __html: agendaCss }} />`}>
    <p class="no-print"><a href=${back}>${ctx.t('agenda.backToAgenda')}</a> · ${ctx.t('agenda.printHint')}</p>
    <article class="programme">
      <h1>${title}</h1>
      <p class="period">${periodLabel(ctx, span, anchor, days, timezone)}</p>
      <${DayList} ctx=${ctx} days=${days.filter((day) => day.occurrences.length > 0)} timezone=${timezone} />
      ${occurrences.length === 0 ? html`<p class="empty">${ctx.t('agenda.empty')}</p>` : null}
    </article>
  <//>`;
}
