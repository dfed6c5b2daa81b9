// Box administration: accounts (reset links, admin rights), demo data, box name, whole-box export.
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv, Ctx } from '../core/http/env.ts';
import { forbidden } from '../core/errors.ts';
import { readForm } from '../core/http/input.ts';
import { parse, text } from '../core/validation.ts';
import { transaction } from '../core/db/database.ts';
import type { Deps } from '../deps.ts';
import { html } from '../web/html.ts';
import { Csrf, Field, FormErrorSummary, Layout } from '../web/layout.ts';
import { formErrors, pageContext, sendPage, toLogin } from '../web/page.ts';
import { issueResetLink } from '../accounts/actions.ts';
import { countBoxAdmins, listAccounts, setBoxAdmin } from '../accounts/storage.ts';
import { saveBoxName } from '../box/settings.ts';
import { countDemo, removeDemoContent } from '../demo/seed.ts';
import type { FieldErrors } from '../web/layout.ts';
import type { MessageKey } from '../core/i18n/index.ts';
import { countElementsByType, listVisibleElements } from '../elements/storage.ts';
import { createCustomZone, deleteCustomZone, listCustomZones } from '../zones/custom.ts';

const requireBoxAdmin = (c: Ctx) => {
  if (!c.get('viewer')?.isBoxAdmin) throw forbidden('Only a box admin can open this page');
};

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
      const territory = createCustomZone(deps, c.get('viewer'), { name: form.name ?? '', zones: form.zones ?? '' }, c.get('locale'));
      return c.redirect(`/zones/${territory.id}`, 303);
    } catch (error) {
      const errors = formErrors(error, c.get('locale'));
      if (!errors) throw error;
      const zonesError = errors.zones ?? Object.entries(errors).find(([key]) => key.startsWith('zones'))?.[1];
      return sendPage(c, adminPage(deps, c, { territoryErrors: { ...errors, zones: zonesError }, territoryValues: form }), 422);
    }
  });

  pages.post('/admin/territories/:id/delete', async (c) => {
    requireBoxAdmin(c);
    await readForm(c);
    deleteCustomZone(deps, c.get('viewer'), c.req.param('id'));
    return c.redirect('/admin', 303);
  });

  pages.post('/admin/settings', async (c) => {
    requireBoxAdmin(c);
    const form = await readForm(c);
    try {
      const { name } = parse(z.object({ name: text(60).trim().min(1) }), { name: form.name ?? '' }, c.get('locale'));
      transaction(deps.db, () => saveBoxName(deps.db, name));
      deps.box.name = name;
      return c.redirect('/admin', 303);
    } catch (error) {
      const errors = formErrors(error, c.get('locale'));
      if (!errors) throw error;
      return sendPage(c, adminPage(deps, c, { settingsErrors: errors }), 422);
    }
  });

  return pages;
}

function adminPage(deps: Deps, c: Ctx, extra: {
  resetUrl?: string; notice?: string; settingsErrors?: FieldErrors; territoryErrors?: FieldErrors; territoryValues?: Record<string, string>;
} = {}) {
  const ctx = pageContext(deps, c);
  const { t } = ctx;
  const accounts = listAccounts(deps.db);
  const counts = countElementsByType(deps.db);
  const demo = countDemo(deps.db);
  const latest = listVisibleElements(deps.db, ctx.viewer, {}, null, 30).items;
  return html`<${Layout} ctx=${ctx} title=${t('admin.title')}>
    <h1>${t('admin.title')}</h1>
    ${extra.notice ? html`<p class="notice" role="status">${extra.notice}</p>` : null}
    <section><h2>${t('admin.settings')}</h2>
      <form method="post" action="/admin/settings" class="stack" novalidate><${Csrf} ctx=${ctx} />
        <${Field} name="name" label=${t('admin.boxName')} value=${deps.box.name} errors=${extra.settingsErrors} required />
        <button>${t('form.save')}</button></form>
      <p>${t('admin.boxId')}: <code>${deps.box.boxId}</code></p>
    </section>
    <section><h2>${t('admin.elements')}</h2>
      <ul>${counts.map((row) => html`<li>${t(`type.${row.type}.plural` as MessageKey)}: ${row.n}</li>`)}</ul>
      <table><caption>${t('admin.latestElements')}</caption>
        <thead><tr><th>${t('field.name')}</th><th>${t('field.kind')}</th><th>${t('field.visibility')}</th></tr></thead>
        <tbody>${latest.map((element) => html`<tr><td><a href=${`/e/${element.slug}`}>${element.name}</a>${element.isDemo ? html` <span class="badge demo">${t('demo.badge')}</span>` : null}</td>
          <td>${t(`type.${element.type}` as MessageKey)}</td><td>${t(`visibility.${element.visibility}` as MessageKey)}</td></tr>`)}</tbody></table>
      <p><a href="/api/v1/export/box" download>${t('admin.exportBox')}</a></p>
    </section>
    <section><h2>${t('admin.territories')}</h2>
      <ul>${listCustomZones(deps.db).map((territory) => html`<li><a href=${`/zones/${territory.id}`}>${territory.name}</a>
        <form method="post" action=${`/admin/territories/${territory.id}/delete`} class="inline"><${Csrf} ctx=${ctx} />
          <button class="secondary">${t('element.delete')}</button></form></li>`)}</ul>
      <form method="post" action="/admin/territories" class="stack" novalidate><${Csrf} ctx=${ctx} />
        <${FormErrorSummary} errors=${extra.territoryErrors} ctx=${ctx} />
        <${Field} name="name" label=${t('field.name')} value=${extra.territoryValues?.name} errors=${extra.territoryErrors} required />
        <${Field} name="zones" label=${t('admin.territoryZones')} value=${extra.territoryValues?.zones} errors=${extra.territoryErrors} required
          hint=${t('admin.territoryZonesHint')} />
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
