// The frame of every page: header with navigation and language switcher, main content, footer.
import { html, type ComponentChildren } from './html.ts';
import { locales, type Locale, type MessageKey, type Translate } from '../core/i18n/index.ts';
import type { Viewer } from '../permissions/visibility.ts';
import { NotificationsLink } from '../notifications/components.ts';
import type { ModuleId } from '../modules/modules.ts';

export interface PageContext {
  t: Translate;
  locale: Locale;
  viewer: Viewer | null;
  csrf: string;
  boxName: string;
  /** The box's IANA time zone: dates on pages are shown in it. */
  timezone: string;
  path: string;
  /** Unread notifications of the signed-in viewer, shown in the header. */
  unread?: number;
  /** Modules the box admin turned off: their menu entries are not shown. */
  modulesOff?: ReadonlySet<ModuleId>;
  /** The box's colours as a CSS rule (app/box/theme.ts), and its logo's address. */
  theme?: string | null;
  logoUrl?: string | null;
}

interface NavEntry {
  href: string;
  label: MessageKey;
  module?: ModuleId;
  signedIn?: boolean;
}

// The first entries stay in the header; the others fold into "More" so the header holds on a phone.
const mainEntries: NavEntry[] = [
  { href: '/live', label: 'live.nav', module: 'live' },
  { href: '/feed', label: 'feed.nav', module: 'live', signedIn: true },
  { href: '/agenda', label: 'nav.agenda', module: 'agenda' },
  { href: '/market', label: 'module.marketplace.name', module: 'marketplace' },
  { href: '/aid', label: 'module.aid.name', module: 'aid' },
  { href: '/map', label: 'map.title' },
  { href: '/search', label: 'search.title', module: 'search' },
];
const moreEntries: NavEntry[] = [
  { href: '/organizations', label: 'type.organization.plural' },
  { href: '/projects', label: 'type.project.plural' },
  { href: '/events', label: 'type.event.plural' },
  { href: '/pois', label: 'type.poi.plural' },
  { href: '/persons', label: 'type.person.plural' },
  { href: '/coop', label: 'module.coop.name', module: 'coop' },
  { href: '/maps', label: 'module.netmaps.name', module: 'netmaps' },
];

function NavLinks({ ctx, entries }: { ctx: PageContext; entries: NavEntry[] }) {
  const shown = entries.filter((entry) => (!entry.module || !ctx.modulesOff?.has(entry.module)) && (!entry.signedIn || ctx.viewer));
  return shown.map((entry) => html`<a href=${entry.href}>${ctx.t(entry.label)}</a>`);
}

export function Layout(props: { ctx: PageContext; title: string; children: ComponentChildren; head?: ComponentChildren }) {
  const { ctx, title } = props;
  const { t, viewer } = ctx;
  return html`<html lang=${ctx.locale}>
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>${title} · ${ctx.boxName}</title>
      <link rel="stylesheet" href="/assets/copi.css" />
      <link rel="icon" href="/assets/icon.svg" type="image/svg+xml" />
      ${ctx.theme ? html`<style dangerouslySetInnerHTML=${{ __html: ctx.theme }} />` : null}
      ${props.head}
    </head>
    <body>
      <a class="skip" href="#main">${t('nav.skip')}</a>
      <header class="top">
        <a class="brand" href="/">${ctx.logoUrl ? html`<img src=${ctx.logoUrl} alt="" height="32" />` : null}${ctx.boxName}</a>
        <nav aria-label=${t('nav.label')}>
          <${NavLinks} ctx=${ctx} entries=${mainEntries} />
          <details class="more"><summary>${t('nav.more')}</summary>
            <div><${NavLinks} ctx=${ctx} entries=${moreEntries} /></div></details>
        </nav>
        <div class="account">
          ${viewer
            ? html`<a href="/me">${viewer.username}</a>
                <a href="/messages">${t('messages.title')}</a>
                <${NotificationsLink} ctx=${ctx} />
                ${viewer.isBoxAdmin ? html`<a href="/admin">${t('nav.admin')}</a>` : null}
                <form method="post" action="/logout" class="inline">
                  <input type="hidden" name="_csrf" value=${ctx.csrf} />
                  <button class="link">${t('nav.logout')}</button>
                </form>`
            : html`<a href="/login">${t('nav.login')}</a> <a href="/register">${t('nav.register')}</a>`}
        </div>
      </header>
      <main id="main">${props.children}</main>
      <footer>
        <nav class="langs" aria-label=${t('nav.language')}>
          ${locales.map((locale) =>
            html`<a href=${`/lang/${locale}?back=${encodeURIComponent(ctx.path)}`} lang=${locale}
              aria-current=${locale === ctx.locale ? 'true' : undefined}>${languageNames[locale]}</a>`)}
        </nav>
        <p>${t('footer.offline')}</p>
      </footer>
    </body>
  </html>`;
}

const languageNames: Record<Locale, string> = { fr: 'Français', en: 'English', de: 'Deutsch' };

export function Csrf({ ctx }: { ctx: PageContext }) {
  return html`<input type="hidden" name="_csrf" value=${ctx.csrf} />`;
}

export interface FieldErrors {
  [field: string]: string | undefined;
}

/** A labelled input with its error next to it, keeping the entered value. */
export function Field(props: {
  name: string; label: string; value?: string; type?: string; errors?: FieldErrors; required?: boolean;
  hint?: string; autocomplete?: string; textarea?: boolean; maxlength?: number; step?: string;
}) {
  const error = props.errors?.[props.name];
  const id = `f-${props.name}`;
  const describedBy = [error ? `${id}-error` : '', props.hint ? `${id}-hint` : ''].filter(Boolean).join(' ') || undefined;
  const common = { id, name: props.name, required: props.required, 'aria-invalid': error ? 'true' : undefined, 'aria-describedby': describedBy, maxlength: props.maxlength };
  return html`<div class=${error ? 'field invalid' : 'field'}>
    <label for=${id}>${props.label}${props.required ? ' *' : ''}</label>
    ${props.textarea
      ? html`<textarea ...${common} rows="6">${props.value ?? ''}</textarea>`
      : html`<input ...${common} type=${props.type ?? 'text'} value=${props.value ?? ''} autocomplete=${props.autocomplete} step=${props.step} />`}
    ${props.hint ? html`<small id=${`${id}-hint`}>${props.hint}</small>` : null}
    ${error ? html`<p class="error" id=${`${id}-error`}>${error}</p>` : null}
  </div>`;
}

export function Select(props: { name: string; label: string; value?: string; options: [string, string][]; errors?: FieldErrors; required?: boolean }) {
  const error = props.errors?.[props.name];
  const id = `f-${props.name}`;
  return html`<div class=${error ? 'field invalid' : 'field'}>
    <label for=${id}>${props.label}${props.required ? ' *' : ''}</label>
    <select id=${id} name=${props.name} aria-invalid=${error ? 'true' : undefined} aria-describedby=${error ? `${id}-error` : undefined}>
      ${props.required ? null : html`<option value="">—</option>`}
      ${props.options.map(([value, label]) => html`<option value=${value} selected=${value === props.value}>${label}</option>`)}
    </select>
    ${error ? html`<p class="error" id=${`${id}-error`}>${error}</p>` : null}
  </div>`;
}

export function FormErrorSummary({ errors, ctx }: { errors?: FieldErrors; ctx: PageContext }) {
  const general = errors?.['_'];
  if (!errors || Object.keys(errors).length === 0) return null;
  return html`<div class="error-summary" role="alert">
    <p>${general ?? ctx.t('form.fixErrors')}</p>
  </div>`;
}
