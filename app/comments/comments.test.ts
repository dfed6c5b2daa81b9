// Threaded comments through the real API and pages, on a real SQLite file: who reads and writes them, who
// is told, editing and deleting, and a members-only post's comments kept from those outside.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestBox, type Session, type TestBox } from '../testing/test-box.ts';
import { addLink } from '../links/storage.ts';
import { commented, comment, count, insertPost, newElement, notificationsOf, thread } from './testing/community.ts';

let box: TestBox;
let organizer: Session;
let alice: Session;
let bob: Session;
let outsider: Session;
let member: Session;
let event: { id: string; slug: string };
let club: { id: string; slug: string };

beforeAll(async () => {
  box = createTestBox();
  organizer = await box.register('organisatrice');
  alice = await box.register('alice');
  bob = await box.register('bob');
  outsider = await box.register('outsider');
  member = await box.register('membre');
  event = await newElement(box, organizer, { type: 'event', kind: 'concert', name: 'Fête de la musique', startsAt: '2027-06-21T20:00' });
  club = await newElement(box, organizer, { type: 'organization', kind: 'association', name: 'Club photo' });
  addLink(box.deps.db, { fromId: member.personId, toId: club.id, kind: 'member' });
});
afterAll(() => box.close());

describe('comments on an element', () => {
  it('a comment on an event is on its page and in the API, and the event admins are told', async () => {
    const written = await commented(box, `element:${event.id}`, 'On apporte des chaises ?\nJ’en ai six.', alice);
    expect(written).toMatchObject({ state: 'published', body: 'On apporte des chaises ?\nJ’en ai six.', author: { id: alice.personId } });

    const page = await (await box.request(`/e/${event.slug}`)).text();
    expect(page).toContain(`id="comment-${written.id}"`);
    expect(page).toContain('On apporte des chaises ?<br/>J’en ai six.');

    const read = await thread(box, `element:${event.id}`);
    expect(read).toMatchObject({ status: 200, count: 1 });
    expect(notificationsOf(box, organizer, 'comment')).toEqual([expect.objectContaining({
      actor_id: alice.personId, subject_url: `/e/${event.slug}#comment-${written.id}`,
    })]);
  });

  it('a reply tells the author of the comment answered; nobody is told of their own words', async () => {
    const question = await commented(box, `element:${event.id}`, 'Qui tient la buvette ?', bob);
    const before = notificationsOf(box, organizer, 'comment').length;
    await commented(box, `element:${event.id}`, 'Moi !', alice, question.id);
    const toBob = notificationsOf(box, bob, 'comment');
    expect(toBob).toHaveLength(1);
    expect(JSON.parse(toBob[0].params)).toMatchObject({ variant: 'reply', name: 'Fête de la musique' });
    expect(notificationsOf(box, alice, 'comment')).toEqual([]);
    expect(notificationsOf(box, organizer, 'comment')).toHaveLength(before + 1);
  });

  it('a person named as @slug who may read the thread is told once', async () => {
    const slug = (box.deps.db.prepare('SELECT slug FROM elements WHERE id = ?').get(bob.personId) as { slug: string }).slug;
    await commented(box, `element:${event.id}`, `@${slug} tu viens ? @${slug}`, alice);
    expect(notificationsOf(box, bob, 'mention')).toHaveLength(1);
  });

  it('persons have walls, not comments', async () => {
    const response = await comment(box, `element:${alice.personId}`, 'Bonjour', bob);
    expect(response.status).toBe(400);
    expect((await response.json()).error.field).toBe('subject');
  });
});

describe('comments on posts', () => {
  it('a comment on a post tells the post author; a reply tells the parent author and the post author', async () => {
    const post = insertPost(box, { wallId: club.id, authorId: organizer.personId, body: 'Sortie samedi' });
    const first = await commented(box, `post:${post}`, 'Je viens !', alice);
    expect(notificationsOf(box, organizer, 'comment').at(-1)).toMatchObject({ actor_id: alice.personId, subject_url: `/posts/${post}#comment-${first.id}` });
    const told = notificationsOf(box, organizer, 'comment').length;
    await commented(box, `post:${post}`, 'Moi aussi', bob, first.id);
    expect(notificationsOf(box, alice, 'comment').at(-1)).toMatchObject({ actor_id: bob.personId });
    expect(notificationsOf(box, organizer, 'comment')).toHaveLength(told + 1);
  });

  it('a members-only post: its comments are invisible to an anonymous visitor and to a non-member, who cannot comment', async () => {
    const post = insertPost(box, { wallId: club.id, authorId: organizer.personId, audience: 'members', body: 'Code de la salle : 1234' });
    await commented(box, `post:${post}`, 'Merci pour le code', member);
    expect((await thread(box, `post:${post}`, member)).count).toBe(1);

    for (const who of [undefined, outsider]) {
      const response = await box.request(`/api/v1/comments?subject=post:${post}`, { as: who });
      expect(response.status).toBe(404);
      expect(await response.text()).not.toContain('Merci pour le code');
    }
    const before = count(box, 'comments');
    const refused = await comment(box, `post:${post}`, 'Je veux le code', outsider);
    expect(refused.status).toBe(404);
    expect(count(box, 'comments')).toBe(before);
    // Told of nothing they could not open: a mention of the outsider in the members' thread is dropped.
    const slug = (box.deps.db.prepare('SELECT slug FROM elements WHERE id = ?').get(outsider.personId) as { slug: string }).slug;
    await commented(box, `post:${post}`, `@${slug} regarde`, member);
    expect(notificationsOf(box, outsider)).toEqual([]);
  });

  it('a hidden post takes no comment', async () => {
    const post = insertPost(box, { wallId: club.id, authorId: organizer.personId });
    box.deps.db.prepare('UPDATE posts SET hidden_at = ?, hidden_by = ? WHERE id = ?').run(new Date().toISOString(), organizer.personId, post);
    const before = count(box, 'comments');
    expect((await comment(box, `post:${post}`, 'Encore là ?', alice)).status).toBe(404);
    expect((await thread(box, `post:${post}`, organizer)).status).toBe(404);
    expect(count(box, 'comments')).toBe(before);
  });
});

describe('editing and deleting one’s own comment', () => {
  it('only its author edits a comment; the thread shows it edited', async () => {
    const mine = await commented(box, `element:${club.id}`, 'Rendez-vous à 9h', alice);
    expect((await box.json(`/api/v1/comments/${mine.id}`, 'PATCH', { body: 'Piraté' }, bob)).status).toBe(403);
    expect((await box.json(`/api/v1/comments/${mine.id}`, 'DELETE', undefined, bob)).status).toBe(403);
    const edited = await box.json(`/api/v1/comments/${mine.id}`, 'PATCH', { body: 'Rendez-vous à 10h' }, alice);
    expect(edited.status).toBe(200);
    const read = await thread(box, `element:${club.id}`);
    expect(read.items.find((item) => item.id === mine.id)).toMatchObject({ body: 'Rendez-vous à 10h', edited: true });
  });

  it('a deleted comment with replies stays as “deleted” without its words; without replies it disappears, with the deleted ones above it', async () => {
    const subject = `element:${event.id}`;
    const root = await commented(box, subject, 'Question d’origine', alice);
    const reply = await commented(box, subject, 'Réponse', bob, root.id);
    expect((await box.json(`/api/v1/comments/${root.id}`, 'DELETE', undefined, alice)).status).toBe(204);
    let read = await thread(box, subject);
    expect(read.items.find((item) => item.id === root.id)).toEqual(expect.objectContaining({ state: 'deleted', body: null, author: null }));
    expect(JSON.stringify(read.items)).not.toContain('Question d’origine');
    const page = await (await box.request(`/e/${event.slug}`)).text();
    expect(page).toContain(`data-comment="${root.id}" data-state="deleted"`);
    expect(page).not.toContain('Question d’origine');
    // The deleted comment's words are gone from the database too.
    expect((box.deps.db.prepare('SELECT body FROM comments WHERE id = ?').get(root.id) as { body: string }).body).toBe('');

    expect((await box.json(`/api/v1/comments/${reply.id}`, 'DELETE', undefined, bob)).status).toBe(204);
    read = await thread(box, subject);
    expect(read.items.map((item) => item.id)).not.toContain(reply.id);
    expect(read.items.map((item) => item.id)).not.toContain(root.id);
    expect(box.deps.db.prepare('SELECT 1 FROM comments WHERE id IN (?, ?)').all(root.id, reply.id)).toEqual([]);
  });

  it('a deleted comment cannot be answered, edited or deleted again', async () => {
    const subject = `element:${event.id}`;
    const gone = await commented(box, subject, 'Bientôt effacé', alice);
    await box.json(`/api/v1/comments/${gone.id}`, 'DELETE', undefined, alice);
    const answer = await comment(box, subject, 'Trop tard', bob, gone.id);
    expect(answer.status).toBe(422);
    expect((await answer.json()).error.field).toBe('parentId');
    expect((await box.json(`/api/v1/comments/${gone.id}`, 'PATCH', { body: 'x' }, alice)).status).toBe(404);
  });
});

describe('export', () => {
  it('my export holds my comments on what I may read', async () => {
    const fresh = await box.register('exporte');
    const mine = await commented(box, `element:${club.id}`, 'Mon avis sur le club', fresh);
    const exported = (await (await box.request('/api/v1/export/me', { as: fresh })).json()) as { comments: { id: string; body: string; subject: string; url: string }[] };
    expect(exported.comments).toEqual([expect.objectContaining({ id: mine.id, body: 'Mon avis sur le club', subject: `element:${club.id}`, url: `/e/${club.slug}#comment-${mine.id}` })]);
  });
});

describe('pages without JavaScript', () => {
  const form = (fields: Record<string, string>, as: Session, path = '/comments') =>
    box.request(path, {
      method: 'POST', as,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'en' },
      body: new URLSearchParams({ _csrf: /copi_csrf=([^;]+)/.exec(as.cookie)![1], ...fields }).toString(),
    });

  it('the form posts a comment and goes back to the page, at the comment', async () => {
    const response = await form({ subject: `element:${club.id}`, body: 'Par le formulaire', back: `/e/${club.slug}` }, bob);
    expect(response.status).toBe(303);
    const location = response.headers.get('location')!;
    expect(location).toMatch(new RegExp(`^/e/${club.slug}#comment-[0-9a-f-]{36}$`));
    const page = await (await box.request(`/e/${club.slug}`, { as: bob })).text();
    expect(page).toContain('Par le formulaire');
    expect(page).toContain(`action="/comments/${location.split('#comment-')[1]}/edit"`);
  });

  it('an empty or too long comment comes back with its error and its text kept, nothing stored', async () => {
    const before = count(box, 'comments');
    const empty = await form({ subject: `element:${club.id}`, body: '   ', back: `/e/${club.slug}` }, bob);
    expect(empty.status).toBe(422);
    expect(await empty.text()).toContain('Write something first');
    const long = 'a'.repeat(4001);
    const tooLong = await form({ subject: `element:${club.id}`, body: long, back: `/e/${club.slug}` }, bob);
    expect(tooLong.status).toBe(422);
    const page = await tooLong.text();
    expect(page).toContain('A comment is at most 4,000 characters');
    expect(page).toContain(long);
    expect(count(box, 'comments')).toBe(before);
  });

  it('an anonymous visitor reads the thread and is offered to sign in', async () => {
    const page = await (await box.request(`/e/${club.slug}`)).text();
    expect(page).toContain('Par le formulaire');
    expect(page).toContain(`/login?next=${encodeURIComponent(`/e/${club.slug}`)}`);
    expect(page).not.toContain('action="/comments"');
  });
});
