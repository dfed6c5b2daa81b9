// In-box messages: SQL for conversations and their messages. Callers check who may write (./actions.ts);
// every function here runs inside the caller's transaction.
import { sql, type Db } from '../core/db/database.ts';
import { uuidv7 } from '../core/ids.ts';
import { nowIso } from '../core/time.ts';

export interface NewConversation {
  /** The signed-in sender, or null for a visitor writing through a one-page's contact form. */
  authorId: string | null;
  /** A visitor's name and how to answer them (e-mail or phone), shown to the recipients only. */
  authorName?: string;
  replyTo?: string;
  /** Persons who receive it (the author, when signed in, is a member too). */
  recipientIds: string[];
  /** The element it is about (an ad, an offer, an organization), if any. */
  subjectId?: string | null;
  title: string;
  body: string;
}

/** Starts a conversation with its first message; returns the conversation's id. */
export function insertConversation(db: Db, input: NewConversation): string {
  const id = uuidv7();
  const now = nowIso();
  sql(db, 'INSERT INTO conversations (id, subject_id, title, created_at, updated_at) VALUES (?, ?, ?, ?, ?)')
    .run(id, input.subjectId ?? null, input.title, now, now);
  const member = sql(db, 'INSERT OR IGNORE INTO conversation_members (conversation_id, person_id, read_at) VALUES (?, ?, ?)');
  if (input.authorId) member.run(id, input.authorId, now);
  for (const personId of input.recipientIds) member.run(id, personId, null);
  insertMessage(db, id, { authorId: input.authorId, authorName: input.authorName, replyTo: input.replyTo, body: input.body });
  return id;
}

/** Adds a message to a conversation and marks it read by its author. */
export function insertMessage(db: Db, conversationId: string, message: { authorId: string | null; authorName?: string; replyTo?: string; body: string }): string {
  const id = uuidv7();
  const now = nowIso();
  sql(db, `INSERT INTO messages (id, conversation_id, author_id, author_name, reply_to, body, created_at)
    VALUES (?, ?, ?, ?, ?, ?, ?)`).run(id, conversationId, message.authorId, message.authorName ?? '', message.replyTo ?? '', message.body, now);
  sql(db, 'UPDATE conversations SET updated_at = ? WHERE id = ?').run(now, conversationId);
  if (message.authorId) sql(db, 'UPDATE conversation_members SET read_at = ? WHERE conversation_id = ? AND person_id = ?').run(now, conversationId, message.authorId);
  return id;
}

export const conversationMemberIds = (db: Db, conversationId: string) =>
  (sql(db, 'SELECT person_id FROM conversation_members WHERE conversation_id = ?').all(conversationId) as { person_id: string }[]).map((row) => row.person_id);
