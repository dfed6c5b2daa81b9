// The module toggles page: box admins turn modules on and off (GET and POST /admin/modules).
import { Hono } from 'hono';
import type { AppEnv, Ctx } from '../core/http/env.ts';
import { readForm } from '../core/http/input.ts';
import type { MessageKey } from '../core/i18n/index.ts';
import type { Deps } from '../deps.ts';
import { html } from '../web/html.ts';
import { Csrf, Layout } from '../web/layout.ts';
import { pageContext, requireBoxAdmin, sendPage, toLogin } from '../web/page.ts';
import { moduleStates, setModulesOff } from '../modules/actions.ts';
import { moduleIds } from '../modules/modules.ts';

export function modulesPages(deps: Deps) {
  const pages = new Hono<AppEnv>();

  pages.get('/admin/modules', (c) => {
    if (!c.get('viewer')) return toLogin(c);
    requireBoxAdmin(c);
    return sendPage(c, modulesPage(deps, c, c.req.query('saved') === '1'));
  });

  pages.post('/admin/modules', async (c) => {
    if (!c.get('viewer')) return toLogin(c);
    requireBoxAdmin(c);
    const form = await readForm(c);
    // A checkbox left unticked is not sent: every module not ticked is off.
    setModulesOff(deps, c.get('viewer'), { off: moduleIds.filter((id) => form[id] !== 'on') }, c.get('locale'));
    return c.redirect('/admin/modules?saved=1', 303);
  });

  return pages;
}

function modulesPage(deps: Deps, c: Ctx, saved: boolean) {
  const ctx = pageContext(deps, c);
  const { t } = ctx;
  const name = (id: string) => t(`module.${id}.name` as MessageKey);
  const about = (id: string) => t(`module.${id}.about` as MessageKey);
  return html`<${Layout} ctx=${ctx} title=${t('admin.modules')}>
    <p><a href="/admin">${t('admin.title')}</a></p>
    <h1>${t('admin.modules')}</h1>
    ${saved ? html`<p class="notice" role="status">${t('admin.modulesSaved')}</p>` : null}
    <p>${t('admin.modulesIntro')}</p>
    <form method="post" action="/admin/modules" class="stack modules"><${Csrf} ctx=${ctx} />
      <ul class="module-list">
        ${moduleStates(deps).map((module) => html`<li>
          <input type="checkbox" id=${`m-${module.id}`} name=${module.id} value="on" checked=${module.on} aria-describedby=${`m-${module.id}-about`} />
          <label for=${`m-${module.id}`}>${name(module.id)}</label>
          <small id=${`m-${module.id}-about`}>${about(module.id)}</small></li>`)}
      </ul>
      <button>${t('form.save')}</button>
    </form>
  <//>`;
}
