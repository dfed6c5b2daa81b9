// Pieces of the cooperative space's pages: status badges, results, history, the action list.
import { formatDate } from '../core/i18n/index.ts';
import { html } from '../web/html.ts';
import { Csrf, type PageContext } from '../web/layout.ts';
import { actionState, type CoopAction, type HistoryEntry, type Proposal, type Tally } from './model.ts';

export const when = (ctx: PageContext, iso: string) => formatDate(ctx.locale, iso, true, ctx.timezone);

export function StatusBadge({ ctx, status }: { ctx: PageContext; status: Proposal['status'] }) {
  return html`<span class=${`badge coop-status coop-${status}`} data-status=${status}>${ctx.t(`coop.status.${status}`)}</span>`;
}

export function ProposalList({ ctx, proposals }: { ctx: PageContext; proposals: Proposal[] }) {
  if (proposals.length === 0) return html`<p class="empty">${ctx.t('coop.noProposals')}</p>`;
  return html`<ul class="coop-proposals">${proposals.map((proposal) => html`<li data-proposal=${proposal.id}>
    <a href=${`/coop/proposals/${proposal.id}`}>${proposal.title}</a> <${StatusBadge} ctx=${ctx} status=${proposal.status} />
    ${proposal.status === 'voting' && proposal.closesAt ? html` <small>${ctx.t('coop.closesAt', { at: when(ctx, proposal.closesAt) })}</small>` : null}
    ${proposal.tally ? html` <small>${tallyLine(ctx, proposal.tally)}</small>` : null}
  </li>`)}</ul>`;
}

export const tallyLine = (ctx: PageContext, tally: Tally) =>
  ctx.t('coop.tallyLine', { for: tally.for, against: tally.against, blank: tally.blank });

/** The counts, the share of "for" among "for" and "against", and the majority it needed. */
export function Results({ ctx, tally, final }: { ctx: PageContext; tally: Tally; final: boolean }) {
  const { t } = ctx;
  const percent = tally.ratio === null ? '—' : new Intl.NumberFormat(ctx.locale, { style: 'percent', maximumFractionDigits: 1 }).format(tally.ratio);
  return html`<div class="coop-results" data-final=${final ? 'true' : 'false'}>
    <table>
      <tbody>
        <tr><th scope="row">${t('coop.choice.for')}</th><td data-count="for">${tally.for}</td></tr>
        <tr><th scope="row">${t('coop.choice.against')}</th><td data-count="against">${tally.against}</td></tr>
        <tr><th scope="row">${t('coop.choice.blank')}</th><td data-count="blank">${tally.blank}</td></tr>
        <tr><th scope="row">${t('coop.results.total')}</th><td data-count="total">${tally.total}</td></tr>
      </tbody>
    </table>
    <p>${t('coop.results.ratio', { percent, majority: t(`coop.majority.${tally.majority}`) })}</p>
    <p><small>${t('coop.results.blanks')}</small></p>
    ${final ? html`<p class="coop-outcome" data-adopted=${tally.adopted ? 'true' : 'false'}><strong>${t(tally.adopted ? 'coop.outcome.adopted' : 'coop.outcome.rejected')}</strong></p>` : null}
  </div>`;
}

export function History({ ctx, history }: { ctx: PageContext; history: HistoryEntry[] }) {
  const { t } = ctx;
  return html`<ol class="coop-history">${history.map((entry) => html`<li data-event=${entry.event}>
    <time datetime=${entry.at}>${when(ctx, entry.at)}</time> — ${t(`coop.history.${entry.event}`)}
    ${entry.actorName ? html` · ${entry.actorName}` : entry.actorId === null ? html` · ${t('coop.history.box')}` : null}
    ${typeof entry.detail.version === 'number' && entry.body !== null ? html` · ${t('coop.version', { version: entry.detail.version })}` : null}
    ${entry.body !== null ? html`<details><summary>${t('coop.history.text')}</summary><pre class="coop-text">${entry.body}</pre></details>` : null}
  </li>`)}</ol>`;
}

/** An element's actions: state (late is derived), due date, actors; members move them on without JavaScript. */
export function ActionList({ ctx, actions, today, participants, editable }: {
  ctx: PageContext; actions: CoopAction[]; today: string; participants: { id: string; name: string }[]; editable: boolean;
}) {
  const { t } = ctx;
  if (actions.length === 0) return html`<p class="empty">${t('coop.noActions')}</p>`;
  return html`<ul class="coop-actions">${actions.map((action) => {
    const state = actionState(action, today);
    return html`<li id=${`action-${action.id}`} data-action=${action.id} data-state=${state}>
      <strong>${action.title}</strong> <span class=${`badge coop-action-${state}`}>${t(`coop.action.state.${state}`)}</span>
      ${action.dueDate ? html` <small>${t('coop.action.due', { date: formatDate(ctx.locale, `${action.dueDate}T12:00:00Z`, false, 'UTC') })}</small>` : null}
      ${action.description ? html`<p>${action.description}</p>` : null}
      <p><small>${t('coop.action.actors')}: ${action.actors.length === 0 ? '—' : action.actors.map((actor) => actor.name).join(', ')}</small></p>
      ${editable ? html`<form method="post" action=${`/coop/actions/${action.id}`} class="coop-action-form">
        <${Csrf} ctx=${ctx} />
        <label>${t('coop.action.status')} <select name="status">
          ${(['todo', 'in_progress', 'done'] as const).map((status) => html`<option value=${status} selected=${status === action.status}>${t(`coop.action.state.${status}`)}</option>`)}
        </select></label>
        <fieldset><legend>${t('coop.action.actors')}</legend>
          ${participants.map((person) => html`<label class="inline"><input type="checkbox" name=${`actor:${person.id}`} checked=${action.actors.some((a) => a.id === person.id)} /> ${person.name}</label> `)}
        </fieldset>
        <button>${t('form.save')}</button>
      </form>` : null}
    </li>`;
  })}</ul>`;
}
