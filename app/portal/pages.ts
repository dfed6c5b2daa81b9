// The portal page a phone's captive-portal window opens, and its "Enter" button (a plain form: the window
// often runs without JavaScript).
import { Hono } from 'hono';
import type { AppEnv } from '../core/http/env.ts';
import { readForm } from '../core/http/input.ts';
import type { Deps } from '../deps.ts';
import { html } from '../web/html.ts';
import { Csrf, Layout } from '../web/layout.ts';
import { pageContext, sendPage } from '../web/page.ts';
import type { EnteredClients } from './entered.ts';
import { clientAddress, portalUrls } from './network.ts';

// The page's own few rules, so the big button needs nothing from the shared stylesheet.
const style = html`<style>
  .portal { max-width: 34rem; } .portal form { margin: 1.5rem 0; }
  .portal .enter { font-size: 1.4rem; padding: 1rem 2rem; width: 100%; text-align: center; }
  .portal .address { font: 700 1.3rem ui-monospace, monospace; word-break: break-all; }
</style>`;

export function portalPages(deps: Deps, entered: EnteredClients) {
  const pages = new Hono<AppEnv>();
  const urls = portalUrls(deps.config.portal);

  pages.get('/portal', (c) => {
    const ctx = pageContext(deps, c);
    const { t } = ctx;
    const client = clientAddress(c);
    const isIn = client !== null && entered.remainingMs(client) > 0;
    c.header('cache-control', 'no-store');
    return sendPage(c, html`<${Layout} ctx=${ctx} title=${t('portal.title')} head=${style}>
      <section class="portal">
        <h1>${ctx.boxName}</h1>
        <p class="lead">${t('portal.where', { name: ctx.boxName })}</p>
        <p>${t('portal.what')}</p>
        ${isIn
          ? html`<p class="notice" role="status">${t('portal.entered')}</p>
              <p><a class="button enter" href="/">${t('portal.continue', { name: ctx.boxName })}</a></p>`
          : html`<p>${t('portal.charter')}</p>
              <form method="post" action="/portal/enter"><${Csrf} ctx=${ctx} />
                <button type="submit" class="enter">${t('portal.enter')}</button></form>`}
        <p>${t('portal.browser')}</p>
        <p class="address">${urls.box}</p>
      </section>
    <//>`);
  });

  pages.post('/portal/enter', async (c) => {
    await readForm(c);
    const client = clientAddress(c);
    if (client) entered.enter(client);
    return c.redirect('/portal', 303);
  });

  return pages;
}
