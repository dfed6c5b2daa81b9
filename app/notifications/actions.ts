// What a person does with their notifications: read them, mark them read, choose the kinds they get.
// Marking read pokes the person's other open pages, so every tab's count follows.
import { z } from 'zod';
import { transaction } from '../core/db/database.ts';
import { notFound } from '../core/errors.ts';
import { parse } from '../core/validation.ts';
import type { Locale } from '../core/i18n/index.ts';
import type { Deps } from '../deps.ts';
import { signedIn, type Viewer } from '../permissions/visibility.ts';
import { notificationKinds, type NotificationKind } from './notify.ts';
import { notificationMessage, type Reader } from './message.ts';
import {
  findNotification, kindsOff, latestNotification, listNotifications, markAllRead, markRead, setKindsOff, unreadCount, type Notification,
} from './storage.ts';

export const readSchema = z.union([
  z.object({ ids: z.array(z.uuid()).min(1).max(200) }).strict(),
  z.object({ all: z.literal(true) }).strict(),
]);

export const settingsSchema = z.object({ off: z.array(z.enum(notificationKinds)).max(notificationKinds.length) }).strict();

/** A notification as the reader sees it: its sentence in their language, and where opening it leads. */
export interface NotificationView extends Notification {
  message: string;
  openUrl: string;
}

export const viewOf = (reader: Reader, notification: Notification): NotificationView =>
  ({ ...notification, message: notificationMessage(reader, notification), openUrl: `/notifications/${notification.id}/open` });

export function notificationsPage(deps: Deps, viewer: Viewer | null, reader: Reader, cursor: string | null, limit: number) {
  const person = signedIn(viewer);
  const page = listNotifications(deps.db, person, cursor, limit);
  return { items: page.items.map((item) => viewOf(reader, item)), nextCursor: page.nextCursor, unread: unreadCount(deps.db, person.personId) };
}

/** What an open page is sent on each poke: the count for the header, the newest one for the toast. */
export function liveSnapshot(deps: Deps, viewer: Viewer, reader: Reader) {
  const latest = latestNotification(deps.db, viewer);
  return { unread: unreadCount(deps.db, viewer.personId), latest: latest ? viewOf(reader, latest) : null };
}

/** Marks some (or all) of the viewer's notifications read; returns the unread count left. */
export function markNotificationsRead(deps: Deps, viewer: Viewer | null, input: unknown, locale: Locale = 'en'): number {
  const person = signedIn(viewer);
  const request = parse(readSchema, input, locale);
  const changed = transaction(deps.db, () => ('all' in request ? markAllRead(deps.db, person.personId) : markRead(deps.db, person.personId, request.ids)));
  if (changed > 0) deps.live.poke([person.personId]);
  return unreadCount(deps.db, person.personId);
}

/** Opening a notification marks it read; returns where it leads. */
export function openNotification(deps: Deps, viewer: Viewer | null, id: string): Notification {
  const person = signedIn(viewer);
  const notification = findNotification(deps.db, person, id);
  if (!notification) throw notFound('Notification');
  if (!notification.readAt && markRead(deps.db, person.personId, [id]) > 0) deps.live.poke([person.personId]);
  return notification;
}

export function notificationSettings(deps: Deps, viewer: Viewer | null): { kinds: readonly NotificationKind[]; off: NotificationKind[] } {
  const person = signedIn(viewer);
  return { kinds: notificationKinds, off: kindsOff(deps.db, person.personId) };
}

export function saveNotificationSettings(deps: Deps, viewer: Viewer | null, input: unknown, locale: Locale = 'en') {
  const person = signedIn(viewer);
  const { off } = parse(settingsSchema, input, locale);
  transaction(deps.db, () => setKindsOff(deps.db, person.personId, off));
  return notificationSettings(deps, person);
}
