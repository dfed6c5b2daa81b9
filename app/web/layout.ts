// The frame of every page: header with navigation and language switcher, main content, footer.
import { html, type ComponentChildren } from './html.ts';
import { locales, type Locale, type Translate } from '../core/i18n/index.ts';
import type { Viewer } from '../permissions/visibility.ts';
import { NotificationsLink } from '../notifications/components.ts';

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
      ${props.head}
    </head>
    <body>
      <a class="skip" href="#main">${t('nav.skip')}</a>
      <header class="top">
        <a class="brand" href="/">${ctx.boxName}</a>
        <nav aria-label=${t('nav.label')}>
          <a href="/live">${t('live.nav')}</a>
          ${viewer ? html`<a href="/feed">${t('feed.nav')}</a>` : null}
          <a href="/organizations">${t('type.organization.plural')}</a>
          <a href="/projects">${t('type.project.plural')}</a>
          <a href="/events">${t('type.event.plural')}</a>
          <a href="/agenda">${t('nav.agenda')}</a>
          <a href="/pois">${t('type.poi.plural')}</a>
          <a href="/persons">${t('type.person.plural')}</a>
          <a href="/search">${t('search.title')}</a>
          <a href="/map">${t('map.title')}</a>
        </nav>
        <div class="account">
          ${viewer
            ? html`<a href="/me">${viewer.username}</a>
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
