// iCalendar pages: import an .ics into an element's agenda (file or pasted text → preview → import →
// report), the personal feed address on "My account", and the subscribe links of the agenda pages.
import { Hono } from 'hono';
import { AppError, forbidden, notFound } from '../../core/errors.ts';
import type { AppEnv, Ctx } from '../../core/http/env.ts';
import { readForm } from '../../core/http/input.ts';
import { formatDate } from '../../core/i18n/index.ts';
import type { Deps } from '../../deps.ts';
import { accessTo } from '../../permissions/visibility.ts';
import { findElementBySlug } from '../../elements/storage.ts';
import type { Element } from '../../elements/model.ts';
import { html } from '../../web/html.ts';
import { Csrf, FormErrorSummary, Layout, type FieldErrors, type PageContext } from '../../web/layout.ts';
import { formErrors, pageContext, sendPage, toLogin } from '../../web/page.ts';
import { icsUploadLimit, personalFeedPath, webcalUrl } from './api.ts';
import { importIcs, type ImportReport } from './import.ts';
import { feedTokenInfo, renewFeedToken, revokeFeedToken } from './storage.ts';

export function icalPages(deps: Deps) {
  const pages = new Hono<AppEnv>();

  /** The element whose agenda is imported into, for one of its admins. */
  const importTarget = (c: Ctx): Element => {
    const viewer = c.get('viewer');
    const element = findElementBySlug(deps.db, c.req.param('slug') ?? '');
    const access = element && viewer ? accessTo(deps.db, viewer, element.id) : null;
    if (!element || !access?.canSee) throw notFound('Element');
    if (!access.isAdmin) throw forbidden('Only the admins of this element can import into its agenda');
    return element;
  };

  pages.get('/e/:slug/agenda/import', (c) => {
    if (!c.get('viewer')) return toLogin(c);
    return sendPage(c, importPage(pageContext(deps, c), importTarget(c), {}));
  });

  const tooLarge = (c: Ctx) => {
    const element = importTarget(c);
    return sendPage(c, importPage(pageContext(deps, c), element, { errors: { file: c.get('t')('ical.import.tooLarge') } }), 413);
  };
  pages.post('/e/:slug/agenda/import', icsUploadLimit(tooLarge), async (c) => {
    if (!c.get('viewer')) return toLogin(c);
    const element = importTarget(c);
    const body = await c.req.parseBody();
    if (body._csrf !== c.get('csrf')) throw new AppError('forbidden', 'This form has expired or did not come from this box; reload the page and try again');
    const file = body.file instanceof File && body.file.size > 0 ? new Uint8Array(await body.file.arrayBuffer()) : null;
    const text = typeof body.text === 'string' && body.text.trim() !== '' ? body.text : null;
    const ctx = pageContext(deps, c);
    if (!file && !text) return sendPage(c, importPage(ctx, element, { errors: { file: ctx.t('ical.import.nothing') } }), 422);
    const input = file ?? text!;
    const confirmed = body.confirm === 'yes';
    try {
      const report = importIcs(deps, c.get('viewer'), element.id, input, { dryRun: !confirmed, locale: c.get('locale') });
      // The preview carries the calendar as text to the confirming form: no upload kept on the box.
      const carried = confirmed ? undefined : typeof input === 'string' ? input : decodeForForm(input);
      return sendPage(c, importPage(ctx, element, { report, carried }));
    } catch (error) {
      const errors = formErrors(error, c.get('locale'));
      if (!errors) throw error;
      return sendPage(c, importPage(ctx, element, { errors: { file: errors.file ?? errors._ } }), error instanceof AppError && error.status === 413 ? 413 : 422);
    }
  });

  // The personal feed: a new secret address (the old one stops working), shown once; or none at all.
  pages.post('/me/calendar-feed', async (c) => {
    const viewer = c.get('viewer');
    if (!viewer) return toLogin(c);
    await readForm(c);
    const path = personalFeedPath(renewFeedToken(deps.db, viewer.personId));
    const ctx = pageContext(deps, c);
    return sendPage(c, html`<${Layout} ctx=${ctx} title=${ctx.t('ical.feed.title')}>
      <h1>${ctx.t('ical.feed.title')}</h1>
      <p class="notice" role="status">${ctx.t('ical.feed.created')}</p>
      <p><a href=${webcalUrl(c, path)}>${ctx.t('ical.subscribe')}</a></p>
      <p><code class="token">${new URL(c.req.url).origin}${path}</code></p>
      <p>${ctx.t('ical.feed.keepSecret')}</p>
      <p><a href="/me">${ctx.t('me.title')}</a></p>
    </${Layout}>`, 201);
  });

  pages.post('/me/calendar-feed/delete', async (c) => {
    const viewer = c.get('viewer');
    if (!viewer) return toLogin(c);
    await readForm(c);
    revokeFeedToken(deps.db, viewer.personId);
    return c.redirect('/me', 303);
  });

  return pages;
}

/** Text of an uploaded file for the preview's hidden field (the importer decodes it the same way). */
function decodeForForm(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

function importPage(ctx: PageContext, element: Element, state: { errors?: FieldErrors; report?: ImportReport; carried?: string }) {
  const { t } = ctx;
  const action = `/e/${element.slug}/agenda/import`;
  const { report } = state;
  return html`<${Layout} ctx=${ctx} title=${t('ical.import.title')}>
    <p class="crumbs"><a href=${`/e/${element.slug}`}>${element.name}</a></p>
    <h1>${t('ical.import.title')}</h1>
    ${report ? html`<${ImportReportView} ctx=${ctx} report=${report} />` : null}
    ${report && state.carried !== undefined && report.created + report.updated > 0 ? html`
      <form method="post" action=${action} enctype="multipart/form-data" class="stack"><${Csrf} ctx=${ctx} />
        <textarea name="text" hidden>${state.carried}</textarea>
        <input type="hidden" name="confirm" value="yes" />
        <button>${t('ical.import.confirm', { created: report.created, updated: report.updated })}</button>
      </form>` : null}
    ${report && !report.dryRun ? html`<p><a href=${`/e/${element.slug}`}>${element.name}</a></p>` : html`
      <p>${t('ical.import.explain')}</p>
      <${FormErrorSummary} errors=${state.errors} ctx=${ctx} />
      <form method="post" action=${action} enctype="multipart/form-data" class="stack"><${Csrf} ctx=${ctx} />
        <div class=${state.errors?.file ? 'field invalid' : 'field'}>
          <label for="f-file">${t('ical.import.file')}</label>
          <input id="f-file" type="file" name="file" accept=".ics,text/calendar" aria-describedby=${state.errors?.file ? 'f-file-error' : undefined} />
          ${state.errors?.file ? html`<p class="error" id="f-file-error">${state.errors.file}</p>` : null}
        </div>
        <div class="field"><label for="f-text">${t('ical.import.text')}</label><textarea id="f-text" name="text" rows="6"></textarea></div>
        <button>${t('ical.import.preview')}</button>
      </form>`}
  </${Layout}>`;
}

const actionKey = { create: 'ical.import.create', update: 'ical.import.update', skip: 'ical.import.skip' } as const;

function ImportReportView({ ctx, report }: { ctx: PageContext; report: ImportReport }) {
  const { t } = ctx;
  return html`<section>
    <h2>${report.dryRun ? t('ical.import.previewTitle') : t('ical.import.doneTitle')}</h2>
    <p role="status">${t(report.dryRun ? 'ical.import.willDo' : 'ical.import.did', { created: report.created, updated: report.updated, skipped: report.skipped })}</p>
    ${report.items.length > 0 ? html`<table>
      <thead><tr><th>${t('ical.import.event')}</th><th>${t('ical.import.date')}</th><th>${t('ical.import.action')}</th></tr></thead>
      <tbody>${report.items.map((item) => html`<tr>
        <td>${item.name || item.uid}</td>
        <td>${item.startsAt ? formatDate(ctx.locale, item.startsAt, true, ctx.timezone) : '—'}</td>
        <td>${t(actionKey[item.action])}${item.reason ? html`: ${item.reason}` : null}</td>
      </tr>`)}</tbody>
    </table>` : null}
  </section>`;
}

/** "My account": the personal calendar feed (make or renew it, revoke it). For app/accounts/pages.ts. */
export function CalendarFeedSection({ ctx, deps }: { ctx: PageContext; deps: Deps }) {
  const { t, viewer } = ctx;
  if (!viewer) return null;
  const info = feedTokenInfo(deps.db, viewer.personId);
  return html`<section><h2>${t('ical.feed.title')}</h2>
    <p>${t('ical.feed.explain')}</p>
    ${info ? html`<p>${t('ical.feed.since', { date: formatDate(ctx.locale, info.createdAt, true, ctx.timezone) })}</p>` : null}
    <form method="post" action="/me/calendar-feed" class="inline"><${Csrf} ctx=${ctx} />
      <button>${info ? t('ical.feed.renew') : t('ical.feed.create')}</button></form>
    ${info ? html`<form method="post" action="/me/calendar-feed/delete" class="inline"><${Csrf} ctx=${ctx} />
      <button class="secondary">${t('me.revoke')}</button></form>` : null}
  </section>`;
}

/**
 * Subscribe and download links for an agenda view's feed, for the agenda pages: `query` is the view's
 * filters as the feed takes them (zone, tag, type, element). `host` is the one the visitor reached.
 */
export function SubscribeLinks({ ctx, host, query }: { ctx: PageContext; host: string; query: Record<string, string | undefined> }) {
  const params = new URLSearchParams(Object.entries(query).filter((entry): entry is [string, string] => Boolean(entry[1])));
  const path = `/api/v1/agenda.ics${params.size > 0 ? `?${params}` : ''}`;
  return html`<p class="subscribe">
    <a href=${`webcal://${host}${path}`}>${ctx.t('ical.subscribe')}</a> · <a href=${path} download>${ctx.t('ical.download')}</a>
  </p>`;
}
