// Page flows for links: follow, join, attend, leave, approve requests, invitation links with QR codes.
import { Hono } from 'hono';
import { svgQrCode } from '../web/qr-code.ts';
import type { AppEnv, Ctx } from '../core/http/env.ts';
import { notFound } from '../core/errors.ts';
import { readForm } from '../core/http/input.ts';
import type { Deps } from '../deps.ts';
import { html } from '../web/html.ts';
import { Csrf, Field, Layout, type FieldErrors } from '../web/layout.ts';
import type { Element } from '../elements/model.ts';
import { findAccountByUsername } from '../accounts/storage.ts';
import { formErrors, pageContext, sendPage, toLogin } from '../web/page.ts';
import { visibleBySlug } from '../elements/pages.ts';
import { accessTo } from '../permissions/visibility.ts';
import {
  acceptInvitation, acceptInvitationLink, approveRequest, createInvitationLink, declineRequest, follow, invitePerson, leave,
  lookUpInvitation, requestToJoin, unfollow,
} from './actions.ts';

type Action = (deps: Deps, c: Ctx, elementId: string) => void;

const simpleActions: Record<string, Action> = {
  follow: (deps, c, id) => follow(deps, c.get('viewer'), id),
  unfollow: (deps, c, id) => unfollow(deps, c.get('viewer'), id),
  join: (deps, c, id) => requestToJoin(deps, c.get('viewer'), id),
  leave: (deps, c, id) => leave(deps, c.get('viewer'), id),
  accept: (deps, c, id) => acceptInvitation(deps, c.get('viewer'), id),
};

export function linksPages(deps: Deps) {
  const pages = new Hono<AppEnv>();

  pages.post('/e/:slug/:action{follow|unfollow|join|leave|accept}', async (c) => {
    if (!c.get('viewer')) return toLogin(c);
    await readForm(c);
    const element = visibleBySlug(deps, c, c.req.param('slug'));
    simpleActions[c.req.param('action')](deps, c, element.id);
    return c.redirect(`/e/${element.slug}`, 303);
  });

  pages.post('/e/:slug/requests/:personId/:decision{approve|decline}', async (c) => {
    if (!c.get('viewer')) return toLogin(c);
    await readForm(c);
    const element = visibleBySlug(deps, c, c.req.param('slug'));
    const decide = c.req.param('decision') === 'approve' ? approveRequest : declineRequest;
    decide(deps, c.get('viewer'), element.id, c.req.param('personId'));
    return c.redirect(`/e/${element.slug}`, 303);
  });

  function invitePage(c: Ctx, element: Element, values: Record<string, string> = {}, errors?: FieldErrors, sent?: string) {
    if (!accessTo(deps.db, c.get('viewer'), element.id).isAdmin) throw notFound('Page');
    const ctx = pageContext(deps, c);
    return sendPage(c, html`<${Layout} ctx=${ctx} title=${ctx.t('invite.title', { name: element.name })}>
      <h1>${ctx.t('invite.title', { name: element.name })}</h1>
      <p>${ctx.t('invite.explain')}</p>
      <form method="post" action=${`/e/${element.slug}/invite`}><${Csrf} ctx=${ctx} /><button>${ctx.t('invite.create')}</button></form>
      <h2>${ctx.t('invite.person')}</h2>
      <form method="post" action=${`/e/${element.slug}/invite-person`} class="stack" novalidate><${Csrf} ctx=${ctx} />
        <${Field} name="username" label=${ctx.t('field.username')} value=${values.username} errors=${errors} required />
        <button>${ctx.t('invite.send')}</button></form>
      ${sent ? html`<p class="notice" role="status">${ctx.t('invite.sent', { username: sent })}</p>` : null}
    <//>`, errors ? 422 : 200);
  }

  pages.get('/e/:slug/invite', (c) => {
    if (!c.get('viewer')) return toLogin(c);
    return invitePage(c, visibleBySlug(deps, c, c.req.param('slug')));
  });

  pages.post('/e/:slug/invite-person', async (c) => {
    if (!c.get('viewer')) return toLogin(c);
    const form = await readForm(c);
    const element = visibleBySlug(deps, c, c.req.param('slug'));
    const account = findAccountByUsername(deps.db, (form.username ?? '').trim());
    if (!account) return invitePage(c, element, { username: form.username ?? '' }, { username: c.get('t')('invite.unknownUser') });
    try {
      invitePerson(deps, c.get('viewer'), element.id, account.personId);
    } catch (error) {
      const errors = formErrors(error, c.get('locale'));
      if (!errors) throw error;
      return invitePage(c, element, { username: form.username ?? '' }, { username: errors._ ?? errors.personId });
    }
    return invitePage(c, element, {}, undefined, account.username);
  });

  pages.post('/e/:slug/invite', async (c) => {
    if (!c.get('viewer')) return toLogin(c);
    await readForm(c);
    const element = visibleBySlug(deps, c, c.req.param('slug'));
    const token = createInvitationLink(deps, c.get('viewer'), element.id);
    const url = `${deps.config.publicUrl}/invite/${token}`;
    const qr = await svgQrCode(url);
    const ctx = pageContext(deps, c);
    return sendPage(c, html`<${Layout} ctx=${ctx} title=${ctx.t('invite.title', { name: element.name })}>
      <h1>${ctx.t('invite.title', { name: element.name })}</h1>
      <p>${ctx.t('invite.share')}</p>
      <p><input readonly class="invite-link" aria-label=${ctx.t('invite.link')} value=${url} /></p>
      <div class="qr" role="img" aria-label=${ctx.t('invite.qr')} dangerouslySetInnerHTML=${{ __html: qr }} />
      <p><a href=${`/e/${element.slug}`}>${ctx.t('invite.back', { name: element.name })}</a></p>
    <//>`, 201);
  });

  pages.get('/invite/:token', (c) => {
    const view = lookUpInvitation(deps, c.req.param('token'));
    if (!view) throw notFound('Invitation');
    const ctx = pageContext(deps, c);
    const title = ctx.t('invite.received', { name: view.element.name });
    return sendPage(c, html`<${Layout} ctx=${ctx} title=${title}>
      <h1>${title}</h1>
      ${view.expired ? html`<p class="error">${ctx.t('invite.expired')}</p>`
        : ctx.viewer
          ? html`<form method="post"><${Csrf} ctx=${ctx} /><button>${ctx.t('invite.accept')}</button></form>`
          : html`<p>${ctx.t('invite.signInFirst')}</p>
              <p><a class="button" href=${`/register?next=${encodeURIComponent(c.req.path)}`}>${ctx.t('nav.register')}</a>
                 <a class="button secondary" href=${`/login?next=${encodeURIComponent(c.req.path)}`}>${ctx.t('nav.login')}</a></p>`}
    <//>`);
  });

  pages.post('/invite/:token', async (c) => {
    if (!c.get('viewer')) return toLogin(c);
    await readForm(c);
    acceptInvitationLink(deps, c.get('viewer'), c.req.param('token'));
    const view = lookUpInvitation(deps, c.req.param('token'))!;
    return c.redirect(`/e/${view.element.slug}`, 303);
  });

  return pages;
}
