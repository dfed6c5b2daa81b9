// Notification pages: the list (newest first, unread ones marked), opening one (marks it read, then goes
// to its subject), marking read, the settings, and the live stream open pages listen to.
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv, Ctx } from '../core/http/env.ts';
import { readForm } from '../core/http/input.ts';
import { parse } from '../core/validation.ts';
import { formatDate, type MessageKey } from '../core/i18n/index.ts';
import type { Deps } from '../deps.ts';
import { html } from '../web/html.ts';
import { Csrf, Layout, type PageContext } from '../web/layout.ts';
import { pageContext, sendPage, toLogin } from '../web/page.ts';
import { notificationKinds, type NotificationKind } from './notify.ts';
import {
  markNotificationsRead, notificationSettings, notificationsPage, openNotification, saveNotificationSettings, type NotificationView,
} from './actions.ts';
import { readerOf } from './api.ts';
import { isLocalPath } from './message.ts';
import { liveNotifications } from './live-stream.ts';

const pageSize = 20;
const listQuery = z.object({ cursor: z.uuid().optional() }).strict();

export function notificationsPages(deps: Deps) {
  const pages = new Hono<AppEnv>();

  pages.get('/notifications', (c) => {
    if (!c.get('viewer')) return toLogin(c);
    const { cursor } = parse(listQuery, c.req.query(), c.get('locale'));
    const page = notificationsPage(deps, c.get('viewer'), readerOf(deps, c), cursor ?? null, pageSize);
    return sendPage(c, listPage(pageContext(deps, c), page, cursor !== undefined));
  });

  pages.get('/notifications/live', liveNotifications(deps));

  pages.post('/notifications/read-all', async (c) => {
    if (!c.get('viewer')) return toLogin(c);
    await readForm(c);
    markNotificationsRead(deps, c.get('viewer'), { all: true });
    return c.redirect('/notifications', 303);
  });

  pages.get('/notifications/settings', (c) => {
    if (!c.get('viewer')) return toLogin(c);
    return sendPage(c, settingsPage(deps, c, c.req.query('saved') === '1'));
  });

  pages.post('/notifications/settings', async (c) => {
    if (!c.get('viewer')) return toLogin(c);
    const form = await readForm(c);
    // A checked box keeps a kind on; the kinds left unchecked are the ones turned off.
    const off = notificationKinds.filter((kind) => form[`kind.${kind}`] !== 'on');
    saveNotificationSettings(deps, c.get('viewer'), { off }, c.get('locale'));
    return c.redirect('/notifications/settings?saved=1', 303);
  });

  pages.get('/notifications/:id/open', (c) => {
    if (!c.get('viewer')) return toLogin(c);
    const notification = openNotification(deps, c.get('viewer'), c.req.param('id'));
    return c.redirect(isLocalPath(notification.subjectUrl) ? notification.subjectUrl : '/notifications', 303);
  });

  pages.post('/notifications/:id/read', async (c) => {
    if (!c.get('viewer')) return toLogin(c);
    await readForm(c);
    openNotification(deps, c.get('viewer'), c.req.param('id'));
    return c.redirect('/notifications', 303);
  });

  return pages;
}

function listPage(ctx: PageContext, page: { items: NotificationView[]; nextCursor: string | null; unread: number }, paged: boolean) {
  const { t } = ctx;
  return html`<${Layout} ctx=${ctx} title=${t('notification.title')}>
    <h1>${t('notification.title')}</h1>
    <div class="actions">
      ${page.unread > 0 ? html`<form method="post" action="/notifications/read-all" class="inline"><${Csrf} ctx=${ctx} />
        <button class="secondary">${t('notification.markAllRead')}</button></form>` : null}
      <a href="/notifications/settings">${t('notification.settings')}</a>
    </div>
    ${page.items.length === 0 ? html`<p>${t('notification.empty')}</p>` : html`<ul class="notifications">
      ${page.items.map((item) => html`<${Item} ctx=${ctx} item=${item} />`)}
    </ul>`}
    <p class="pager">
      ${paged ? html`<a href="/notifications">${t('notification.newest')}</a> ` : null}
      ${page.nextCursor ? html`<a href=${`/notifications?cursor=${page.nextCursor}`} rel="next">${t('notification.older')}</a>` : null}
    </p>
  <//>`;
}

function Item({ ctx, item }: { ctx: PageContext; item: NotificationView }) {
  const unread = item.readAt === null;
  return html`<li class=${unread ? 'notification unread' : 'notification'} data-notification=${item.id} data-kind=${item.kind}>
    <a href=${item.openUrl}>${item.message}</a>
    <small><time datetime=${item.createdAt}>${formatDate(ctx.locale, item.createdAt, true, ctx.timezone)}</time></small>
    ${unread ? html`<span class="badge">${ctx.t('notification.unread')}</span>
      <form method="post" action=${`/notifications/${item.id}/read`} class="inline"><${Csrf} ctx=${ctx} />
        <button class="link">${ctx.t('notification.markRead')}</button></form>` : null}
  </li>`;
}

function settingsPage(deps: Deps, c: Ctx, saved: boolean) {
  const ctx = pageContext(deps, c);
  const { t } = ctx;
  const off = new Set<NotificationKind>(notificationSettings(deps, ctx.viewer).off);
  return html`<${Layout} ctx=${ctx} title=${t('notification.settings')}>
    <h1>${t('notification.settings')}</h1>
    <p>${t('notification.settingsExplain')}</p>
    ${saved ? html`<p class="notice" role="status">${t('notification.saved')}</p>` : null}
    <form method="post" action="/notifications/settings" class="stack"><${Csrf} ctx=${ctx} />
      <fieldset><legend>${t('notification.kinds')}</legend>
        ${notificationKinds.map((kind) => html`<div class="field check">
          <input type="checkbox" id=${`kind-${kind}`} name=${`kind.${kind}`} checked=${!off.has(kind)} />
          <label for=${`kind-${kind}`}>${t(`notification.kind.${kind}` as MessageKey)}</label></div>`)}
      </fieldset>
      <button>${t('notification.settingsSave')}</button>
    </form>
    <p><a href="/notifications">${t('notification.title')}</a></p>
  <//>`;
}
