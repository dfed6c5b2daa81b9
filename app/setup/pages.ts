// The first-boot wizard's pages: the setup code, then one plain form per step (no JavaScript needed; a few
// lines fill in the browser's time and time zone when it runs), a summary, and the page that says it is done.
// After setup every wizard URL answers 404 and a replayed POST changes nothing.
import { Hono, type MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AppEnv, Ctx } from '../core/http/env.ts';
import { AppError, notFound } from '../core/errors.ts';
import { readForm } from '../core/http/input.ts';
import { locales, type Locale, type MessageKey } from '../core/i18n/index.ts';
import { fieldError, parse } from '../core/validation.ts';
import { boxClock } from '../core/time.ts';
import type { Deps } from '../deps.ts';
import { html } from '../web/html.ts';
import { Csrf, Field, FormErrorSummary, Layout, Select, type FieldErrors, type PageContext } from '../web/layout.ts';
import { formErrors, pageContext, sendPage } from '../web/page.ts';
import { clientAddress } from '../accounts/api.ts';
import { hashPassword } from '../accounts/passwords.ts';
import type { RateLimiter } from '../accounts/rate-limit.ts';
import { localeCookie, setSessionCookie } from '../accounts/session.ts';
import { startSession } from '../accounts/actions.ts';
import { usernameTaken } from '../accounts/storage.ts';
import { countDemo } from '../demo/seed.ts';
import { mainTerritory } from '../zones/communes.ts';
import { countryCodes } from '../wifi/network.ts';
import { loadWifiSettings } from '../box/settings.ts';
import { BrowserTime } from './browser-time.ts';
import { normalizeSetupCode, setupCodeValid } from './code.ts';
import { clockStatus, parseBrowserTime, type ClockOutcome } from './clock.ts';
import { privilegedHelper, type HelperResult } from './privileged.ts';
import { isSetUp, wizardPending } from './state.ts';
import { territoryCandidates, territoryChoice } from './territory.ts';
import {
  adminSchema, draftStore, finishSetup, isStep, nameSchema, nextStep, steps, timeSchema, timeZoneList, wifiSettingsSchema,
  type Draft, type DraftStore, type SetupResult, type Step,
} from './wizard.ts';

const draftCookie = 'copi_setup';
const languageNames: Record<Locale, string> = { fr: 'Français', en: 'English', de: 'Deutsch' };

/** While the wizard is pending (COPI_WIZARD=1 and no admin), a page asked for leads to it. */
export function setupRedirect(deps: Deps): MiddlewareHandler<AppEnv> {
  const passThrough = /^\/(setup(\/|$)|assets\/|api\/|healthz$|readyz$|lang\/)/;
  return async function setupRedirectMiddleware(c, next) {
    if ((c.req.method !== 'GET' && c.req.method !== 'HEAD') || passThrough.test(c.req.path) || !wizardPending(deps)) return next();
    c.header('cache-control', 'no-store');
    return c.redirect('/setup', 302);
  };
}

export function setupPages(deps: Deps, limiter: RateLimiter, drafts: DraftStore = draftStore()) {
  const pages = new Hono<AppEnv>();
  // Read at each use: the config is read once at start, but a test box changes it after building the app.
  const helper = () => privilegedHelper(deps.config.setup.privilegedSocket);

  // Once set up, the wizard is gone: every URL below answers 404, GET or POST, and changes nothing.
  pages.use('/setup', wizardOnly);
  pages.use('/setup/wizard/*', wizardOnly);
  async function wizardOnly(c: Ctx, next: () => Promise<void>) {
    if (isSetUp(deps.db)) {
      drafts.clear();
      throw new AppError('not_found', 'This box is already set up');
    }
    c.header('cache-control', 'no-store');
    await next();
  }
  const draftOf = (c: Ctx) => drafts.get(getCookie(c, draftCookie));
  const ctxOf = (c: Ctx) => pageContext(deps, c);

  pages.get('/setup', (c) => {
    const draft = draftOf(c);
    return draft ? c.redirect(`/setup/wizard/${nextStep(draft)}`, 303) : sendPage(c, codePage(ctxOf(c)));
  });
  pages.post('/setup', async (c) => {
    const form = await readForm(c);
    const keys = [`ip:${clientAddress(c)}`, 'setup'];
    const wait = limiter.retryAfter(keys);
    if (wait > 0) {
      c.header('Retry-After', String(wait));
      return sendPage(c, codePage(ctxOf(c), form.code, { code: ctxOf(c).t('wizard.tooMany'), _: ctxOf(c).t('wizard.tooMany') }), 429);
    }
    const code = normalizeSetupCode(form.code ?? '');
    if (!code || !setupCodeValid(deps, code)) {
      limiter.recordFailure(keys);
      return sendPage(c, codePage(ctxOf(c), form.code, { code: ctxOf(c).t('wizard.wrongCode') }), 422);
    }
    limiter.reset([`ip:${clientAddress(c)}`]);
    setCookie(c, draftCookie, drafts.create(code), { httpOnly: true, sameSite: 'Lax', path: '/setup' });
    return c.redirect('/setup/wizard/name', 303);
  });

  pages.get('/setup/wizard/:step', (c) => {
    const step = c.req.param('step');
    const draft = draftOf(c);
    if (!isStep(step)) throw notFound('Page');
    if (!draft) return c.redirect('/setup', 303);
    if (steps.indexOf(step) > steps.indexOf(nextStep(draft))) return c.redirect(`/setup/wizard/${nextStep(draft)}`, 303);
    return sendPage(c, stepPage(step, deps, c, draft, valuesOf(step, draft), undefined, c.req.query('q') ?? ''));
  });

  pages.post('/setup/wizard/:step', async (c) => {
    const step = c.req.param('step');
    const form = await readForm(c);
    const draft = draftOf(c);
    if (!isStep(step)) throw notFound('Page');
    if (!draft) return c.redirect('/setup', 303);
    const locale = c.get('locale');
    try {
      if (step === 'summary') return await finish(c, draft, form);
      await saveStep(step, draft, form, locale);
      return c.redirect(`/setup/wizard/${nextStep(draft) === 'summary' ? 'summary' : steps[steps.indexOf(step) + 1]}`, 303);
    } catch (error) {
      const errors = formErrors(error, locale);
      if (!errors) throw error;
      // The typed values come back in the form (but never a password of the admin account).
      return sendPage(c, stepPage(step, deps, c, draft, { ...form, password: '' }, errors, form.q ?? ''), 422);
    }
  });

  async function saveStep(step: Step, draft: Draft, form: Record<string, string>, locale: Locale) {
    switch (step) {
      case 'name':
        draft.name = parse(nameSchema, { name: form.name ?? '' }, locale).name;
        break;
      case 'territory': {
        draft.removeDemo = form.removeDemo === '1';
        if (form.keep === '1') {
          draft.territory = null;
          break;
        }
        const ids = Object.keys(form).filter((key) => key.startsWith('zone:')).map((key) => key.slice(5));
        const choice = territoryChoice(deps.zones, ids);
        if (!choice) throw fieldError('zones', 'Choose an intercommunality or communes');
        draft.territory = choice;
        break;
      }
      case 'admin': {
        const data = parse(adminSchema, { username: form.username ?? '', password: form.password ?? '', name: form.name ?? '' }, locale);
        if (usernameTaken(deps.db, data.username)) throw new AppError('conflict', 'This username is taken', 'username');
        draft.admin = { username: data.username, name: data.name ?? data.username, passwordHash: await hashPassword(data.password) };
        break;
      }
      case 'wifi':
        draft.wifi = parse(wifiSettingsSchema, { ssid: form.ssid ?? '', passphrase: form.passphrase ?? '', country: form.country ?? '' }, locale);
        break;
      case 'time': {
        const data = parse(timeSchema, { locale: form.locale ?? '', timezone: form.timezone ?? '' }, locale);
        draft.locale = data.locale;
        draft.timezone = data.timezone;
        const browserMs = parseBrowserTime(form.clientTime);
        draft.clockOffsetMs = Number.isFinite(browserMs) ? browserMs - boxClock.systemMs() : undefined;
        break;
      }
      case 'summary':
        break;
    }
  }

  async function finish(c: Ctx, draft: Draft, form: Record<string, string>) {
    const result = await finishSetup(deps, helper(), draft, parseBrowserTime(form.clientTime));
    drafts.clear();
    deleteCookie(c, draftCookie, { path: '/setup' });
    setSessionCookie(c, startSession(deps, result.account));
    setCookie(c, localeCookie, draft.locale!, { path: '/', sameSite: 'Lax', maxAge: 365 * 86400 });
    c.set('viewer', { personId: result.account.personId, username: result.account.username, isBoxAdmin: true });
    return sendPage(c, donePage(deps, ctxOf(c), draft, result, helper().available));
  }

  function valuesOf(step: Step, draft: Draft): Record<string, string> {
    const wifi = draft.wifi ?? loadWifiSettings(deps.db);
    switch (step) {
      case 'name': return { name: draft.name ?? deps.box.name };
      case 'admin': return { username: draft.admin?.username ?? '', name: draft.admin?.name ?? '' };
      case 'wifi': return { ssid: wifi.ssid === 'CoPi' && draft.name ? draft.name.slice(0, 32) : wifi.ssid, passphrase: wifi.passphrase, country: wifi.country };
      case 'time': return { locale: draft.locale ?? deps.box.locale, timezone: draft.timezone ?? '' };
      default: return {};
    }
  }

  return pages;
}

function StepFrame(props: { ctx: PageContext; step: Step; children: unknown; title: string }) {
  const { t } = props.ctx;
  return html`<${Layout} ctx=${props.ctx} title=${props.title}>
    <section class="wizard">
      <p class="steps">${t('wizard.stepOf', { n: steps.indexOf(props.step) + 1, total: steps.length })}</p>
      <h1>${props.title}</h1>
      ${props.children}
    </section>
  <//>`;
}

function codePage(ctx: PageContext, typed = '', errors?: FieldErrors) {
  const { t } = ctx;
  return html`<${Layout} ctx=${ctx} title=${t('wizard.title')}>
    <section class="wizard">
      <h1>${t('wizard.title')}</h1>
      <p>${t('wizard.welcome')}</p>
      <form method="post" action="/setup" class="stack" novalidate>
        <${Csrf} ctx=${ctx} />
        <${FormErrorSummary} errors=${errors} ctx=${ctx} />
        <${Field} name="code" label=${t('wizard.code')} value=${typed} errors=${errors} required autocomplete="off" hint=${t('wizard.codeHint')} />
        <button type="submit">${t('wizard.start')}</button>
      </form>
    </section>
  <//>`;
}

function stepPage(step: Step, deps: Deps, c: Ctx, draft: Draft, values: Record<string, string>, errors: FieldErrors | undefined, query: string) {
  const ctx = pageContext(deps, c);
  const { t } = ctx;
  const title = t(`wizard.${step}.title` as MessageKey);
  const form = (fields: unknown, submit = t('wizard.next')) => html`<form method="post" action=${`/setup/wizard/${step}`} class="stack" novalidate>
    <${Csrf} ctx=${ctx} />
    <${FormErrorSummary} errors=${errors} ctx=${ctx} />
    ${fields}
    <button type="submit">${submit}</button>
  </form>`;
  const back = step === 'name' ? null : html`<p><a href=${`/setup/wizard/${steps[steps.indexOf(step) - 1]}`}>${t('wizard.back')}</a></p>`;
  let body: unknown;
  switch (step) {
    case 'name':
      body = form(html`<${Field} name="name" label=${t('wizard.name.label')} value=${values.name} errors=${errors} required hint=${t('wizard.name.hint')} />`);
      break;
    case 'territory':
      body = territoryStep(deps, ctx, errors, query);
      break;
    case 'admin':
      body = html`<p>${t('wizard.admin.explain')}</p>${form(html`
        <${Field} name="username" label=${t('field.username')} value=${values.username} errors=${errors} required autocomplete="username" hint=${t('register.usernameHint')} />
        <${Field} name="name" label=${t('field.displayName')} value=${values.name} errors=${errors} autocomplete="name" />
        <${Field} name="password" type="password" label=${t('field.password')} errors=${errors} required autocomplete="new-password" hint=${t('register.passwordHint')} />`)}`;
      break;
    case 'wifi': {
      const names = new Intl.DisplayNames([ctx.locale], { type: 'region' });
      const countries = countryCodes.map((code): [string, string] => [code, `${names.of(code) ?? code} (${code})`])
        .sort((a, b) => a[1].localeCompare(b[1], ctx.locale));
      body = html`<p>${t('wizard.wifi.explain')}</p>${form(html`
        <${Field} name="ssid" label=${t('poster.ssid')} value=${values.ssid} errors=${errors} required hint=${t('wizard.wifi.ssidHint')} />
        <${Field} name="passphrase" label=${t('poster.passphrase')} value=${values.passphrase} errors=${errors} autocomplete="off" hint=${t('poster.passphraseHint')} />
        <${Select} name="country" label=${t('wizard.wifi.country')} value=${values.country || 'FR'} options=${countries} errors=${errors} required />`)}`;
      break;
    }
    case 'time': {
      const zones = timeZoneList().map((zone): [string, string] => [zone, zone.replaceAll('_', ' ')]);
      body = html`<p>${t('wizard.time.explain')}</p>${form(html`
        <${Select} name="locale" label=${t('nav.language')} value=${values.locale} options=${locales.map((l): [string, string] => [l, languageNames[l]])} errors=${errors} required />
        <${Select} name="timezone" label=${t('wizard.time.zone')} value=${values.timezone || 'Europe/Paris'} options=${zones} errors=${errors} required />
        ${values.timezone ? null : html`<script dangerouslySetInnerHTML=${{ __html: "(function(){var s=document.getElementById('f-timezone'),z=Intl.DateTimeFormat().resolvedOptions().timeZone;for(var i=0;i<s.options.length;i++)if(s.options[i].value===z)s.value=z})()" }} />`}
        <p>${t('wizard.time.boxClock', { time: new Date(boxClock.systemMs()).toISOString().slice(0, 16).replace('T', ' ') })}</p>
        <${BrowserTime} />`)}`;
      break;
    }
    case 'summary':
      body = summary(deps, ctx, draft, form);
      break;
  }
  return html`<${StepFrame} ctx=${ctx} step=${step} title=${title}>${body}${back}<//>`;
}

function territoryStep(deps: Deps, ctx: PageContext, errors: FieldErrors | undefined, query: string) {
  const { t } = ctx;
  const current = mainTerritory(deps.db);
  const demo = countDemo(deps.db);
  const candidates = territoryCandidates(deps.zones, query);
  const removeDemo = demo > 0
    ? html`<label class="check"><input type="checkbox" name="removeDemo" value="1" checked /> ${t('wizard.territory.removeDemo', { count: demo })}</label>`
    : null;
  return html`
    <p>${t('wizard.territory.explain')}</p>
    <${FormErrorSummary} errors=${errors} ctx=${ctx} />
    <form method="get" action="/setup/wizard/territory" class="stack">
      <${Field} name="q" label=${t('wizard.territory.search')} value=${query} hint=${t('wizard.territory.searchHint')} />
      <button type="submit" class="secondary">${t('search.submit')}</button>
    </form>
    ${query.trim().length >= 2 ? html`<form method="post" action="/setup/wizard/territory" class="stack" novalidate>
      <${Csrf} ctx=${ctx} />
      <input type="hidden" name="q" value=${query} />
      ${candidates.length === 0 ? html`<p>${t('search.none')}</p>` : html`<fieldset id="f-zones"><legend>${t('wizard.territory.pick')}</legend>
        ${candidates.map((zone) => html`<label class="check"><input type="checkbox" name=${`zone:${zone.id}`} value="1" />
          ${zone.name} <small>(${t(`zone.level.${zone.level}` as 'zone.level.epci')}${zone.population ? `, ${t('zone.population', { population: zone.population })}` : ''})</small></label>`)}
        ${errors?.zones ? html`<p class="error" id="f-zones-error">${errors.zones}</p>` : null}
      </fieldset>`}
      ${removeDemo}
      <button type="submit">${t('wizard.territory.use')}</button>
    </form>` : null}
    ${current ? html`<form method="post" action="/setup/wizard/territory" class="stack" novalidate>
      <${Csrf} ctx=${ctx} />
      <input type="hidden" name="keep" value="1" />
      ${removeDemo}
      <button type="submit" class="secondary">${t('wizard.territory.keep', { name: current.name, communes: current.communes })}</button>
    </form>` : null}`;
}

function summary(deps: Deps, ctx: PageContext, draft: Draft, form: (fields: unknown, submit?: string) => unknown) {
  const { t } = ctx;
  const territory = draft.territory ? draft.territory.names.join(', ') : mainTerritory(deps.db)?.name ?? '—';
  // Read at each use: the config is read once at start, but a test box changes it after building the app.
  const onBox = deps.config.setup.privilegedSocket !== null;
  return html`<dl class="summary">
      <dt>${t('wizard.name.label')}</dt><dd>${draft.name}</dd>
      <dt>${t('wizard.territory.title')}</dt><dd>${territory}${draft.removeDemo ? html`<br /><small>${t('wizard.summary.demoRemoved')}</small>` : null}</dd>
      <dt>${t('wizard.admin.title')}</dt><dd>${draft.admin!.username} (${draft.admin!.name})</dd>
      <dt>${t('poster.ssid')}</dt><dd>${draft.wifi!.ssid}</dd>
      <dt>${t('poster.passphrase')}</dt><dd>${draft.wifi!.passphrase || t('poster.noPassword')}</dd>
      <dt>${t('wizard.wifi.country')}</dt><dd>${draft.wifi!.country}</dd>
      <dt>${t('nav.language')}</dt><dd>${languageNames[draft.locale!]}</dd>
      <dt>${t('wizard.time.zone')}</dt><dd>${draft.timezone}</dd>
    </dl>
    ${onBox ? html`<p>${t('wizard.summary.wifiWarning')}</p>` : html`<p class="notice">${t('wizard.summary.notOnBox')}</p>`}
    ${form(html`<${BrowserTime} />`, t('wizard.finish'))}`;
}

function donePage(deps: Deps, ctx: PageContext, draft: Draft, result: SetupResult, onBox: boolean) {
  const { t } = ctx;
  const wifi = (outcome: HelperResult | null) => (outcome === null ? t('wizard.done.notOnBox')
    : outcome.ok ? t('wizard.done.wifiApplied', { ssid: draft.wifi!.ssid }) : t('wizard.done.wifiFailed', { reason: outcome.reason }));
  const clockText: Record<ClockOutcome, string> = {
    set: t('wizard.done.clockSet'), unchanged: t('wizard.done.clockUnchanged', { source: clockStatus(deps.db).source }),
    unavailable: t('wizard.done.notOnBox'), failed: t('wizard.done.clockFailed'),
  };
  return html`<${Layout} ctx=${ctx} title=${t('wizard.done.title')}>
    <section class="wizard">
      <h1>${t('wizard.done.title')}</h1>
      <p class="notice" role="status">${t('wizard.done.lead', { name: deps.box.name })}</p>
      <ul>
        <li data-outcome="wifi">${wifi(result.wifi)}</li>
        <li data-outcome="clock">${onBox ? clockText[result.clock] : t('wizard.done.notOnBox')}</li>
      </ul>
      <p><a href="/admin/wifi-poster">${t('poster.title')}</a> · <a href="/admin">${t('nav.admin')}</a> · <a href="/">${deps.box.name}</a></p>
    </section>
  <//>`;
}
