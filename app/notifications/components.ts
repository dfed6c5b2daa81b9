// The header's notifications link, "Notifications (3)", for signed-in persons; notifications.js keeps its
// count and the polite toast region up to date from the live stream.
import { html } from '../web/html.ts';
import type { PageContext } from '../web/layout.ts';

export function NotificationsLink({ ctx }: { ctx: PageContext }) {
  const unread = ctx.unread ?? 0;
  return html`<a href="/notifications" class="notifications-link" data-unread=${unread}
      data-label=${ctx.t('notification.nav')} data-label-unread=${ctx.t('notification.navUnread', { count: '{count}' })}
      data-dismiss=${ctx.t('notification.dismiss')}
    >${unread > 0 ? ctx.t('notification.navUnread', { count: unread }) : ctx.t('notification.nav')}</a>
    <div class="toasts" role="status" aria-live="polite"></div>
    <script defer src="/assets/notifications.js"></script>`;
}
