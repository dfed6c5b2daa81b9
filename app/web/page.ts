// Helpers for page handlers: the page context from a request, and rendering a page.
import type { Ctx } from '../core/http/env.ts';
import type { Deps } from '../deps.ts';
import { AppError, forbidden } from '../core/errors.ts';
import { ValidationError } from '../core/validation.ts';
import type { FieldErrors, PageContext } from './layout.ts';
import { renderDocument, type VNode } from './html.ts';
import type { Locale } from '../core/i18n/index.ts';
import { localizeMessage } from '../core/i18n/messages.ts';
import { unreadCount } from '../notifications/storage.ts';
import { modulesOff } from '../modules/modules.ts';
import { themeCss } from '../box/theme.ts';
import { shownLogoUrl } from '../box/logo.ts';

export function pageContext(deps: Deps, c: Ctx): PageContext {
  const viewer = c.get('viewer');
  return {
    t: c.get('t'), locale: c.get('locale'), viewer, csrf: c.get('csrf'), boxName: deps.box.name, timezone: deps.box.timezone, path: c.req.path,
    unread: viewer ? unreadCount(deps.db, viewer.personId) : 0, ...boxFrame(deps),
  };
}

/** What the frame of every page takes from the box: the modules off (hidden from the menu), its colours and logo. */
export const boxFrame = (deps: Deps): Pick<PageContext, 'modulesOff' | 'theme' | 'logoUrl'> => ({
  modulesOff: modulesOff(deps.db), theme: themeCss(deps.box), logoUrl: shownLogoUrl(deps.config, deps.box.logo),
});

export const sendPage = (c: Ctx, page: VNode, status: 200 | 201 | 400 | 403 | 404 | 409 | 413 | 415 | 422 | 429 = 200) =>
  c.html(renderDocument(page), status);

/** Turns an expected failure into errors shown next to the fields of the form, in the visitor's language. */
export function formErrors(error: unknown, locale: Locale = 'fr'): FieldErrors | null {
  if (error instanceof ValidationError) {
    const errors: FieldErrors = {};
    for (const issue of error.issues) errors[issue.field || '_'] ??= localizeMessage(locale, issue.message);
    return errors;
  }
  if (error instanceof AppError && error.code !== 'unauthenticated' && error.code !== 'not_found') {
    const message = localizeMessage(locale, error.message);
    return { [error.field ?? '_']: message, ...(error.field ? { _: message } : {}) };
  }
  return null;
}

/** Sends the visitor to sign in, then back here. */
/** Box admins only: anyone else gets a 403 page. */
export const requireBoxAdmin = (c: Ctx) => {
  if (!c.get('viewer')?.isBoxAdmin) throw forbidden('Only a box admin can open this page');
};

export const toLogin = (c: Ctx) => c.redirect(`/login?next=${encodeURIComponent(c.req.path)}`, 303);

export const safeNext = (next: string | undefined) => (next && /^\/(?!\/)[\w\-./?=&%]*$/.test(next) ? next : '/');
