// The search page: one box for everything, filters and facets as links, paged results. No JavaScript.
// "Search further" (further=1) adds, below them, what the peer boxes answer within a second (app/sync/further.ts).
import { Hono } from 'hono';
import type { AppEnv } from '../core/http/env.ts';
import { formatDate, type MessageKey } from '../core/i18n/index.ts';
import type { Deps } from '../deps.ts';
import { html } from '../web/html.ts';
import { Layout, type PageContext } from '../web/layout.ts';
import { formErrors, pageContext, sendPage } from '../web/page.ts';
import { ElementList, typeLabel } from '../elements/components.ts';
import { elementTypes, type ElementType } from '../elements/model.ts';
import { boxName, hasPeers, searchFurther, type FurtherResult, type PeerStatus } from '../sync/further.ts';
import { listCommunes } from '../zones/communes.ts';
import { toSearchQuery } from './params.ts';
import { search, type SearchResult } from './search.ts';
import { matchingZones, type ZoneHit } from './zones.ts';

export function searchPages(deps: Deps) {
  const pages = new Hono<AppEnv>();
  pages.get('/search', async (c) => {
    const ctx = pageContext(deps, c);
    const { further, ...asked } = c.req.query();
    const input = radiusAroundChosenCommune(asked);
    try {
      const query = toSearchQuery(deps.zones, input, ctx.locale);
      const result = search(deps.db, ctx.viewer, query);
      const others = further === '1' && query.q ? await searchFurther(deps, query.q) : null;
      return sendPage(c, searchPage(deps, ctx, input, result, undefined, matchingZones(deps, query.q), others));
    } catch (error) {
      const errors = formErrors(error, ctx.locale);
      if (!errors) throw error;
      return sendPage(c, searchPage(deps, ctx, input, null, errors._ ?? Object.values(errors)[0]), 400);
    }
  });
  return pages;
}

/** The form's "around the commune" radius: the chosen commune becomes the centre instead of a limit. */
function radiusAroundChosenCommune(input: Record<string, string>): Record<string, string> {
  if (!input.radius_km || input.near || !input.zone?.startsWith('commune:')) return input;
  const { zone, ...rest } = input;
  return { ...rest, near: zone };
}

function searchPage(deps: Deps, ctx: PageContext, input: Record<string, string>, result: SearchResult | null, error?: string, zones: ZoneHit[] = [],
  further: FurtherResult | null = null) {
  const { t } = ctx;
  // Cards replicated from other boxes are marked with the box they come from.
  const items = (result?.items ?? []).map((hit) => (hit.origin === deps.box.boxId ? hit : { ...hit, fromBox: boxName(deps.db, hit.origin) }));
  const link = (change: Record<string, string | undefined>) => {
    const merged: Record<string, string | undefined> = { ...input, cursor: undefined, ...change };
    const params = new URLSearchParams(Object.entries(merged).filter((entry): entry is [string, string] => !!entry[1]));
    return `/search?${params}`;
  };
  return html`<${Layout} ctx=${ctx} title=${input.q ? t('search.titleFor', { q: input.q }) : t('search.title')}>
    <h1>${t('search.title')}</h1>
    <form method="get" action="/search" class="search-form" role="search">
      <label for="s-q">${t('search.label')}</label>
      <input id="s-q" name="q" type="search" value=${input.q ?? ''} maxlength="200" aria-invalid=${error ? 'true' : undefined} aria-describedby=${error ? 's-error' : undefined} />
      <label for="s-type">${t('field.kind')}</label>
      <select id="s-type" name="type"><option value="">${t('search.allTypes')}</option>
        ${elementTypes.map((type) => html`<option value=${type} selected=${input.type === type}>${t(`type.${type}.plural` as MessageKey)}</option>`)}</select>
      <label for="s-zone">${t('field.commune')}</label>
      <select id="s-zone" name="zone"><option value="">${t('filter.allCommunes')}</option>
        ${listCommunes(deps.db).map((commune) => html`<option value=${`commune:${commune.insee}`}
          selected=${input.zone === `commune:${commune.insee}` || input.near === `commune:${commune.insee}`}>${commune.name}</option>`)}</select>
      <label for="s-radius">${t('search.radius')}</label>
      <select id="s-radius" name="radius_km"><option value="">—</option>
        ${['5', '10', '15', '30', '50'].map((km) => html`<option value=${km} selected=${input.radius_km === km}>${km} km</option>`)}</select>
      <button type="submit">${t('search.submit')}</button>
      ${error ? html`<p class="error" id="s-error" role="alert">${error}</p>` : null}
    </form>
    ${zones.length ? html`<section><h2>${t('search.zones')}</h2><ul class="zones">${zones.map((zone) => html`<li>
        <a href=${`/zones/${zone.id}`}>${zone.name}</a> <small>${t(`zone.level.${zone.level}` as MessageKey)}${zone.context ? ` · ${zone.context}` : ''}</small></li>`)}</ul></section>` : null}
    ${result ? html`
      <p role="status">${t('search.count', { count: result.total })} · <a href=${link({}).replace('/search', '/map')}>${t('search.onMap')}</a></p>
      <nav class="facets" aria-label=${t('search.facets')}>
        ${result.facets.types.map((facet) => html`<a href=${link({ type: facet.type })}>${t(`type.${facet.type}.plural` as MessageKey)} (${facet.count})</a> `)}
        ${result.facets.tags.slice(0, 12).map((facet) => html`<a href=${link({ tag: facet.tag })}>#${facet.tag} (${facet.count})</a> `)}
      </nav>
      <${ElementList} items=${items} ctx=${ctx} empty=${t('search.none')} />
      ${result.nextOffset !== null ? html`<p><a rel="next" href=${link({ cursor: String(result.nextOffset) })}>${t('list.more')}</a></p>` : null}
      ${further ? html`<${FurtherResults} ctx=${ctx} further=${further} />`
        : input.q && hasPeers(deps.db) ? html`<p><a class="button secondary" href=${link({ further: '1' })}>${t('further.link')}</a></p>` : null}` : null}
  <//>`;
}

const statusLine: Record<PeerStatus, MessageKey | null> = { answered: null, 'too slow': 'further.tooSlow', unreachable: 'further.unreachable', refused: 'further.refused' };

/** What the other boxes answered, each card marked with its box and linked to its page there; then the boxes that did not. */
function FurtherResults({ ctx, further }: { ctx: PageContext; further: FurtherResult }) {
  const { t } = ctx;
  const known = (type: string): type is ElementType => (elementTypes as readonly string[]).includes(type);
  return html`<section class="further" aria-labelledby="further-title">
    <h2 id="further-title">${t('further.title')}</h2>
    ${further.results.length === 0 ? html`<p class="empty">${t('further.none')}</p>` : html`<ul class="cards">${further.results.map((card) => html`<li class="card">
      <a href=${card.url} rel="external"><strong>${card.name}</strong></a>
      ${known(card.type) ? html`<span class="badge">${typeLabel(ctx, card.type)}</span>` : null}
      <span class="badge from-box">${t('further.fromBox', { box: card.box.name })}</span>
      ${card.startsAt ? html`<div class="when">${formatDate(ctx.locale, card.startsAt, !card.allDay, ctx.timezone)}</div>` : null}
      ${card.shortDescription ? html`<p>${card.shortDescription}</p>` : null}
      ${card.locality ? html`<small>${card.locality}</small>` : null}
    </li>`)}</ul>`}
    ${further.peers.map((peer) => {
      const line = statusLine[peer.status];
      return line ? html`<p class="further-status">${t(line, { box: peer.name })}</p>` : null;
    })}
  </section>`;
}
