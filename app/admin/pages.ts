// Box administration: accounts (reset links, admin rights), demo data, whole-box export, and the links to the
// box settings (./settings-page.ts) and the module toggles (./modules-page.ts).
import { Hono } from 'hono';
import type { AppEnv, Ctx } from '../core/http/env.ts';
import { forbidden } from '../core/errors.ts';
import { readForm } from '../core/http/input.ts';
import { transaction } from '../core/db/database.ts';
import type { Deps } from '../deps.ts';
import { html } from '../web/html.ts';
import { Csrf, Field, FormErrorSummary, Layout } from '../web/layout.ts';
import { formErrors, pageContext, sendPage, toLogin, requireBoxAdmin } from '../web/page.ts';
import { issueResetLink } from '../accounts/actions.ts';
import { countBoxAdmins, listAccounts, setBoxAdmin } from '../accounts/storage.ts';
import { countDemo, removeDemoContent } from '../demo/seed.ts';
import type { FieldErrors, PageContext } from '../web/layout.ts';
import type { MessageKey } from '../core/i18n/index.ts';
import { countElementsByType, listVisibleElements } from '../elements/storage.ts';
import { createCustomZone, deleteCustomZone, listCustomZones } from '../zones/custom.ts';
import { territoryBounds } from '../zones/communes.ts';
import { openReportCount } from '../moderation/actions.ts';
import { settingsPages } from './settings-page.ts';
import { modulesPages } from './modules-page.ts';

/**
 * The territory form as the API's body: the zones typed, or the polygon drawn on the map (GeoJSON in a
 * hidden field), so both go through the same validation. An empty field is a field not given; a drawn
 * polygon that is not JSON is passed on as text, which the schema refuses like any malformed body.
 */
function territoryInput(form: Record<string, string>) {
  const drawn = form.polygon?.trim() ?? '';
  const typed = form.zones?.trim() ?? '';
  if (!drawn) return { name: form.name ?? '', zones: typed };
  let polygon: unknown = drawn;
  try {
    polygon = JSON.parse(drawn);
  } catch { /* left as text: refused by the schema next to the field */ }
  return { name: form.name ?? '', polygon, ...(typed ? { zones: typed } : {}) };
}

export function adminPages(deps: Deps, _dbPath: string) {
  const pages = new Hono<AppEnv>();

  pages.get('/admin', (c) => {
    if (!c.get('viewer')) return toLogin(c);
    requireBoxAdmin(c);
    return sendPage(c, adminPage(deps, c));
  });

  pages.post('/admin/reset-link', async (c) => {
    requireBoxAdmin(c);
    const form = await readForm(c);
    const token = issueResetLink(deps, c.get('viewer'), form.personId ?? '');
    return sendPage(c, adminPage(deps, c, { resetUrl: `${deps.config.publicUrl}/reset/${token}` }));
  });

  pages.post('/admin/box-admin', async (c) => {
    requireBoxAdmin(c);
    const form = await readForm(c);
    transaction(deps.db, () => {
      if (form.isBoxAdmin !== 'true' && countBoxAdmins(deps.db) <= 1) throw forbidden('The box keeps at least one admin');
      setBoxAdmin(deps.db, form.personId ?? '', form.isBoxAdmin === 'true');
    });
    return c.redirect('/admin', 303);
  });

  pages.post('/admin/demo/remove', async (c) => {
    requireBoxAdmin(c);
    await readForm(c);
    const removed = removeDemoContent(deps.db);
    return sendPage(c, adminPage(deps, c, { notice: c.get('t')('admin.demoRemoved', { count: removed }) }));
  });

  pages.post('/admin/territories', async (c) => {
    requireBoxAdmin(c);
    const form = await readForm(c);
    try {
      const territory = createCustomZone(deps, c.get('viewer'), territoryInput(form), c.get('locale'));
      return c.redirect(`/zones/${territory.id}`, 303);
    } catch (error) {
      const errors = formErrors(error, c.get('locale'));
      if (!errors) throw error;
      // zod names nested places (zones.3, polygon.coordinates.0): show each next to its form field.
      const nested = (field: string) => errors[field] ?? Object.entries(errors).find(([key]) => key.startsWith(`${field}.`))?.[1];
      return sendPage(c, adminPage(deps, c, {
        territoryErrors: { ...errors, zones: nested('zones'), polygon: nested('polygon') }, territoryValues: form,
      }), 422);
    }
  });

  pages.post('/admin/territories/:id/delete', async (c) => {
    requireBoxAdmin(c);
    await readForm(c);
    deleteCustomZone(deps, c.get('viewer'), c.req.param('id'));
    return c.redirect('/admin', 303);
  });

  pages.route('/', settingsPages(deps));
  pages.route('/', modulesPages(deps));

  return pages;
}

function adminPage(deps: Deps, c: Ctx, extra: {
  resetUrl?: string; notice?: string; territoryErrors?: FieldErrors; territoryValues?: Record<string, string>;
} = {}) {
  const ctx = pageContext(deps, c);
  const { t } = ctx;
  const accounts = listAccounts(deps.db);
  const counts = countElementsByType(deps.db);
  const demo = countDemo(deps.db);
  const latest = listVisibleElements(deps.db, ctx.viewer, {}, null, 30).items;
  return html`<${Layout} ctx=${ctx} title=${t('admin.title')} head=${html`<link rel="stylesheet" href="/assets/build/leaflet/leaflet.css" />
      <script defer src="/assets/build/leaflet/leaflet.js"></script><script defer src="/assets/zone-tiles.js"></script><script defer src="/assets/draw-zone.js"></script>`}>
    <h1>${t('admin.title')}</h1>
    ${extra.notice ? html`<p class="notice" role="status">${extra.notice}</p>` : null}
    <section><h2>${t('admin.settings')}</h2>
      <ul>
        <li><a href="/admin/settings">${t('admin.boxSettings')}</a> (${deps.box.name})</li>
        <li><a href="/admin/modules">${t('admin.modules')}</a></li>
      </ul>
    </section>
    <section><h2>${t('admin.elements')}</h2>
      <ul>${counts.map((row) => html`<li>${t(`type.${row.type}.plural` as MessageKey)}: ${row.n}</li>`)}</ul>
      <table><caption>${t('admin.latestElements')}</caption>
        <thead><tr><th>${t('field.name')}</th><th>${t('field.kind')}</th><th>${t('field.visibility')}</th></tr></thead>
        <tbody>${latest.map((element) => html`<tr><td><a href=${`/e/${element.slug}`}>${element.name}</a>${element.isDemo ? html` <span class="badge demo">${t('demo.badge')}</span>` : null}</td>
          <td>${t(`type.${element.type}` as MessageKey)}</td><td>${t(`visibility.${element.visibility}` as MessageKey)}</td></tr>`)}</tbody></table>
      <p><a href="/api/v1/export/box" download>${t('admin.exportBox')}</a></p>
      <p><a href="/admin/backups">${t('admin.backups')}</a></p>
      <p><a href="/admin/update">${t('admin.update')}</a></p>
      <p><a href="/admin/imports">${t('admin.imports')}</a></p>
      <p><a href="/admin/sync">${t('admin.sync')}</a></p>
      <p><a href="/moderation">${t('moderation.title')}</a> (${t('moderation.openCount', { count: openReportCount(deps, ctx.viewer) })})</p>
      <p><a href="/admin/wifi-poster">${t('admin.wifiPoster')}</a></p>
    </section>
    <section><h2>${t('admin.territories')}</h2>
      <ul>${listCustomZones(deps.db).map((territory) => html`<li><a href=${`/zones/${territory.id}`}>${territory.name}</a>
        <form method="post" action=${`/admin/territories/${territory.id}/delete`} class="inline"><${Csrf} ctx=${ctx} />
          <button class="secondary">${t('element.delete')}</button></form></li>`)}</ul>
      <form method="post" action="/admin/territories" class="stack" novalidate><${Csrf} ctx=${ctx} />
        <${FormErrorSummary} errors=${extra.territoryErrors} ctx=${ctx} />
        <${Field} name="name" label=${t('field.name')} value=${extra.territoryValues?.name} errors=${extra.territoryErrors} required />
        <${Field} name="zones" label=${t('admin.territoryZones')} value=${extra.territoryValues?.zones} errors=${extra.territoryErrors}
          hint=${t('admin.territoryZonesHint')} />
        <${DrawTerritory} ctx=${ctx} bounds=${territoryBounds(deps.db)} value=${extra.territoryValues?.polygon} error=${extra.territoryErrors?.polygon} />
        <button>${t('form.create')}</button></form>
    </section>
    <section><h2>${t('admin.demo')}</h2>
      <p>${t('admin.demoCount', { count: demo })}</p>
      ${demo > 0 ? html`<form method="post" action="/admin/demo/remove"><${Csrf} ctx=${ctx} /><button class="danger">${t('admin.demoRemove')}</button></form>` : null}
    </section>
    <section><h2>${t('admin.accounts')}</h2>
      ${extra.resetUrl ? html`<p class="notice" role="status">${t('admin.resetLink')} <input readonly class="invite-link" value=${extra.resetUrl} aria-label=${t('admin.resetLink')} /></p>` : null}
      <table><thead><tr><th>${t('field.username')}</th><th>${t('field.displayName')}</th><th>${t('admin.role')}</th><th></th></tr></thead>
      <tbody>${accounts.map((account) => html`<tr>
        <td>${account.username}</td><td><a href=${`/e/${account.slug}`}>${account.name}</a></td>
        <td>${account.isBoxAdmin ? t('admin.boxAdmin') : t('admin.member')}</td>
        <td><form method="post" action="/admin/reset-link" class="inline"><${Csrf} ctx=${ctx} />
            <input type="hidden" name="personId" value=${account.personId} /><button class="secondary">${t('admin.issueReset')}</button></form>
          <form method="post" action="/admin/box-admin" class="inline"><${Csrf} ctx=${ctx} />
            <input type="hidden" name="personId" value=${account.personId} /><input type="hidden" name="isBoxAdmin" value=${account.isBoxAdmin ? 'false' : 'true'} />
            <button class="secondary">${account.isBoxAdmin ? t('admin.revokeAdmin') : t('admin.makeAdmin')}</button></form></td>
      </tr>`)}</tbody></table>
    </section>
  <//>`;
}

/**
 * Drawing a territory on the map: an island (draw-zone.js) writes the polygon as GeoJSON into the hidden
 * `polygon` field. Without JavaScript the block stays hidden and the form takes zones only; an error on
 * the polygon is always shown, next to the kept drawing.
 */
function DrawTerritory(props: { ctx: PageContext; bounds: [[number, number], [number, number]] | null; value?: string; error?: string }) {
  const { t } = props.ctx;
  const island = { bounds: props.bounds, corners: t('admin.territoryCorners') };
  const describedBy = ['f-polygon-hint', props.error ? 'f-polygon-error' : ''].filter(Boolean).join(' ');
  return html`<div class=${props.error ? 'field draw-zone invalid' : 'field draw-zone'} data-draw-zone=${JSON.stringify(island)} hidden=${!props.error}>
    <p class="label" id="f-polygon-label">${t('admin.territoryDraw')}</p>
    <small id="f-polygon-hint">${t('admin.territoryDrawHint')}</small>
    <div class="map" role="application" tabindex="0" aria-labelledby="f-polygon-label" aria-describedby=${describedBy}></div>
    <p class="draw-tools">
      <button type="button" class="secondary" data-draw="undo">${t('admin.territoryUndo')}</button>
      <button type="button" class="secondary" data-draw="clear">${t('admin.territoryClear')}</button>
      <span data-draw="count" aria-live="polite"></span>
    </p>
    <input type="hidden" id="f-polygon" name="polygon" value=${props.value ?? ''} />
    ${props.error ? html`<p class="error" id="f-polygon-error">${props.error}</p>` : null}
  </div>`;
}
