// Test helpers for comments and moderation: elements through the API, posts as rows (the columns of 0014),
// comments and reports through the API, and the notifications a person got.
import { uuidv7 } from '../../core/ids.ts';
import { nowIso } from '../../core/time.ts';
import type { Session, TestBox } from '../../testing/test-box.ts';
import type { CommentView } from '../model.ts';

export async function newElement(box: TestBox, admin: Session, fields: Record<string, unknown>): Promise<{ id: string; slug: string }> {
  const response = await box.json('/api/v1/elements', 'POST', fields, admin);
  if (response.status !== 201) throw new Error(`element: ${response.status} ${await response.text()}`);
  return (await response.json()) as { id: string; slug: string };
}

/** A post written straight into its table, as the posts module would. */
export function insertPost(box: TestBox, post: { wallId: string; authorId: string; audience?: 'public' | 'members' | 'private'; body?: string }): string {
  const id = uuidv7();
  const now = nowIso();
  box.deps.db.prepare(`INSERT INTO posts (id, wall_id, author_id, audience, body, created_at, updated_at)
    VALUES (?, ?, ?, ?, ?, ?, ?)`).run(id, post.wallId, post.authorId, post.audience ?? 'public', post.body ?? 'Un message', now, now);
  return id;
}

/** A JSON request answered in English, so tests read the messages as the code writes them. */
export const api = (box: TestBox, path: string, method: string, body: unknown, as?: Session) =>
  box.request(path, {
    method, as, headers: { 'content-type': 'application/json', 'accept-language': 'en' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });

export function comment(box: TestBox, subject: string, body: unknown, as?: Session, parentId?: string) {
  return api(box, `/api/v1/comments?subject=${subject}`, 'POST', { body, ...(parentId ? { parentId } : {}) }, as);
}

/** Posts a comment that must succeed; returns it. */
export async function commented(box: TestBox, subject: string, body: string, as: Session, parentId?: string): Promise<CommentView> {
  const response = await comment(box, subject, body, as, parentId);
  if (response.status !== 201) throw new Error(`comment: ${response.status} ${await response.text()}`);
  return (await response.json()) as CommentView;
}

export async function thread(box: TestBox, subject: string, as?: Session): Promise<{ status: number; count: number; items: CommentView[] }> {
  const response = await box.request(`/api/v1/comments?subject=${subject}`, { as });
  const body = (await response.json()) as { count: number; items: CommentView[] };
  return { status: response.status, count: body.count, items: body.items };
}

export interface ToldRow {
  kind: string;
  actor_id: string | null;
  subject_url: string;
  params: string;
}

export const notificationsOf = (box: TestBox, person: Session, kind?: string) =>
  box.deps.db.prepare('SELECT kind, actor_id, subject_url, params FROM notifications WHERE person_id = ? AND (? IS NULL OR kind = ?) ORDER BY id')
    .all(person.personId, kind ?? null, kind ?? null) as ToldRow[];

export const count = (box: TestBox, table: string) => (box.deps.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
