// Account pages: register, sign in and out, first-admin setup, password reset, my account, language.
import { Hono } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { AppEnv, Ctx } from '../core/http/env.ts';
import { AppError, notFound } from '../core/errors.ts';
import { readForm } from '../core/http/input.ts';
import { isLocale } from '../core/i18n/index.ts';
import type { Deps } from '../deps.ts';
import { html } from '../web/html.ts';
import { Csrf, Field, FormErrorSummary, Layout, type FieldErrors, type PageContext } from '../web/layout.ts';
import { formErrors, pageContext, safeNext, sendPage, toLogin } from '../web/page.ts';
import {
  deleteAccount, newApiToken, register, resetLinkAccount, resetPassword, setupLinkValid, startSession,
} from './actions.ts';
import { loginWithLimit } from './api.ts';
import type { RateLimiter } from './rate-limit.ts';
import { localeCookie, sessionCookie, setSessionCookie } from './session.ts';
import { deleteApiToken, deleteSession, listApiTokens } from './storage.ts';
import { findElement } from '../elements/storage.ts';
import { readElement } from '../elements/actions.ts';
import { linksFrom } from '../links/storage.ts';
import { BrowserTime } from '../setup/browser-time.ts';
import { CalendarFeedSection } from '../agenda/ical/pages.ts';
import { parseBrowserTime, setClockFromBrowser } from '../setup/clock.ts';
import { privilegedHelper } from '../setup/privileged.ts';

export function accountsPages(deps: Deps, limiter: RateLimiter) {
  const pages = new Hono<AppEnv>();

  pages.get('/register', (c) => sendPage(c, registerPage(pageContext(deps, c), { next: c.req.query('next') ?? '' })));
  pages.post('/register', async (c) => {
    const form = await readForm(c);
    try {
      const account = await register(deps, { username: form.username ?? '', password: form.password ?? '', name: form.name ?? '' }, c.get('locale'));
      setSessionCookie(c, startSession(deps, account));
      return c.redirect(safeNext(form.next), 303);
    } catch (error) {
      const errors = formErrors(error, c.get('locale'));
      if (!errors) throw error;
      return sendPage(c, registerPage(pageContext(deps, c), { ...form, password: '' }, errors), 422);
    }
  });

  pages.get('/login', (c) => sendPage(c, loginPage(pageContext(deps, c), { next: c.req.query('next') ?? '' })));
  pages.post('/login', async (c) => {
    const form = await readForm(c);
    try {
      const account = await loginWithLimit(deps, limiter, c, { username: form.username ?? '', password: form.password ?? '' });
      // A Pi has no battery-backed clock: a box admin's browser sets it when the box is clearly behind.
      if (account.isBoxAdmin) await setClockFromBrowser(deps.db, privilegedHelper(deps.config.setup.privilegedSocket), parseBrowserTime(form.clientTime));
      setSessionCookie(c, startSession(deps, account));
      return c.redirect(safeNext(form.next), 303);
    } catch (error) {
      const errors = formErrors(error, c.get('locale')) ?? (error instanceof AppError ? { password: error.message, _: error.message } : null);
      if (!errors) throw error;
      return sendPage(c, loginPage(pageContext(deps, c), { ...form, password: '' }, errors), error instanceof AppError && error.code === 'rate_limited' ? 429 : 422);
    }
  });

  pages.post('/logout', async (c) => {
    await readForm(c);
    const secret = getCookie(c, sessionCookie);
    if (secret) deleteSession(deps.db, secret);
    deleteCookie(c, sessionCookie, { path: '/' });
    return c.redirect('/', 303);
  });

  pages.get('/setup/:token', (c) => {
    if (!setupLinkValid(deps, c.req.param('token'))) throw new AppError('not_found', 'This setup link was already used or has expired');
    return sendPage(c, registerPage(pageContext(deps, c), {}, undefined, c.req.param('token')));
  });
  pages.post('/setup/:token', async (c) => {
    const form = await readForm(c);
    const token = c.req.param('token');
    try {
      const account = await register(deps, { username: form.username ?? '', password: form.password ?? '', name: form.name ?? '', setupToken: token }, c.get('locale'));
      setSessionCookie(c, startSession(deps, account));
      return c.redirect('/admin', 303);
    } catch (error) {
      const errors = formErrors(error, c.get('locale'));
      if (!errors) throw error;
      return sendPage(c, registerPage(pageContext(deps, c), { ...form, password: '' }, errors, token), 422);
    }
  });

  pages.get('/reset/:token', (c) => {
    const account = resetLinkAccount(deps, c.req.param('token'));
    if (!account) throw new AppError('not_found', 'This reset link was already used or has expired');
    return sendPage(c, resetPage(pageContext(deps, c), account.username));
  });
  pages.post('/reset/:token', async (c) => {
    const form = await readForm(c);
    const token = c.req.param('token');
    const account = resetLinkAccount(deps, token);
    if (!account) throw new AppError('not_found', 'This reset link was already used or has expired');
    try {
      const updated = await resetPassword(deps, token, { password: form.password ?? '' }, c.get('locale'));
      setSessionCookie(c, startSession(deps, updated));
      return c.redirect('/me', 303);
    } catch (error) {
      const errors = formErrors(error, c.get('locale'));
      if (!errors) throw error;
      return sendPage(c, resetPage(pageContext(deps, c), account.username, errors), 422);
    }
  });

  pages.get('/me', (c) => (c.get('viewer') ? sendPage(c, mePage(deps, c)) : toLogin(c)));
  pages.post('/me/tokens', async (c) => {
    if (!c.get('viewer')) return toLogin(c);
    const form = await readForm(c);
    try {
      const { token } = newApiToken(deps, c.get('viewer'), { name: form.name ?? '' }, c.get('locale'));
      return sendPage(c, mePage(deps, c, { newToken: token }), 201);
    } catch (error) {
      const errors = formErrors(error, c.get('locale'));
      if (!errors) throw error;
      return sendPage(c, mePage(deps, c, { tokenErrors: errors }), 422);
    }
  });
  pages.post('/me/tokens/:id/delete', async (c) => {
    const viewer = c.get('viewer');
    if (!viewer) return toLogin(c);
    await readForm(c);
    if (!deleteApiToken(deps.db, viewer.personId, c.req.param('id'))) throw notFound('Token');
    return c.redirect('/me', 303);
  });
  pages.post('/me/delete', async (c) => {
    if (!c.get('viewer')) return toLogin(c);
    const form = await readForm(c);
    try {
      await deleteAccount(deps, c.get('viewer'), { password: form.password ?? '' }, c.get('locale'));
      deleteCookie(c, sessionCookie, { path: '/' });
      return c.redirect('/', 303);
    } catch (error) {
      const errors = formErrors(error, c.get('locale'));
      if (!errors) throw error;
      return sendPage(c, mePage(deps, c, { deleteErrors: errors }), 422);
    }
  });

  pages.get('/lang/:locale', (c) => {
    const locale = c.req.param('locale');
    if (!isLocale(locale)) throw notFound('Language');
    setCookie(c, localeCookie, locale, { path: '/', sameSite: 'Lax', maxAge: 365 * 86400 });
    return c.redirect(safeNext(c.req.query('back')), 303);
  });

  return pages;
}

function registerPage(ctx: PageContext, values: Record<string, string>, errors?: FieldErrors, setupToken?: string) {
  const { t } = ctx;
  const title = setupToken ? t('setup.title') : t('register.title');
  return html`<${Layout} ctx=${ctx} title=${title}>
    <h1>${title}</h1>
    ${setupToken ? html`<p>${t('setup.explain')}</p>` : null}
    <form method="post" action=${setupToken ? `/setup/${setupToken}` : '/register'} class="stack" novalidate>
      <${Csrf} ctx=${ctx} />
      <${FormErrorSummary} errors=${errors} ctx=${ctx} />
      <input type="hidden" name="next" value=${values.next ?? ''} />
      <${Field} name="username" label=${t('field.username')} value=${values.username} errors=${errors} required autocomplete="username" hint=${t('register.usernameHint')} />
      <${Field} name="name" label=${t('field.displayName')} value=${values.name} errors=${errors} autocomplete="name" />
      <${Field} name="password" type="password" label=${t('field.password')} errors=${errors} required autocomplete="new-password" hint=${t('register.passwordHint')} />
      <button type="submit">${setupToken ? t('setup.submit') : t('register.submit')}</button>
    </form>
    ${setupToken ? null : html`<p>${t('register.haveAccount')} <a href=${`/login${values.next ? `?next=${encodeURIComponent(values.next)}` : ''}`}>${t('nav.login')}</a></p>`}
  <//>`;
}

function loginPage(ctx: PageContext, values: Record<string, string>, errors?: FieldErrors) {
  const { t } = ctx;
  return html`<${Layout} ctx=${ctx} title=${t('login.title')}>
    <h1>${t('login.title')}</h1>
    <form method="post" action="/login" class="stack" novalidate>
      <${Csrf} ctx=${ctx} />
      <${FormErrorSummary} errors=${errors} ctx=${ctx} />
      <input type="hidden" name="next" value=${values.next ?? ''} />
      <${Field} name="username" label=${t('field.username')} value=${values.username} errors=${errors} required autocomplete="username" />
      <${Field} name="password" type="password" label=${t('field.password')} errors=${errors} required autocomplete="current-password" />
      <${BrowserTime} />
      <button type="submit">${t('login.submit')}</button>
    </form>
    <p>${t('login.noAccount')} <a href=${`/register${values.next ? `?next=${encodeURIComponent(values.next)}` : ''}`}>${t('nav.register')}</a></p>
    <p><small>${t('login.forgot')}</small></p>
  <//>`;
}

function resetPage(ctx: PageContext, username: string, errors?: FieldErrors) {
  const { t } = ctx;
  return html`<${Layout} ctx=${ctx} title=${t('reset.title')}>
    <h1>${t('reset.title')}</h1>
    <p>${t('reset.for', { username })}</p>
    <form method="post" class="stack" novalidate>
      <${Csrf} ctx=${ctx} />
      <${FormErrorSummary} errors=${errors} ctx=${ctx} />
      <${Field} name="password" type="password" label=${t('field.newPassword')} errors=${errors} required autocomplete="new-password" hint=${t('register.passwordHint')} />
      <button type="submit">${t('reset.submit')}</button>
    </form>
  <//>`;
}

function mePage(deps: Deps, c: Ctx, extra: { newToken?: string; tokenErrors?: FieldErrors; deleteErrors?: FieldErrors } = {}) {
  const ctx = pageContext(deps, c);
  const { t } = ctx;
  const viewer = ctx.viewer!;
  const tokens = listApiTokens(deps.db, viewer.personId);
  const invitations = linksFrom(deps.db, viewer.personId)
    .filter((link) => link.status === 'invited')
    .map((link) => readElement(deps, viewer, link.toId))
    .filter((element) => element !== null);
  return html`<${Layout} ctx=${ctx} title=${t('me.title')}>
    <h1>${t('me.title')}</h1>
    <p>${t('me.signedInAs', { username: viewer.username })} · <a href=${`/e/${findElement(deps.db, viewer.personId)?.slug ?? ''}`}>${t('me.profile')}</a></p>
    <section><h2>${t('me.invitations')}</h2>
      ${invitations.length === 0 ? html`<p>${t('me.noInvitations')}</p>` : html`<ul>${invitations.map((element) => html`<li>
        <a href=${`/e/${element.slug}`}>${element.name}</a>
        <form method="post" action=${`/e/${element.slug}/accept`} class="inline"><${Csrf} ctx=${ctx} /><button>${t('element.acceptInvitation')}</button></form></li>`)}</ul>`}
    </section>
    <section><h2>${t('me.export')}</h2><p><a href="/api/v1/export/me" download>${t('me.exportLink')}</a></p></section>
    <section><h2>${t('me.tokens')}</h2>
      <p>${t('me.tokensExplain')}</p>
      ${extra.newToken ? html`<p class="notice" role="status">${t('me.tokenCreated')} <code class="token">${extra.newToken}</code></p>` : null}
      <ul>${tokens.map((token) => html`<li>${token.name}
        <form method="post" action=${`/me/tokens/${token.id}/delete`} class="inline"><${Csrf} ctx=${ctx} /><button class="secondary">${t('me.revoke')}</button></form></li>`)}</ul>
      <form method="post" action="/me/tokens" class="stack" novalidate><${Csrf} ctx=${ctx} />
        <${Field} name="name" label=${t('me.tokenName')} errors=${extra.tokenErrors} required />
        <button>${t('me.createToken')}</button></form>
    </section>
    <${CalendarFeedSection} ctx=${ctx} deps=${deps} />
    <section><h2>${t('me.delete')}</h2>
      <p>${t('me.deleteExplain')}</p>
      <form method="post" action="/me/delete" class="stack" novalidate><${Csrf} ctx=${ctx} />
        <${FormErrorSummary} errors=${extra.deleteErrors} ctx=${ctx} />
        <${Field} name="password" type="password" label=${t('field.password')} errors=${extra.deleteErrors} required autocomplete="current-password" />
        <button class="danger">${t('me.deleteSubmit')}</button></form>
    </section>
  <//>`;
}
