// The box settings page (box admins): name, default language, welcome text, colours, logo and territory,
// each its own small form on GET /admin/settings.
import { Hono } from 'hono';
import type { AppEnv, Ctx } from '../core/http/env.ts';
import { AppError } from '../core/errors.ts';
import { readForm } from '../core/http/input.ts';
import { locales, type Locale } from '../core/i18n/index.ts';
import type { Deps } from '../deps.ts';
import { html } from '../web/html.ts';
import { Csrf, Field, FormErrorSummary, Layout, Select, type FieldErrors, type PageContext } from '../web/layout.ts';
import { formErrors, pageContext, requireBoxAdmin, sendPage, toLogin } from '../web/page.ts';
import { maxWelcomeLength, saveColours, saveIdentity, saveTerritory } from '../box/actions.ts';
import { logoUrl, removeLogo, saveLogo } from '../box/logo.ts';
import { defaultColours } from '../box/theme.ts';
import { mainTerritory } from '../zones/communes.ts';
import { territoryCandidates } from '../setup/territory.ts';

type Section = 'identity' | 'colours' | 'logo' | 'territory';

interface Extra {
  /** The section whose form failed, its errors and the values entered. */
  failed?: { section: Section; errors: FieldErrors; values: Record<string, string> };
  saved?: boolean;
  query?: string;
}

const languageNames: Record<Locale, string> = { fr: 'Français', en: 'English', de: 'Deutsch' };

export function settingsPages(deps: Deps) {
  const pages = new Hono<AppEnv>();

  pages.get('/admin/settings', (c) => {
    if (!c.get('viewer')) return toLogin(c);
    requireBoxAdmin(c);
    return sendPage(c, settingsPage(deps, c, { saved: c.req.query('saved') === '1', query: c.req.query('q') ?? '' }));
  });

  /** Runs a section's write; a refused input shows the page again with the errors next to that section's fields. */
  async function handle(c: Ctx, section: Section, values: Record<string, string>, write: () => unknown) {
    try {
      await write();
      return c.redirect(`/admin/settings?saved=1#${section}`, 303);
    } catch (error) {
      const errors = formErrors(error, c.get('locale'));
      if (!errors || (error instanceof AppError && error.code === 'forbidden' && !error.field)) throw error;
      const status = error instanceof AppError && (error.status === 413 || error.status === 415) ? error.status : 422;
      return sendPage(c, settingsPage(deps, c, { failed: { section, errors, values }, query: values.q ?? '' }), status);
    }
  }

  pages.post('/admin/settings', async (c) => {
    requireBoxAdmin(c);
    const form = await readForm(c);
    // The short form of the admin page sends the name only: the other fields keep their value.
    const input = { name: form.name ?? '', locale: form.locale ?? deps.box.locale, welcome: form.welcome ?? deps.box.welcome };
    return handle(c, 'identity', form, () => saveIdentity(deps, c.get('viewer'), input, c.get('locale')));
  });

  pages.post('/admin/settings/colours', async (c) => {
    requireBoxAdmin(c);
    const form = await readForm(c);
    return handle(c, 'colours', form, () => saveColours(deps, c.get('viewer'), { accent: form.accent ?? '', ink: form.ink ?? '' }, c.get('locale')));
  });

  pages.post('/admin/settings/logo', async (c) => {
    requireBoxAdmin(c);
    const body = await c.req.parseBody();
    if (body._csrf !== c.get('csrf')) throw new AppError('forbidden', 'This form has expired or did not come from this box; reload the page and try again');
    const file = body.logo instanceof File && body.logo.size > 0 ? body.logo : null;
    return handle(c, 'logo', {}, async () => saveLogo(deps, c.get('viewer'), file && { bytes: new Uint8Array(await file.arrayBuffer()) }));
  });

  pages.post('/admin/settings/logo/remove', async (c) => {
    requireBoxAdmin(c);
    await readForm(c);
    return handle(c, 'logo', {}, () => removeLogo(deps, c.get('viewer')));
  });

  pages.post('/admin/settings/territory', async (c) => {
    requireBoxAdmin(c);
    const form = await readForm(c);
    const zoneIds = Object.keys(form).filter((key) => key.startsWith('zone:')).map((key) => key.slice(5));
    return handle(c, 'territory', form, () => saveTerritory(deps, c.get('viewer'), zoneIds));
  });

  return pages;
}

function settingsPage(deps: Deps, c: Ctx, extra: Extra) {
  const ctx = pageContext(deps, c);
  const { t } = ctx;
  const failed = (section: Section) => (extra.failed?.section === section ? extra.failed : undefined);
  const identity = failed('identity');
  const colours = failed('colours');
  const logo = failed('logo');
  const box = deps.box;
  return html`<${Layout} ctx=${ctx} title=${t('admin.boxSettings')}>
    <p><a href="/admin">${t('admin.title')}</a></p>
    <h1>${t('admin.boxSettings')}</h1>
    ${extra.saved ? html`<p class="notice" role="status">${t('admin.saved')}</p>` : null}

    <section id="identity"><h2>${t('admin.identity')}</h2>
      <form method="post" action="/admin/settings" class="stack" novalidate><${Csrf} ctx=${ctx} />
        <${FormErrorSummary} errors=${identity?.errors} ctx=${ctx} />
        <${Field} name="name" label=${t('admin.boxName')} value=${identity?.values.name ?? box.name} errors=${identity?.errors} required maxlength=${60} />
        <${Select} name="locale" label=${t('admin.defaultLocale')} value=${identity?.values.locale ?? box.locale} errors=${identity?.errors} required
          options=${locales.map((locale) => [locale, languageNames[locale]])} />
        <small>${t('admin.defaultLocaleHint')}</small>
        <${Field} name="welcome" label=${t('admin.welcome')} value=${identity?.values.welcome ?? box.welcome} errors=${identity?.errors} textarea
          maxlength=${maxWelcomeLength} hint=${t('admin.welcomeHint')} />
        <button>${t('form.save')}</button></form>
      <p>${t('admin.boxId')}: <code>${box.boxId}</code></p>
    </section>

    <section id="colours"><h2>${t('admin.colours')}</h2>
      <form method="post" action="/admin/settings/colours" class="stack" novalidate><${Csrf} ctx=${ctx} />
        <${FormErrorSummary} errors=${colours?.errors} ctx=${ctx} />
        <${Field} name="accent" type="color" label=${t('admin.accent')} value=${colours?.values.accent ?? box.accent ?? defaultColours.accent}
          errors=${colours?.errors} hint=${t('admin.accentHint')} />
        <${Field} name="ink" type="color" label=${t('admin.ink')} value=${colours?.values.ink ?? box.ink ?? defaultColours.ink}
          errors=${colours?.errors} hint=${t('admin.inkHint')} />
        <button>${t('form.save')}</button></form>
      ${box.accent || box.ink ? html`<form method="post" action="/admin/settings/colours" class="actions"><${Csrf} ctx=${ctx} />
        <input type="hidden" name="accent" value="" /><input type="hidden" name="ink" value="" />
        <button class="secondary">${t('admin.coloursReset')}</button></form>` : null}
    </section>

    <section id="logo"><h2>${t('admin.logo')}</h2>
      ${box.logo ? html`<p class="logo-preview"><img src=${logoUrl(box.logo)} alt=${t('admin.logo')} /></p>` : html`<p>${t('admin.logoNone')}</p>`}
      <form method="post" action="/admin/settings/logo" enctype="multipart/form-data" class="stack" novalidate><${Csrf} ctx=${ctx} />
        <div class=${logo?.errors.logo ? 'field invalid' : 'field'}>
          <label for="f-logo">${t('admin.logo')}</label>
          <input id="f-logo" name="logo" type="file" accept="image/png,image/jpeg" aria-describedby=${logo?.errors.logo ? 'f-logo-hint f-logo-error' : 'f-logo-hint'}
            aria-invalid=${logo?.errors.logo ? 'true' : undefined} />
          <small id="f-logo-hint">${t('admin.logoHint')}</small>
          ${logo?.errors.logo || logo?.errors._ ? html`<p class="error" id="f-logo-error">${logo.errors.logo ?? logo.errors._}</p>` : null}
        </div>
        <button>${t('admin.logoUpload')}</button></form>
      ${box.logo ? html`<form method="post" action="/admin/settings/logo/remove" class="actions"><${Csrf} ctx=${ctx} />
        <button class="secondary">${t('admin.logoRemove')}</button></form>` : null}
    </section>

    <${TerritorySection} ctx=${ctx} deps=${deps} query=${extra.query ?? ''} errors=${failed('territory')?.errors} />
  <//>`;
}

/** The box's territory, chosen as in the first-boot wizard: find an intercommunality or communes, tick, save. */
function TerritorySection({ ctx, deps, query, errors }: { ctx: PageContext; deps: Deps; query: string; errors?: FieldErrors }) {
  const { t } = ctx;
  const current = mainTerritory(deps.db);
  const candidates = territoryCandidates(deps.zones, query);
  return html`<section id="territory"><h2>${t('admin.territory')}</h2>
    <p>${current ? t('admin.territoryCurrent', { name: current.name, communes: current.communes }) : t('admin.territoryNone')}</p>
    <${FormErrorSummary} errors=${errors} ctx=${ctx} />
    <form method="get" action="/admin/settings#territory" class="search-form">
      <label for="f-q">${t('wizard.territory.search')}</label>
      <input id="f-q" name="q" type="search" value=${query} maxlength="100" aria-describedby="f-q-hint" />
      <button type="submit" class="secondary">${t('search.submit')}</button>
      <small id="f-q-hint">${t('wizard.territory.searchHint')}</small>
    </form>
    ${query.trim().length >= 2 ? html`<form method="post" action="/admin/settings/territory" class="stack" novalidate><${Csrf} ctx=${ctx} />
      <input type="hidden" name="q" value=${query} />
      ${candidates.length === 0 ? html`<p>${t('search.none')}</p>` : html`<fieldset id="f-zones"><legend>${t('wizard.territory.pick')}</legend>
        ${candidates.map((zone) => html`<label class="check"><input type="checkbox" name=${`zone:${zone.id}`} value="1" />
          ${zone.name} <small>(${t(`zone.level.${zone.level}` as 'zone.level.epci')}${zone.population ? `, ${t('zone.population', { population: zone.population })}` : ''})</small></label>`)}
        ${errors?.zones ? html`<p class="error" id="f-zones-error">${errors.zones}</p>` : null}
      </fieldset>
      <button type="submit">${t('admin.territoryUse')}</button>`}
    </form>` : null}
  </section>`;
}
