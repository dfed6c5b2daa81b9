// Pieces of the moderation pages: the report form (under each comment, and for posts), the queue's entries,
// and the count of open reports shown to an element's admins.
import type { MessageKey } from '../core/i18n/index.ts';
import { formatDate } from '../core/i18n/index.ts';
import type { Deps } from '../deps.ts';
import { html } from '../web/html.ts';
import { Csrf, FormErrorSummary, type FieldErrors, type PageContext } from '../web/layout.ts';
import { openReportCount, type QueueEntry } from './actions.ts';
import { reportReasons, targetKey, type TargetRef } from './model.ts';
import { PlainText } from '../comments/plain-text.ts';

/** Reporting a post or a comment: a reason from the list, and the reporter's own words. Posts to /reports. */
export function ReportForm({ ctx, target, back, values = {}, errors }: {
  ctx: PageContext; target: TargetRef; back: string; values?: Record<string, string>; errors?: FieldErrors;
}) {
  const { t } = ctx;
  const key = targetKey(target);
  const detailsId = `report-details-${target.id}`;
  return html`<form method="post" action="/reports" class="stack report-form">
    <${Csrf} ctx=${ctx} />
    <${FormErrorSummary} errors=${errors} ctx=${ctx} />
    <input type="hidden" name="target" value=${key} /><input type="hidden" name="back" value=${back} />
    <fieldset class=${errors?.reason ? 'field invalid' : 'field'}><legend>${t('report.reason')} *</legend>
      ${reportReasons.map((reason) => html`<label class="check"><input type="radio" name="reason" value=${reason} required
        checked=${values.reason === reason} /> ${t(`report.reason.${reason}` as MessageKey)}</label>`)}
      ${errors?.reason ? html`<p class="error">${errors.reason}</p>` : null}
    </fieldset>
    <div class=${errors?.details ? 'field invalid' : 'field'}>
      <label for=${detailsId}>${t('report.details')}</label>
      <textarea id=${detailsId} name="details" rows="3" maxlength="1000">${values.details ?? ''}</textarea>
      ${errors?.details ? html`<p class="error">${errors.details}</p>` : null}
    </div>
    <p><small>${t('report.explain')}</small></p>
    <button class="secondary">${t('report.send')}</button>
  </form>`;
}

/** "3 reported things to look at" for a moderator of this element, or nothing. */
export function OpenReportsLink({ ctx, deps, scopeId }: { ctx: PageContext; deps: Deps; scopeId?: string }) {
  const count = openReportCount(deps, ctx.viewer, scopeId);
  if (count === 0) return null;
  return html`<p class="notice moderation-count"><a href="/moderation">${ctx.t('moderation.openCount', { count })}</a></p>`;
}

/** Posts and comments longer than this show their beginning in the queue; the link leads to the rest. */
const excerptLength = 1500;

export function QueueItem({ ctx, entry }: { ctx: PageContext; entry: QueueEntry }) {
  const { t } = ctx;
  const body = entry.body.length > excerptLength ? `${entry.body.slice(0, excerptLength)}…` : entry.body;
  const decision = (name: 'hide' | 'keep' | 'restore', cls: string) => html`<form method="post"
      action=${`/moderation/${entry.target.type}/${entry.target.id}/${name}`} class="inline"><${Csrf} ctx=${ctx} />
      <button class=${cls}>${t(`moderation.${name}`)}</button></form>`;
  return html`<li class="moderation-item" data-target=${targetKey(entry.target)}>
    <p class="meta"><span class="badge">${t(`moderation.${entry.target.type}`)}</span>
      ${' '}${t('moderation.by', { name: entry.author.name || t('comment.formerAuthor') })} · <a href=${entry.url}>${t('moderation.on', { name: entry.where })}</a>
      · ${formatDate(ctx.locale, entry.createdAt, true, ctx.timezone)}</p>
    <blockquote class="moderated-body"><${PlainText} text=${body} /></blockquote>
    <ul class="reasons">${entry.reasons.map((reason) => html`<li><strong>${t(`report.reason.${reason.reason}` as MessageKey)}</strong>${reason.details ? html` — « ${reason.details} »` : null}</li>`)}</ul>
    ${entry.hiddenAt
      ? html`<p>${t('moderation.hiddenOn', { date: formatDate(ctx.locale, entry.hiddenAt, true, ctx.timezone) })} ${decision('restore', 'secondary')}</p>`
      : html`<p class="actions">${decision('hide', 'danger')} ${decision('keep', 'secondary')}</p>`}
  </li>`;
}

