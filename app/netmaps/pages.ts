// Network map pages: /maps (the list), /maps/new and /maps/:slug/edit (the form), /maps/:slug (the map,
// its legend, its elements and the code to embed it), and /embed/map/:slug: the map alone, light, for an
// iframe on another site of the network; it shows public elements only, as for everyone, and may be framed.
import { Hono } from 'hono';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { notFound } from '../core/errors.ts';
import type { AppEnv, Ctx } from '../core/http/env.ts';
import { readForm } from '../core/http/input.ts';
import type { Deps } from '../deps.ts';
import { html } from '../web/html.ts';
import { Layout, type FieldErrors, type PageContext } from '../web/layout.ts';
import { formErrors, pageContext, sendPage, toLogin } from '../web/page.ts';
import { renderDocument } from '../web/html.ts';
import { boxZoneChoices, zoneNames } from '../posts/zones.ts';
import { territoryBounds } from '../zones/communes.ts';
import type { MessageKey } from '../core/i18n/index.ts';
import { allMaps, coloursOf, createMap, deleteMap, readMap, updateMap, type MapView } from './actions.ts';
import { colourStyle, inputOfForm, islandData, Legend, MapForm, PointList, valuesOfMap, type MapFormValues } from './components.ts';
import { maxPoints } from './model.ts';

const islandPath = '/maps/netmap.js';
// Read and compressed once, when first asked for (as app/web/assets.ts does for the box's assets).
let island: { raw: Buffer; gzip: Buffer } | null = null;
const islandFile = () => (island ??= (() => {
  const raw = readFileSync(join(import.meta.dirname, 'netmap.js'));
  return { raw, gzip: gzipSync(raw, { level: 9 }) };
})());

const leafletHead = html`<link rel="stylesheet" href="/assets/build/leaflet/leaflet.css" />
  <script defer src="/assets/build/leaflet/leaflet.js"></script><script defer src="/assets/zone-tiles.js"></script><script defer src=${islandPath}></script>`;

export function netmapsPages(deps: Deps) {
  const pages = new Hono<AppEnv>();

  pages.get(islandPath, (c) => {
    const file = islandFile();
    const headers = { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'public, max-age=3600', Vary: 'Accept-Encoding' };
    return /\bgzip\b/.test(c.req.header('accept-encoding') ?? '')
      ? c.body(new Uint8Array(file.gzip), 200, { ...headers, 'Content-Encoding': 'gzip' })
      : c.body(new Uint8Array(file.raw), 200, headers);
  });

  pages.get('/maps', (c) => {
    const ctx = pageContext(deps, c);
    const maps = allMaps(deps);
    return sendPage(c, html`<${Layout} ctx=${ctx} title=${ctx.t('netmap.title')}>
      <h1>${ctx.t('netmap.title')}</h1>
      <p>${ctx.t('netmap.intro')}</p>
      ${ctx.viewer ? html`<p><a class="button" href="/maps/new">${ctx.t('netmap.new')}</a></p>` : null}
      ${maps.length === 0 ? html`<p class="empty">${ctx.t('netmap.none')}</p>` : html`<ul class="cards netmaps">
        ${maps.map((map) => html`<li class="card"><a href=${`/maps/${map.slug}`}><strong>${map.title}</strong></a>
          ${map.description ? html`<p>${map.description}</p>` : null}</li>`)}
      </ul>`}
    <//>`);
  });

  pages.get('/maps/new', (c) => {
    if (!c.get('viewer')) return toLogin(c);
    return sendPage(c, formPage(deps, c, null, {}));
  });

  pages.post('/maps/new', async (c) => {
    if (!c.get('viewer')) return toLogin(c);
    const fields = await readForm(c);
    try {
      const map = createMap(deps, c.get('viewer'), inputOfForm(fields), c.get('locale'));
      return c.redirect(`/maps/${map.slug}`, 303);
    } catch (error) {
      const errors = formErrors(error, c.get('locale'));
      if (!errors) throw error;
      return sendPage(c, formPage(deps, c, null, fields, errors), 422);
    }
  });

  pages.get('/maps/:slug', (c) => sendPage(c, mapPage(deps, pageContext(deps, c), visibleMap(deps, c))));

  pages.get('/maps/:slug/edit', (c) => {
    if (!c.get('viewer')) return toLogin(c);
    const view = visibleMap(deps, c);
    if (!view.canEdit) return sendPage(c, forbiddenPage(pageContext(deps, c)), 403);
    return sendPage(c, formPage(deps, c, view, valuesOfMap(view.map)));
  });

  pages.post('/maps/:slug/edit', async (c) => {
    if (!c.get('viewer')) return toLogin(c);
    const view = visibleMap(deps, c);
    const fields = await readForm(c);
    try {
      const map = updateMap(deps, c.get('viewer'), view.map.id, inputOfForm(fields), c.get('locale'));
      return c.redirect(`/maps/${map.slug}`, 303);
    } catch (error) {
      const errors = formErrors(error, c.get('locale'));
      if (!errors) throw error;
      return sendPage(c, formPage(deps, c, view, fields, errors), 422);
    }
  });

  pages.post('/maps/:slug/delete', async (c) => {
    if (!c.get('viewer')) return toLogin(c);
    await readForm(c);
    deleteMap(deps, c.get('viewer'), c.req.param('slug'));
    return c.redirect('/maps', 303);
  });

  pages.get('/embed/map/:slug', (c) => {
    // Always as an anonymous visitor: the cookie of someone signed in to the box changes nothing here.
    const view = readMap(deps, null, c.req.param('slug'));
    if (!view) throw notFound('Map');
    // Meant to be framed by any site of the network: say so, whatever a proxy in front might add.
    c.header('Content-Security-Policy', 'frame-ancestors *');
    c.header('Cache-Control', 'no-cache');
    return c.html(renderDocument(embedPage(deps, pageContext(deps, c), view)));
  });

  return pages;
}

function visibleMap(deps: Deps, c: Ctx): MapView {
  const view = readMap(deps, c.get('viewer'), c.req.param('slug') ?? '');
  if (!view) throw notFound('Map');
  return view;
}

function forbiddenPage(ctx: PageContext) {
  return html`<${Layout} ctx=${ctx} title=${ctx.t('netmap.title')}><p class="error">${ctx.t('netmap.notYours')}</p><//>`;
}

function formPage(deps: Deps, c: Ctx, view: MapView | null, values: MapFormValues, errors?: FieldErrors) {
  const ctx = pageContext(deps, c);
  const title = view ? ctx.t('netmap.editTitle', { title: view.map.title }) : ctx.t('netmap.newTitle');
  return html`<${Layout} ctx=${ctx} title=${title}>
    <p class="crumbs"><a href=${view ? `/maps/${view.map.slug}` : '/maps'}>${view ? view.map.title : ctx.t('netmap.title')}</a></p>
    <h1>${title}</h1>
    <p>${ctx.t('netmap.publicOnly')}</p>
    <${MapForm} ctx=${ctx} action=${view ? `/maps/${view.map.slug}/edit` : '/maps/new'} values=${values} errors=${errors}
      zones=${boxZoneChoices(deps.db)} isEdit=${view !== null} />
  <//>`;
}

/** What the map shows, in words: its types, tags and zones. */
function Filters({ ctx, deps, view }: { ctx: PageContext; deps: Deps; view: MapView }) {
  const { map } = view;
  const names = zoneNames(deps.db, map.zones);
  const types = map.types.map((type) => ctx.t(`type.${type}.plural` as MessageKey)).join(', ');
  return html`<ul class="netmap-filters">
    <li>${ctx.t('netmap.filters.types', { list: types })}</li>
    ${map.tags.length ? html`<li>${ctx.t('netmap.filters.tags', { list: map.tags.map((tag) => `#${tag}`).join(', ') })}</li>` : null}
    <li>${map.zones.length ? ctx.t('netmap.filters.zones', { list: map.zones.map((zone) => names.get(zone) ?? zone).join(', ') }) : ctx.t('netmap.filters.anywhere')}</li>
  </ul>`;
}

function embedSnippet(deps: Deps, view: MapView): string {
  const base = deps.config.publicUrl.replace(/\/$/, '');
  const title = view.map.title.replace(/[&"<>]/g, (char) => `&#${char.charCodeAt(0)};`);
  return `<iframe src="${base}/embed/map/${view.map.slug}" title="${title}" width="100%" height="450" style="border:0" loading="lazy"></iframe>`;
}

function mapPage(deps: Deps, ctx: PageContext, view: MapView) {
  const { t } = ctx;
  const { map, points } = view;
  const colours = coloursOf(map);
  return html`<${Layout} ctx=${ctx} title=${map.title} head=${leafletHead}>
    <p class="crumbs"><a href="/maps">${t('netmap.title')}</a></p>
    <h1>${map.title}</h1>
    ${map.description ? html`<p>${map.description}</p>` : null}
    <${Filters} ctx=${ctx} deps=${deps} view=${view} />
    <div id="netmap" class="map big" role="application" aria-label=${map.title}
      data-netmap=${islandData(map, points, colours, territoryBounds(deps.db), false)}>
      <noscript>${t('netmap.noScript')}</noscript>
    </div>
    <${Legend} ctx=${ctx} map=${map} colours=${colours} />
    <p class="map-status">${t('netmap.count', { count: points.length })}${view.more ? ` ${t('netmap.more', { count: maxPoints })}` : ''}</p>
    <p><small>${t('netmap.publicOnly')}</small></p>
    ${view.canEdit ? html`<p class="actions">
      <a class="button secondary" href=${`/maps/${map.slug}/edit`}>${t('netmap.edit')}</a>
      <form method="post" action=${`/maps/${map.slug}/delete`} class="inline"><input type="hidden" name="_csrf" value=${ctx.csrf} />
        <button class="link">${t('netmap.delete')}</button></form>
    </p>` : null}
    <section class="netmap-embed">
      <h2>${t('netmap.embed')}</h2>
      <p>${t('netmap.embedHint')}</p>
      <label for="netmap-snippet">${t('netmap.embedCode')}</label>
      <textarea id="netmap-snippet" readonly rows="3">${embedSnippet(deps, view)}</textarea>
      <p><a href=${`/embed/map/${map.slug}`}>${t('netmap.embedOpen')}</a></p>
    </section>
    <section class="netmap-list" style=${colourStyle(colours)}>
      <h2>${t('netmap.list')}</h2>
      <${PointList} ctx=${ctx} map=${map} points=${points} />
    </section>
  <//>`;
}

// The embed carries no header, footer nor the box's stylesheet: Leaflet, the zone tiles, the island and a few
// inline rules. Without JavaScript it is the list of the map's elements.
const embedCss = `html, body { margin: 0; height: 100%; font: 14px/1.4 system-ui, sans-serif; color: #1d2521; }
#netmap { position: absolute; inset: 0; background: #f3f1ea; }
.credit { position: absolute; left: .5rem; bottom: .5rem; z-index: 1000; background: rgba(255,255,255,.9); padding: .15rem .5rem;
  border-radius: .25rem; color: #1d2521; text-decoration: none; font-size: 12px; }
.list { padding: 1rem; } .list h3 { margin: .5rem 0 .25rem; font-size: 1rem; }`;

function embedPage(deps: Deps, ctx: PageContext, view: MapView) {
  const { map, points } = view;
  const colours = coloursOf(map);
  return html`<html lang=${ctx.locale}>
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>${map.title} · ${ctx.boxName}</title>
      <meta name="robots" content="noindex" />
      <style dangerouslySetInnerHTML=${{ __html: embedCss }} />
      ${leafletHead}
    </head>
    <body>
      <div id="netmap" role="application" aria-label=${map.title} data-netmap=${islandData(map, points, colours, territoryBounds(deps.db), true)}>
        <noscript><div class="list"><${PointList} ctx=${ctx} map=${map} points=${points} newTab=${true} /></div></noscript>
      </div>
      <a class="credit" href=${`/maps/${map.slug}`} target="_blank" rel="noopener">${map.title} · ${ctx.boxName}</a>
    </body>
  </html>`;
}
