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

export const isConversationMember = (db: Db, conversationId: string, personId: string) =>
  sql(db, 'SELECT 1 FROM conversation_members WHERE conversation_id = ? AND person_id = ?').get(conversationId, personId) !== undefined;

/** The conversation about an element that this person started (to add to it rather than start another). */
export function conversationStartedBy(db: Db, subjectId: string, personId: string): string | null {
  const row = sql(db, `SELECT c.id FROM conversations c
    WHERE c.subject_id = ? AND (SELECT m.author_id FROM messages m WHERE m.conversation_id = c.id ORDER BY m.id LIMIT 1) = ?
    ORDER BY c.id DESC LIMIT 1`).get(subjectId, personId) as { id: string } | undefined;
  return row?.id ?? null;
}

export const markRead = (db: Db, conversationId: string, personId: string) =>
  sql(db, 'UPDATE conversation_members SET read_at = ? WHERE conversation_id = ? AND person_id = ?').run(nowIso(), conversationId, personId);

// Unread: never opened, or a message came after the last opening (its author's own messages mark it read).
const unreadSql = '(cm.read_at IS NULL OR cm.read_at < c.updated_at)';

export const unreadCount = (db: Db, personId: string) =>
  (sql(db, `SELECT count(*) AS n FROM conversation_members cm JOIN conversations c ON c.id = cm.conversation_id
    WHERE cm.person_id = ? AND ${unreadSql}`).get(personId) as { n: number }).n;

interface SummaryRow { id: string; title: string; subject_id: string | null; updated_at: string; unread: number; with_names: string | null; last_body: string }

/** A person's conversations: unread first, then by newest activity. */
export function conversationsOf(db: Db, personId: string, limit: number, offset: number) {
  const rows = sql(db, `SELECT c.id, c.title, c.subject_id, c.updated_at, ${unreadSql} AS unread,
      (SELECT json_group_array(name) FROM (
         SELECT p.name FROM conversation_members o JOIN elements p ON p.id = o.person_id
           WHERE o.conversation_id = c.id AND o.person_id != cm.person_id
         UNION SELECT m.author_name FROM messages m WHERE m.conversation_id = c.id AND m.author_id IS NULL AND m.author_name != ''
      )) AS with_names,
      (SELECT m.body FROM messages m WHERE m.conversation_id = c.id ORDER BY m.id DESC LIMIT 1) AS last_body
    FROM conversation_members cm JOIN conversations c ON c.id = cm.conversation_id
    WHERE cm.person_id = ?
    ORDER BY unread DESC, c.updated_at DESC, c.id DESC LIMIT ? OFFSET ?`).all(personId, limit + 1, offset) as SummaryRow[];
  return {
    items: rows.slice(0, limit).map((row) => ({
      id: row.id, title: row.title, subjectId: row.subject_id, updatedAt: row.updated_at, unread: row.unread === 1,
      with: (JSON.parse(row.with_names ?? '[]') as string[]).filter(Boolean), lastBody: row.last_body,
    })),
    more: rows.length > limit,
  };
}

export function findConversation(db: Db, id: string) {
  const row = sql(db, 'SELECT id, subject_id, title FROM conversations WHERE id = ?').get(id) as { id: string; subject_id: string | null; title: string } | undefined;
  return row ? { id: row.id, subjectId: row.subject_id, title: row.title } : null;
}

export const conversationMembers = (db: Db, conversationId: string) =>
  sql(db, `SELECT p.id, p.name, p.slug FROM conversation_members cm JOIN elements p ON p.id = cm.person_id
    WHERE cm.conversation_id = ? ORDER BY p.name`).all(conversationId) as { id: string; name: string; slug: string }[];

interface MessageRow { id: string; author_id: string | null; author_name: string; reply_to: string; body: string; created_at: string; name: string | null; slug: string | null }

/** A conversation's messages, oldest first, with their authors. */
export function messagesOf(db: Db, conversationId: string, limit = 1000) {
  const rows = sql(db, `SELECT m.id, m.author_id, m.author_name, m.reply_to, m.body, m.created_at, p.name, p.slug
    FROM messages m LEFT JOIN elements p ON p.id = m.author_id WHERE m.conversation_id = ? ORDER BY m.id LIMIT ?`).all(conversationId, limit) as MessageRow[];
  return rows.map((row) => ({
    id: row.id, author: row.author_id ? { id: row.author_id, name: row.name ?? '', slug: row.slug ?? '' } : null,
    authorName: row.author_name, replyTo: row.reply_to, body: row.body, createdAt: row.created_at,
  }));
}

/** Demo conversations go with the demo content (their subject is a demo element). */
export const deleteDemoConversations = (db: Db) =>
  sql(db, 'DELETE FROM conversations WHERE subject_id IN (SELECT id FROM elements WHERE is_demo = 1)').run().changes;

/** Organizations that publish an element under their name (its 'organizer' links). */
export const publishersOf = (db: Db, elementId: string) =>
  (sql(db, "SELECT from_id FROM links WHERE to_id = ? AND kind = 'organizer' AND status = 'active'").all(elementId) as { from_id: string }[])
    .map((row) => row.from_id);
