// Reporting without JavaScript (/reports, and /report for a form on its own page), and the moderation
// queue (/moderation) with one form per decision, each coming back (303) to the queue.
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv, Ctx } from '../core/http/env.ts';
import { readForm } from '../core/http/input.ts';
import { parse } from '../core/validation.ts';
import type { Deps } from '../deps.ts';
import { html } from '../web/html.ts';
import { Layout, type FieldErrors } from '../web/layout.ts';
import { formErrors, pageContext, safeNext, sendPage, toLogin } from '../web/page.ts';
import { decide, moderationQueue, reportContent } from './actions.ts';
import { QueueItem, ReportForm } from './components.ts';
import { decisions, targetRefSchema, targetTypes, type TargetRef } from './model.ts';

const reportQuery = z.object({ target: targetRefSchema, back: z.string().optional() }).strict();
const decisionParams = z.object({ type: z.enum(targetTypes), id: z.uuid(), decision: z.enum(decisions) });

/** Back to the page the report was made on, at the comment reported. */
const backTo = (back: string | undefined, target: TargetRef) => `${safeNext(back)}${target.type === 'comment' ? `#comment-${target.id}` : ''}`;

export function moderationPages(deps: Deps) {
  const pages = new Hono<AppEnv>();

  /** The report form on a page of its own: what posts link to. */
  pages.get('/report', (c) => {
    if (!c.get('viewer')) return c.redirect(`/login?next=${encodeURIComponent(c.req.url.slice(c.req.url.indexOf('/report')))}`, 303);
    const { target, back } = parse(reportQuery, c.req.query(), c.get('locale'));
    return sendPage(c, reportPage(deps, c, target, back));
  });

  pages.post('/reports', async (c) => {
    const { back, ...input } = await readForm(c);
    if (!c.get('viewer')) return c.redirect(`/login?next=${encodeURIComponent(safeNext(back))}`, 303);
    const target = parse(targetRefSchema, input.target ?? '', c.get('locale'));
    try {
      reportContent(deps, c.get('viewer'), input, c.get('locale'));
      return c.redirect(backTo(back, target), 303);
    } catch (error) {
      const errors = formErrors(error, c.get('locale'));
      if (!errors) throw error;
      return sendPage(c, reportPage(deps, c, target, back, input, errors), 422);
    }
  });

  pages.get('/moderation', (c) => {
    if (!c.get('viewer')) return toLogin(c);
    return sendPage(c, queuePage(deps, c));
  });

  pages.post('/moderation/:type/:id/:decision', async (c) => {
    await readForm(c);
    if (!c.get('viewer')) return toLogin(c);
    const { type, id, decision } = parse(decisionParams, c.req.param(), c.get('locale'));
    decide(deps, c.get('viewer'), { type, id }, decision);
    return c.redirect('/moderation', 303);
  });

  return pages;
}

function reportPage(deps: Deps, c: Ctx, target: TargetRef, back: string | undefined, values?: Record<string, string>, errors?: FieldErrors) {
  const ctx = pageContext(deps, c);
  const title = ctx.t('report.title');
  return html`<${Layout} ctx=${ctx} title=${title}>
    <p class="crumbs"><a href=${safeNext(back)}>${ctx.t('comment.back')}</a></p>
    <h1>${title}</h1>
    <${ReportForm} ctx=${ctx} target=${target} back=${safeNext(back)} values=${values} errors=${errors} />
  <//>`;
}

function queuePage(deps: Deps, c: Ctx) {
  const ctx = pageContext(deps, c);
  const { t } = ctx;
  const queue = moderationQueue(deps, ctx.viewer);
  return html`<${Layout} ctx=${ctx} title=${t('moderation.title')}>
    <h1>${t('moderation.title')}</h1>
    <p>${t('moderation.explain')}</p>
    <section class="moderation-open"><h2>${t('moderation.open', { count: queue.open.length })}</h2>
      ${queue.open.length === 0 ? html`<p>${t('moderation.none')}</p>`
        : html`<ul class="moderation">${queue.open.map((entry) => html`<${QueueItem} ctx=${ctx} entry=${entry} />`)}</ul>`}
    </section>
    <section class="moderation-hidden"><h2>${t('moderation.hidden')}</h2>
      ${queue.hidden.length === 0 ? html`<p>${t('moderation.noneHidden')}</p>`
        : html`<ul class="moderation">${queue.hidden.map((entry) => html`<${QueueItem} ctx=${ctx} entry=${entry} />`)}</ul>`}
    </section>
  <//>`;
}
