// Pieces of the feed pages: the live feed's filters, its upcoming events, its items (posts and new elements).
import { formatDate, type MessageKey } from '../core/i18n/index.ts';
import type { Deps } from '../deps.ts';
import { html } from '../web/html.ts';
import type { PageContext } from '../web/layout.ts';
import { kindLabel, typeLabel } from '../elements/components.ts';
import { listCommunes, mainTerritory } from '../zones/communes.ts';
import { listCustomZones } from '../zones/custom.ts';
import type { EventOccurrence } from '../agenda/events.ts';
import { PostCard } from '../posts/components.ts';
import { zoneNames } from '../posts/zones.ts';
import { liveTypes, type LiveItem, type LivePage } from './live.ts';
import type { ElementItem } from './storage.ts';

/** The live feed's filters as URL parameters (the cursor's page comes on top). */
export function liveParams(page: Pick<LivePage, 'zone' | 'tag' | 'type'>, cursor?: string): URLSearchParams {
  const params = new URLSearchParams();
  if (page.zone) params.set('zone', page.zone);
  if (page.tag) params.set('tag', page.tag);
  if (page.type) params.set('type', page.type);
  if (cursor) params.set('cursor', cursor);
  return params;
}

export function LiveFilters({ ctx, deps, page }: { ctx: PageContext; deps: Deps; page: LivePage }) {
  const { t } = ctx;
  const territory = mainTerritory(deps.db);
  const customs = listCustomZones(deps.db);
  const zone = page.zone ?? '';
  const communes = listCommunes(deps.db);
  const known = zone === '' || zone === territory?.id || customs.some((custom) => custom.id === zone) || communes.some((row) => `commune:${row.insee}` === zone);
  return html`<form method="get" action="/live" class="filters">
    <label for="l-zone">${t('live.where')}</label>
    <select id="l-zone" name="zone">
      ${territory ? null : html`<option value="">${t('filter.allCommunes')}</option>`}
      ${territory ? html`<option value=${territory.id} selected=${zone === territory.id}>${territory.name}</option>` : null}
      ${known ? null : html`<option value=${zone} selected>${zoneNames(deps.db, [zone]).get(zone) ?? zone}</option>`}
      ${customs.length ? html`<optgroup label=${t('zone.level.custom')}>
        ${customs.map((custom) => html`<option value=${custom.id} selected=${zone === custom.id}>${custom.name}</option>`)}</optgroup>` : null}
      <optgroup label=${t('zone.level.commune')}>
        ${communes.map((row) => html`<option value=${`commune:${row.insee}`} selected=${zone === `commune:${row.insee}`}>${row.name}</option>`)}
      </optgroup>
    </select>
    <label for="l-tag">${t('field.tag')}</label> <input id="l-tag" name="tag" value=${page.tag ?? ''} />
    <label for="l-type">${t('live.what')}</label>
    <select id="l-type" name="type"><option value="">${t('live.everything')}</option>
      ${liveTypes.map((type) => html`<option value=${type} selected=${page.type === type}>${t(`live.type.${type}` as MessageKey)}</option>`)}
    </select>
    <button>${t('filter.apply')}</button>
  </form>`;
}

export function Upcoming({ ctx, occurrences }: { ctx: PageContext; occurrences: EventOccurrence[] }) {
  if (occurrences.length === 0) return null;
  return html`<section class="upcoming" aria-labelledby="upcoming-title"><h2 id="upcoming-title">${ctx.t('live.upcoming')}</h2>
    <ul>${occurrences.map((occurrence) => html`<li data-event=${occurrence.event.id}>
      <span class="when">${formatDate(ctx.locale, occurrence.startsAt, !occurrence.allDay, occurrence.event.timezone)}</span>${' — '}<a href=${`/e/${occurrence.event.slug}`}>${occurrence.event.name}</a>
      ${occurrence.event.commune ?? occurrence.event.locality ? html` <small>${occurrence.event.commune ?? occurrence.event.locality}</small>` : null}
    </li>`)}</ul>
    <p><a href="/agenda">${ctx.t('nav.agenda')}</a></p>
  </section>`;
}

function NewElement({ ctx, element }: { ctx: PageContext; element: ElementItem }) {
  return html`<article class="card new-element" id=${`element-${element.id}`} data-element=${element.id} data-type=${element.type}>
    <p class="post-meta">${ctx.t(`live.new.${element.type}` as MessageKey)} · <time datetime=${element.createdAt}>${formatDate(ctx.locale, element.createdAt, true, ctx.timezone)}</time></p>
    <a href=${`/e/${element.slug}`}><strong>${element.name}</strong></a>
    <span class="badge">${element.kind ? kindLabel(ctx, element.kind) : typeLabel(ctx, element.type)}</span>
    ${element.startsAt ? html`<div class="when">${formatDate(ctx.locale, element.startsAt, !element.allDay, ctx.timezone)}</div>` : null}
    ${element.shortDescription ? html`<p>${element.shortDescription}</p>` : null}
    ${element.commune ?? element.locality ? html`<small>${element.commune ?? element.locality}</small>` : null}
  </article>`;
}

export function LiveItems({ ctx, deps, items }: { ctx: PageContext; deps: Deps; items: LiveItem[] }) {
  if (items.length === 0) return html`<p class="empty">${ctx.t('live.empty')}</p>`;
  const zones = zoneNames(deps.db, [...new Set(items.flatMap((item) => (item.kind === 'post' ? item.post.zones : [])))]);
  return html`<div class="posts live-items">${items.map((item) => item.kind === 'post'
    ? html`<${PostCard} ctx=${ctx} deps=${deps} post=${item.post} zones=${zones} />`
    : html`<${NewElement} ctx=${ctx} element=${item.element} />`)}</div>`;
}
