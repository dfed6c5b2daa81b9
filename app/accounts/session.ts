// Who is asking: a session cookie (pages) or a personal API token (scripts), and their language.
import type { MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { negotiateLocale, translator } from '../core/i18n/index.ts';
import { newSecret } from '../core/ids.ts';
import type { AppEnv } from '../core/http/env.ts';
import type { Deps } from '../deps.ts';
import { accountForApiToken, accountForSession, toViewer } from './storage.ts';

export const sessionCookie = 'copi_session';
export const csrfCookie = 'copi_csrf';
export const localeCookie = 'copi_lang';

export function requestContext(deps: Deps): MiddlewareHandler<AppEnv> {
  return async function requestContextMiddleware(c, next) {
    const locale = negotiateLocale(getCookie(c, localeCookie), c.req.header('accept-language'), deps.box.locale);
    c.set('locale', locale);
    c.set('t', translator(locale));

    let csrf = getCookie(c, csrfCookie);
    if (!csrf || !/^[\w-]{20,64}$/.test(csrf)) {
      csrf = newSecret();
      setCookie(c, csrfCookie, csrf, { httpOnly: true, sameSite: 'Lax', path: '/' });
    }
    c.set('csrf', csrf);

    c.set('viewer', null);
    c.set('authBy', null);
    const bearer = c.req.header('authorization')?.match(/^Bearer (\S+)$/)?.[1];
    const session = getCookie(c, sessionCookie);
    const account = bearer ? accountForApiToken(deps.db, bearer) : session ? accountForSession(deps.db, session) : null;
    if (account) {
      c.set('viewer', toViewer(account));
      c.set('authBy', bearer ? 'token' : 'session');
    }
    await next();
  };
}

export function setSessionCookie(c: Parameters<MiddlewareHandler<AppEnv>>[0], secret: string) {
  setCookie(c, sessionCookie, secret, { httpOnly: true, sameSite: 'Lax', path: '/', maxAge: 30 * 86400 });
}
