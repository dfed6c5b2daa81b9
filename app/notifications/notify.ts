// Telling persons that something happened: one row per person, written inside the caller's transaction
// (the write that caused it), then a poke to their open pages. The actor is never told of their own act,
// and a person who turned a kind off (notification_settings) is not told of it.
import { sql, type Db } from '../core/db/database.ts';
import { uuidv7 } from '../core/ids.ts';
import { nowIso } from '../core/time.ts';
import type { LiveNotifications } from './live.ts';

export const notificationKinds = [
  'invitation', // invited to join an element
  'join_request', // someone asks to join an element I administer
  'join_answer', // my request to join was accepted or refused
  'mention', // a post or comment mentions me (or an element I administer)
  'comment', // a comment on my post, or an answer to my comment
  'wall_post', // a new post on the wall of an element I administer
  'moderation', // my post or comment was hidden or restored; a report to look at
  'booking', // a room booking to answer, or the answer to mine
  'message', // an in-box message to me (about my ad, my offer, through a one-page's contact form)
  'aid_match', // a new need matches my offer, or a new offer my need
  'coop', // cooperative space: a proposal to amend or vote on, a result, an action given to me
] as const;
export type NotificationKind = (typeof notificationKinds)[number];

export interface NewNotification {
  kind: NotificationKind;
  /** Persons to tell; duplicates and the actor are dropped. */
  personIds: Iterable<string>;
  actorId: string | null;
  /** Where the notification leads, a path on this box ("/e/fete-du-village#post-…"). */
  subjectUrl: string;
  /**
   * What the message says besides the actor's name (app/notifications/message.ts): `name` the element or post
   * it is about ({ name: 'Fête du village' }); `variant` picks `notification.<kind>.<variant>` (join_answer:
   * accepted | declined; comment: reply; moderation: hidden | restored | report; booking: request | booked |
   * approved | refused | cancelled); a param named `…At` is an ISO instant, shown in the box's time zone.
   */
  params?: Record<string, string | number>;
}

/** Writes the notifications (call it inside the transaction of the write it reports); returns who was told. */
export function notify(db: Db, live: LiveNotifications, notification: NewNotification): string[] {
  const insert = sql(db, `INSERT INTO notifications (id, person_id, kind, actor_id, subject_url, params, created_at)
    SELECT :id, :person_id, :kind, :actor_id, :subject_url, :params, :created_at
    WHERE NOT EXISTS (SELECT 1 FROM notification_settings WHERE person_id = :person_id AND kind = :kind)
      AND EXISTS (SELECT 1 FROM accounts WHERE person_id = :person_id)`);
  const told: string[] = [];
  const createdAt = nowIso();
  const params = JSON.stringify(notification.params ?? {});
  for (const personId of new Set(notification.personIds)) {
    if (personId === notification.actorId) continue;
    const result = insert.run({
      id: uuidv7(), person_id: personId, kind: notification.kind, actor_id: notification.actorId,
      subject_url: notification.subjectUrl, params, created_at: createdAt,
    });
    if (result.changes === 1) told.push(personId);
  }
  live.poke(told);
  return told;
}
