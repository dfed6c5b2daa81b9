// The Wi-Fi poster: an A4 page to print and pin up, with the network's name and password, a QR
// code that joins the Wi-Fi and one that opens the box. Box admins only: it shows the password.
import { Hono } from 'hono';
import { svgQrCode } from '../web/qr-code.ts';
import type { AppEnv, Ctx } from '../core/http/env.ts';
import { readForm } from '../core/http/input.ts';
import { parse } from '../core/validation.ts';
import type { Deps } from '../deps.ts';
import { html } from '../web/html.ts';
import { Csrf, Field, FormErrorSummary, Layout, type FieldErrors } from '../web/layout.ts';
import { formErrors, pageContext, sendPage, toLogin, requireBoxAdmin } from '../web/page.ts';
import { wifiJoinText, wifiNetworkSchema, type WifiNetwork } from './network.ts';
import { loadWifiSettings } from '../box/settings.ts';

export function wifiPosterPages(deps: Deps) {
  const pages = new Hono<AppEnv>();

  pages.get('/admin/wifi-poster', (c) => {
    if (!c.get('viewer')) return toLogin(c);
    requireBoxAdmin(c);
    // The network the first-boot wizard set (or the one the image ships).
    const { ssid, passphrase } = loadWifiSettings(deps.db);
    return sendPage(c, posterForm(deps, c, { ssid, passphrase }));
  });

  pages.post('/admin/wifi-poster', async (c) => {
    requireBoxAdmin(c);
    const form = await readForm(c);
    const typed = { ssid: form.ssid ?? '', passphrase: form.passphrase ?? '' };
    try {
      const network = parse(wifiNetworkSchema, typed, c.get('locale'));
      return sendPage(c, await poster(deps, c, network));
    } catch (error) {
      const errors = formErrors(error, c.get('locale'));
      if (!errors) throw error;
      return sendPage(c, posterForm(deps, c, typed, errors), 422);
    }
  });

  return pages;
}

function posterForm(deps: Deps, c: Ctx, values: WifiNetwork, errors?: FieldErrors) {
  const ctx = pageContext(deps, c);
  return html`<${Layout} ctx=${ctx} title=${ctx.t('poster.title')}>
    <h1>${ctx.t('poster.title')}</h1>
    <p>${ctx.t('poster.intro')}</p>
    <${FormErrorSummary} errors=${errors} ctx=${ctx} />
    <form method="post" action="/admin/wifi-poster" novalidate>
      <${Csrf} ctx=${ctx} />
      <${Field} name="ssid" label=${ctx.t('poster.ssid')} value=${values.ssid} errors=${errors} required />
      <${Field} name="passphrase" label=${ctx.t('poster.passphrase')} value=${values.passphrase} errors=${errors}
        hint=${ctx.t('poster.passphraseHint')} autocomplete="off" />
      <button>${ctx.t('poster.make')}</button>
    </form>
  <//>`;
}

async function poster(deps: Deps, c: Ctx, network: WifiNetwork) {
  const ctx = pageContext(deps, c);
  const address = deps.config.publicUrl;
  const [joinQr, addressQr] = await Promise.all([svgQrCode(wifiJoinText(network)), svgQrCode(address)]);
  return html`<${Layout} ctx=${ctx} title=${ctx.t('poster.title')}>
    <p class="no-print">${ctx.t('poster.printHint')} <a href="/admin/wifi-poster">${ctx.t('poster.again')}</a></p>
    <article class="poster">
      <header><img src="/assets/icon.svg" alt="" width="64" height="64" /><h1>${ctx.boxName}</h1></header>
      <p class="poster-lead">${ctx.t('poster.lead')}</p>
      <section class="poster-step">
        <h2>1. ${ctx.t('poster.join')}</h2>
        <div class="qr" role="img" aria-label=${ctx.t('poster.joinQr')} data-qr="wifi" dangerouslySetInnerHTML=${{ __html: joinQr }} />
        <dl>
          <dt>${ctx.t('poster.ssid')}</dt><dd class="poster-ssid">${network.ssid}</dd>
          <dt>${ctx.t('poster.passphrase')}</dt><dd class="poster-passphrase">${network.passphrase || ctx.t('poster.noPassword')}</dd>
        </dl>
      </section>
      <section class="poster-step">
        <h2>2. ${ctx.t('poster.visit')}</h2>
        <div class="qr" role="img" aria-label=${ctx.t('poster.addressQr')} data-qr="address" dangerouslySetInnerHTML=${{ __html: addressQr }} />
        <div><p class="poster-address">${address}</p><p>${ctx.t('poster.offline')}</p></div>
      </section>
    </article>
  <//>`;
}
