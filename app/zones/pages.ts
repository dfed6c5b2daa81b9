// Zone pages and API: what a commune, intercommunality, department, region or the country holds,
// with counts per type, the zones inside it and a map of its outline and elements.
import { importedOutline } from './local-outlines.ts';
import { Hono } from 'hono';
import type { AppEnv, Ctx } from '../core/http/env.ts';
import { notFound } from '../core/errors.ts';
import type { MessageKey } from '../core/i18n/index.ts';
import type { Deps } from '../deps.ts';
import { html } from '../web/html.ts';
import { Layout } from '../web/layout.ts';
import { pageContext, sendPage } from '../web/page.ts';
import { ElementList } from '../elements/components.ts';
import { search } from '../search/search.ts';
import { childZones, findCommune, localEpciOutline, zoneIdPattern } from './communes.ts';
import type { Zone } from './zone-db.ts';
import { createCustomZone, deleteCustomZone, findCustomZone, listCustomZones, type CustomZone } from './custom.ts';
import { readJson } from '../core/http/input.ts';

/** What a zone page and the zone API show; everything counted passes the visibility rule (through search). */
function zoneSummary(deps: Deps, c: Ctx, zoneId: string) {
  const custom = zoneId.startsWith('custom:') ? findCustomZone(deps.db, zoneId) : null;
  const zone: Zone | null = custom ? customAsZone(custom) : zoneIdPattern.test(zoneId) ? deps.zones.findZone(zoneId) : null;
  if (!zone) throw notFound('Zone');
  const found = search(deps.db, c.get('viewer'), { zones: [zone.id], offset: 0, limit: 24 });
  return {
    zone,
    ancestors: custom ? [] : deps.zones.ancestors(zone.id),
    children: custom
      ? custom.members.map((id) => deps.zones.findZone(id)).filter((member) => member !== null).map(({ id, name, level }) => ({ id, name, level }))
      : childZones(deps.db, zone.id, zone.level),
    total: found.total,
    types: found.facets.types,
    items: found.items,
  };
}

export function zonesApi(deps: Deps) {
  const api = new Hono<AppEnv>();
  api.get('/zones/:id', (c) => c.json(zoneSummary(deps, c, c.req.param('id'))));
  api.get('/custom-zones', (c) => c.json({ items: listCustomZones(deps.db) }));
  api.post('/custom-zones', async (c) => c.json(createCustomZone(deps, c.get('viewer'), await readJson(c), c.get('locale')), 201));
  api.delete('/custom-zones/:id', (c) => {
    deleteCustomZone(deps, c.get('viewer'), c.req.param('id'));
    return c.body(null, 204);
  });
  return api;
}

export function zonesPages(deps: Deps) {
  const pages = new Hono<AppEnv>();
  pages.get('/zones/:id', (c) => {
    const summary = zoneSummary(deps, c, c.req.param('id'));
    const ctx = pageContext(deps, c);
    const { t } = ctx;
    const { zone } = summary;
    const custom = zone.id.startsWith('custom:') ? findCustomZone(deps.db, zone.id) : null;
    const outline = custom ? customOutline(deps, custom) : zoneOutline(deps, zone);
    const points = summary.items.filter((item) => item.position).map((item) => [item.position!.lat, item.position!.lon, item.name, `/e/${item.slug}`]);
    const map = outline || points.length ? { outline, points, label: zone.name, attribution: outline ? 'IGN ADMIN EXPRESS' : '' } : null;
    return sendPage(c, html`<${Layout} ctx=${ctx} title=${zone.name}
        head=${map ? html`<link rel="stylesheet" href="/assets/build/leaflet/leaflet.css" />
          <script defer src="/assets/build/leaflet/leaflet.js"></script><script defer src="/assets/zone-tiles.js"></script><script defer src="/assets/map.js"></script>` : null}>
      <p class="crumbs">${[...summary.ancestors].reverse().map((parent) => html`<a href=${`/zones/${parent.id}`}>${parent.name}</a> › `)}</p>
      <h1>${zone.name}</h1>
      <p><span class="badge">${t(`zone.level.${zone.level}` as MessageKey)}</span>
        ${zone.population ? html` ${t('zone.population', { population: new Intl.NumberFormat(ctx.locale).format(zone.population) })}` : null}</p>
      ${map ? html`<div class="map" data-map=${JSON.stringify(map)} role="img" aria-label=${t('zone.mapLabel', { name: zone.name })}></div>` : null}
      <p role="status">${t('search.count', { count: summary.total })} ·
        ${summary.types.map((facet) => html` <a href=${`/search?zone=${zone.id}&type=${facet.type}`}>${t(`type.${facet.type}.plural` as MessageKey)} (${facet.count})</a>`)}</p>
      <${ElementList} items=${summary.items} ctx=${ctx} />
      ${summary.total > summary.items.length ? html`<p><a href=${`/search?zone=${zone.id}`}>${t('zone.all')}</a></p>` : null}
      ${summary.children.length ? html`<section><h2>${t('zone.inside')}</h2>
        <ul class="zones">${summary.children.map((child) => html`<li><a href=${`/zones/${child.id}`}>${child.name}</a></li>`)}</ul></section>` : null}
    <//>`);
  });
  return pages;
}

/** A custom territory shown like any zone (its level reads "custom"). */
const customAsZone = (custom: CustomZone): Zone => ({
  id: custom.id, level: 'custom' as Zone['level'], code: custom.id.slice(7), name: custom.name, population: null,
  lat: null, lon: null, positionSource: null, bbox: null,
});

const zoneOutline = (deps: Deps, zone: Zone): object | null =>
  importedOutline(deps.db, zone.id) ?? deps.zones.findOutline(zone.id) ?? localOutline(deps, zone);

/** Up to this many member outlines are drawn for a union; a larger one shows its elements only (page weight). */
const maxMemberOutlines = 50;

/** A drawn territory's own polygon; a union's member outlines together, as one geometry collection. */
function customOutline(deps: Deps, custom: CustomZone): object | null {
  if (custom.polygon) return custom.polygon;
  if (custom.members.length > maxMemberOutlines) return null;
  const geometries = custom.members.flatMap((id) => {
    const member = deps.zones.findZone(id);
    const outline = member ? zoneOutline(deps, member) : null;
    return outline ? [outline] : [];
  });
  return geometries.length ? { type: 'GeometryCollection', geometries } : null;
}

/** The box's own communes (the demo territory's) have detailed outlines. */
function localOutline(deps: Deps, zone: Zone): object | null {
  if (zone.level === 'commune') return findCommune(deps.db, zone.code)?.outline ?? null;
  if (zone.level === 'epci') return localEpciOutline(deps.db, zone.code);
  return null;
}
