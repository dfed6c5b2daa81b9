// The agenda's part of an element page: for an event, who goes (with the capacity and the waiting list),
// its coming dates (admins cancel or move one); for an organization, project or place, a link to its agenda.
import { html } from '../web/html.ts';
import { readElement } from '../elements/actions.ts';
import { Csrf, type PageContext } from '../web/layout.ts';
import type { Deps } from '../deps.ts';
import type { Element } from '../elements/model.ts';
import { nowMs } from '../core/time.ts';
import { attendanceOf } from './attendance.ts';
import { eventOccurrences } from './events.ts';
import { instantToLocal } from './local-time.ts';

const shownOccurrences = 12;

export function AgendaSection({ ctx, deps, element, isAdmin }: { ctx: PageContext; deps: Deps; element: Element; isAdmin: boolean }) {
  if (element.type === 'person') return null;
  const agendaLink = html`<p><a href=${`/e/${element.slug}/agenda`}>${ctx.t('agenda.ofElement', { name: element.name })}</a></p>`;
  if (element.type !== 'event') return agendaLink;
  const place = element.placeId ? readElement(deps, ctx.viewer, element.placeId) : null;
  return html`${place ? html`<p class="event-place"><strong>${ctx.t('agenda.where')}</strong> <a href=${`/e/${place.slug}`}>${place.name}</a></p>` : null}
    ${element.rrule
      ? html`<${Occurrences} ctx=${ctx} deps=${deps} event=${element} isAdmin=${isAdmin} />`
      : html`<section id="attendance"><h2>${ctx.t('agenda.attendance')}</h2><${Attendance} ctx=${ctx} deps=${deps} event=${element} occurrence="" /></section>`}`;
}

/** Who goes to a single event, or to one date of a recurring one (`occurrence`: its original start), and the viewer's buttons. */
function Attendance({ ctx, deps, event, occurrence }: { ctx: PageContext; deps: Deps; event: Element; occurrence: string }) {
  const { t, viewer } = ctx;
  const summary = attendanceOf(deps.db, event.id, viewer, event.capacity, occurrence);
  const post = (status: string, label: string, cls = '') => html`<form method="post" action=${`/e/${event.slug}/attendance`} class="inline">
    <${Csrf} ctx=${ctx} /><input type="hidden" name="status" value=${status} />${occurrence ? html`<input type="hidden" name="occurrence" value=${occurrence} />` : null}<button class=${cls}>${label}</button></form>`;
  const full = summary.capacity !== null && summary.going >= summary.capacity;
  return html`<div class="attendance">
    <p>${summary.capacity === null ? t('agenda.goingCount', { count: summary.going }) : t('agenda.goingOf', { count: summary.going, capacity: summary.capacity })}
      · ${t('agenda.interestedCount', { count: summary.interested })}
      ${summary.waiting ? html` · ${t('agenda.waitingCount', { count: summary.waiting })}` : null}</p>
    ${!viewer ? html`<p><a href=${`/login?next=/e/${event.slug}`}>${t('agenda.signInToAttend')}</a></p>` : html`<p class="actions">
      ${summary.mine === 'going' ? html`<strong>${t('agenda.youGo')}</strong> ` : null}
      ${summary.mine === 'waiting' ? html`<strong>${t('agenda.youWait', { position: summary.waitingPosition ?? 0 })}</strong> ` : null}
      ${summary.mine === 'interested' ? html`<strong>${t('agenda.youAreInterested')}</strong> ` : null}
      ${summary.mine !== 'going' && summary.mine !== 'waiting' ? post('going', full ? t('agenda.joinWaitingList') : t('agenda.going')) : null}
      ${summary.mine !== 'interested' && summary.mine !== 'waiting' && summary.mine !== 'going' ? post('interested', t('agenda.interested'), 'secondary') : null}
      ${summary.mine ? post('leave', t('agenda.notGoing'), 'secondary') : null}</p>`}
  </div>`;
}

function Occurrences({ ctx, deps, event, isAdmin }: { ctx: PageContext; deps: Deps; event: Element; isAdmin: boolean }) {
  const { t } = ctx;
  const timezone = deps.box.timezone;
  const eventZone = event.timezone ?? timezone;
  const from = new Date(nowMs());
  const { occurrences } = eventOccurrences(deps.db, ctx.viewer, { from, to: new Date(from.getTime() + 366 * 86_400_000) },
    { element: event.id, boxTimezone: timezone, limit: 200 });
  const own = occurrences.filter((occurrence) => occurrence.event.id === event.id).slice(0, shownOccurrences);
  const cancelled = event.exdates.filter((date) => Date.parse(date) >= from.getTime());
  const when = new Intl.DateTimeFormat(ctx.locale, { dateStyle: 'full', timeStyle: event.allDay ? undefined : 'short', timeZone: timezone });
  const form = (occurrence: string, action: string, label: string, extra: unknown = null, cls = 'secondary') =>
    html`<form method="post" action=${`/e/${event.slug}/occurrences`} class="inline"><${Csrf} ctx=${ctx} />
      <input type="hidden" name="originalStart" value=${occurrence} /><input type="hidden" name="action" value=${action} />${extra}<button class=${cls}>${label}</button></form>`;
  return html`<section id="occurrences"><h2>${t('agenda.nextDates')}</h2>
    <ul>${own.map((occurrence) => html`<li><time datetime=${occurrence.startsAt}>${when.format(new Date(occurrence.startsAt))}</time>
      ${occurrence.moved ? html` <span class="badge">${t('agenda.moved')}</span>` : null}
      <${Attendance} ctx=${ctx} deps=${deps} event=${event} occurrence=${occurrence.originalStart} />
      ${isAdmin ? html` ${form(occurrence.originalStart, 'cancel', t('agenda.cancelDate'))}
        <details class="inline"><summary>${t('agenda.moveDate')}</summary>
          ${form(occurrence.originalStart, 'move', t('agenda.moveDate'), html`<label>${t('agenda.newStart')}
            <input type="datetime-local" name="startsAt" required value=${instantToLocal(occurrence.startsAt, eventZone)} /></label> `, '')}
        </details>
        ${occurrence.moved ? form(occurrence.originalStart, 'restore', t('agenda.restoreDate')) : null}` : null}</li>`)}</ul>
    ${cancelled.length ? html`<h3>${t('agenda.cancelledDates')}</h3><ul>${cancelled.map((date) => html`<li><del>${when.format(new Date(date))}</del>
      ${isAdmin ? form(date, 'restore', t('agenda.restoreDate')) : null}</li>`)}</ul>` : null}
  </section>`;
}
