// An error as a page, in the visitor's language.
import type { Ctx } from '../core/http/env.ts';
import type { AppError } from '../core/errors.ts';
import type { Deps } from '../deps.ts';
import { translator, negotiateLocale } from '../core/i18n/index.ts';
import { html, renderDocument } from './html.ts';
import { localizeMessage } from '../core/i18n/messages.ts';
import { Layout } from './layout.ts';
import { boxFrame } from './page.ts';

export function renderErrorPage(deps: Deps, c: Ctx, error: AppError): string {
  const locale = c.get('locale') ?? negotiateLocale(undefined, c.req.header('accept-language'), deps.box.locale);
  const t = c.get('t') ?? translator(locale);
  const ctx = { t, locale, viewer: c.get('viewer') ?? null, csrf: c.get('csrf') ?? '', boxName: deps.box.name, path: c.req.path, ...boxFrame(deps) };
  const title = error.code === 'not_found' ? t('error.notFound') : error.code === 'unauthenticated' ? t('error.signIn') : t('error.title');
  return renderDocument(html`<${Layout} ctx=${ctx} title=${title}>
    <h1>${title}</h1>
    <p>${localizeMessage(locale, error.message)}</p>
    ${error.code === 'unauthenticated' ? html`<p><a href=${`/login?next=${encodeURIComponent(c.req.path)}`}>${t('nav.login')}</a></p>` : null}
    <p><a href="/">${t('error.home')}</a></p>
  <//>`);
}
