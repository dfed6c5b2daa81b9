// SQL for notifications: a person's list (newest first, by cursor), the unread count, marking read, and
// the kinds a person turned off. The actor's name goes through the one visibility rule: a notification
// never shows the name of someone the reader may not see.
import { sql, type Db } from '../core/db/database.ts';
import { nowIso } from '../core/time.ts';
import { visibleSql, viewerParams, type Viewer } from '../permissions/visibility.ts';
import { notificationKinds, type NotificationKind } from './notify.ts';

export interface Notification {
  id: string;
  kind: NotificationKind;
  /** Null when the actor is gone, or not visible to the reader. */
  actor: { id: string; name: string; slug: string } | null;
  subjectUrl: string;
  params: Record<string, string | number>;
  readAt: string | null;
  createdAt: string;
}

interface NotificationRow {
  id: string; kind: NotificationKind; actor_id: string | null; actor_name: string | null; actor_slug: string | null;
  subject_url: string; params: string; read_at: string | null; created_at: string;
}

const rowToNotification = (row: NotificationRow): Notification => ({
  id: row.id, kind: row.kind, subjectUrl: row.subject_url, params: JSON.parse(row.params), readAt: row.read_at, createdAt: row.created_at,
  actor: row.actor_id && row.actor_name ? { id: row.actor_id, name: row.actor_name, slug: row.actor_slug ?? '' } : null,
});

const selectWithActor = (viewer: Viewer) => `SELECT n.id, n.kind, n.subject_url, n.params, n.read_at, n.created_at,
    a.id AS actor_id, a.name AS actor_name, a.slug AS actor_slug
  FROM notifications n LEFT JOIN elements a ON a.id = n.actor_id AND ${visibleSql('a', viewer)}`;

export interface NotificationPage {
  items: Notification[];
  nextCursor: string | null;
}

// Sorts after every UUID (hex digits and dashes): the first page has no cursor.
const afterEveryId = '~';

/** The reader's notifications, newest first (UUIDv7 ids sort by arrival); the cursor is the last id seen. */
export function listNotifications(db: Db, viewer: Viewer, cursor: string | null, limit: number): NotificationPage {
  const rows = sql(db, `${selectWithActor(viewer)}
    WHERE n.person_id = :person_id AND n.id < :before ORDER BY n.id DESC LIMIT :limit`)
    .all({ ...viewerParams(viewer), person_id: viewer.personId, before: cursor ?? afterEveryId, limit: limit + 1 }) as NotificationRow[];
  const items = rows.slice(0, limit).map(rowToNotification);
  return { items, nextCursor: rows.length > limit ? items.at(-1)!.id : null };
}

export function findNotification(db: Db, viewer: Viewer, id: string): Notification | null {
  const row = sql(db, `${selectWithActor(viewer)} WHERE n.id = :id AND n.person_id = :person_id`)
    .get({ ...viewerParams(viewer), id, person_id: viewer.personId }) as NotificationRow | undefined;
  return row ? rowToNotification(row) : null;
}

/** One read of the partial index notifications_unread: cheap enough for every page's header. */
export const unreadCount = (db: Db, personId: string): number =>
  (sql(db, 'SELECT count(*) AS n FROM notifications WHERE person_id = ? AND read_at IS NULL').get(personId) as { n: number }).n;

/** The newest notification, for the live stream's toast. */
export function latestNotification(db: Db, viewer: Viewer): Notification | null {
  return listNotifications(db, viewer, null, 1).items[0] ?? null;
}

/** Marks these notifications of this person read; returns how many changed. */
export function markRead(db: Db, personId: string, ids: readonly string[]): number {
  return sql(db, `UPDATE notifications SET read_at = :now
    WHERE person_id = :person_id AND read_at IS NULL AND id IN (SELECT value FROM json_each(:ids))`)
    .run({ now: nowIso(), person_id: personId, ids: JSON.stringify(ids) }).changes;
}

export function markAllRead(db: Db, personId: string): number {
  return sql(db, 'UPDATE notifications SET read_at = :now WHERE person_id = :person_id AND read_at IS NULL')
    .run({ now: nowIso(), person_id: personId }).changes;
}

/** The kinds this person turned off. */
export function kindsOff(db: Db, personId: string): NotificationKind[] {
  const rows = sql(db, 'SELECT kind FROM notification_settings WHERE person_id = ? ORDER BY kind').all(personId) as { kind: string }[];
  return rows.map((row) => row.kind).filter((kind): kind is NotificationKind => (notificationKinds as readonly string[]).includes(kind));
}

export function setKindsOff(db: Db, personId: string, kinds: readonly NotificationKind[]) {
  sql(db, 'DELETE FROM notification_settings WHERE person_id = ?').run(personId);
  const insert = sql(db, 'INSERT INTO notification_settings (person_id, kind) VALUES (?, ?)');
  for (const kind of new Set(kinds)) insert.run(personId, kind);
}

