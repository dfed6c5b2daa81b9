// Reports and moderation through the real API and pages: who may report what, who sees which reports,
// and a hidden comment gone from every read path until it is restored; its author told each time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestBox, type Session, type TestBox } from '../testing/test-box.ts';
import { api, commented, count, insertPost, newElement, notificationsOf, thread } from '../comments/testing/community.ts';
import type { ModerationQueue } from './actions.ts';

let box: TestBox;
let boxAdmin: Session;
let gardenAdmin: Session;
let bakeryAdmin: Session;
let author: Session;
let reporter: Session;
let garden: { id: string; slug: string };
let bakery: { id: string; slug: string };

const report = (target: string, as: Session, reason: unknown = 'abuse', details?: string) =>
  api(box, '/api/v1/reports', 'POST', { target, reason, ...(details === undefined ? {} : { details }) }, as);

const queueOf = async (as: Session) => (await (await api(box, '/api/v1/moderation', 'GET', undefined, as)).json()) as ModerationQueue;
const openTargets = async (as: Session) => (await queueOf(as)).open.map((entry) => `${entry.target.type}:${entry.target.id}`).sort();
const decide = (target: string, decision: string, as: Session) => api(box, `/api/v1/moderation/${target.replace(':', '/')}/${decision}`, 'POST', undefined, as);

const form = (path: string, fields: Record<string, string>, as: Session) =>
  box.request(path, {
    method: 'POST', as, headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'en' },
    body: new URLSearchParams({ _csrf: /copi_csrf=([^;]+)/.exec(as.cookie)![1], ...fields }).toString(),
  });

beforeAll(async () => {
  box = createTestBox();
  boxAdmin = await box.register('admin-box', { admin: true });
  gardenAdmin = await box.register('jardiniere');
  bakeryAdmin = await box.register('boulanger');
  author = await box.register('auteur');
  reporter = await box.register('vigilante');
  garden = await newElement(box, gardenAdmin, { type: 'organization', kind: 'association', name: 'Jardin des voisins' });
  bakery = await newElement(box, bakeryAdmin, { type: 'organization', kind: 'business', name: 'Boulangerie du coin' });
});
afterAll(() => box.close());

describe('reporting', () => {
  it('needs a reason from the list, and words when the reason is “something else”; nothing stored otherwise', async () => {
    const target = `comment:${(await commented(box, `element:${garden.id}`, 'Un avis', author)).id}`;
    const before = count(box, 'reports');
    for (const [reason, details, field, message] of [
      [undefined, undefined, 'reason', 'reason: Choose a reason'],
      ['', undefined, 'reason', 'reason: Choose a reason'],
      ['boring', undefined, 'reason', 'reason: Choose a reason'],
      ['other', '  ', 'details', 'details: Say what is wrong'],
    ] as const) {
      const body = { target, ...(reason === undefined ? {} : { reason }), ...(details === undefined ? {} : { details }) };
      const response = await api(box, '/api/v1/reports', 'POST', body, reporter);
      expect(response.status).toBe(422);
      expect((await response.json()).error).toMatchObject({ field, message });
    }
    expect((await api(box, '/api/v1/reports', 'POST', { target: 'element:x', reason: 'spam' }, reporter)).status).toBe(422);
    expect((await report(target, undefined as unknown as Session)).status).toBe(401);
    expect(count(box, 'reports')).toBe(before);

    expect((await report(target, reporter, 'other', 'Hors sujet')).status).toBe(201);
    const again = await report(target, reporter, 'spam');
    expect(again.status).toBe(409);
    expect((await again.json()).error.message).toBe('You already reported this');
    expect(count(box, 'reports')).toBe(before + 1);
  });

  it('what one cannot see cannot be reported: 404, as if it did not exist', async () => {
    const secret = await newElement(box, gardenAdmin, { type: 'project', name: 'Projet du bureau', visibility: 'private' });
    const post = insertPost(box, { wallId: secret.id, authorId: gardenAdmin.personId, body: 'Entre nous' });
    const response = await report(`post:${post}`, reporter);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('Entre nous');
    expect((await report('comment:01900000-0000-7000-8000-000000000000', reporter)).status).toBe(404);
  });

  it('the first report on something tells the admins of where it was said', async () => {
    const target = `comment:${(await commented(box, `element:${bakery.id}`, 'Pain rassis !', author)).id}`;
    const before = notificationsOf(box, bakeryAdmin, 'moderation').length;
    await report(target, reporter);
    await report(target, gardenAdmin, 'spam');
    const told = notificationsOf(box, bakeryAdmin, 'moderation');
    expect(told).toHaveLength(before + 1);
    // Without the reporter's name.
    expect(told.at(-1)).toMatchObject({ actor_id: null, subject_url: '/moderation' });
    expect(JSON.parse(told.at(-1)!.params)).toMatchObject({ variant: 'report', name: 'Boulangerie du coin' });
  });
});

describe('who moderates what', () => {
  it('element admins see the reports on their walls and elements, not others’; box admins see all', async () => {
    const postOnGarden = insertPost(box, { wallId: garden.id, authorId: author.personId, body: 'Post du jardin' });
    const postOnBakery = insertPost(box, { wallId: bakery.id, authorId: author.personId, body: 'Post de la boulangerie' });
    const onGarden = await commented(box, `element:${garden.id}`, 'Sur le jardin', author);
    const onGardenPost = await commented(box, `post:${postOnGarden}`, 'Sous le post du jardin', author);
    const mine = [`post:${postOnGarden}`, `comment:${onGarden.id}`, `comment:${onGardenPost.id}`];
    for (const target of [...mine, `post:${postOnBakery}`]) expect((await report(target, reporter, 'spam')).status).toBe(201);

    const gardenQueue = await openTargets(gardenAdmin);
    for (const target of mine) expect(gardenQueue).toContain(target);
    expect(gardenQueue).not.toContain(`post:${postOnBakery}`);
    expect(await openTargets(bakeryAdmin)).toContain(`post:${postOnBakery}`);
    expect(await openTargets(bakeryAdmin)).not.toContain(`post:${postOnGarden}`);
    const all = await openTargets(boxAdmin);
    for (const target of [...mine, `post:${postOnBakery}`]) expect(all).toContain(target);
    expect(await openTargets(reporter)).toEqual([]);

    // Neither may an admin of another element decide on them.
    const refused = await decide(`post:${postOnGarden}`, 'hide', bakeryAdmin);
    expect(refused.status).toBe(403);
    expect(box.deps.db.prepare('SELECT hidden_at FROM posts WHERE id = ?').get(postOnGarden)).toEqual({ hidden_at: null });

    // The queue page and the element page show moderators what waits for them.
    const page = await (await box.request('/moderation', { as: gardenAdmin })).text();
    expect(page).toContain('Sous le post du jardin');
    expect(page).not.toContain('Post de la boulangerie');
    expect(await (await box.request(`/e/${garden.slug}`, { as: gardenAdmin })).text()).toContain('href="/moderation"');
    expect(await (await box.request(`/e/${garden.slug}`, { as: reporter })).text()).not.toContain('href="/moderation"');
    expect(await (await box.request('/admin', { as: boxAdmin })).text()).toContain('href="/moderation"');
  });

  it('keep closes the reports and changes nothing else', async () => {
    const kept = await commented(box, `element:${garden.id}`, 'Avis tranché mais correct', author);
    await report(`comment:${kept.id}`, reporter, 'abuse');
    expect((await decide(`comment:${kept.id}`, 'keep', gardenAdmin)).status).toBe(200);
    expect(await openTargets(gardenAdmin)).not.toContain(`comment:${kept.id}`);
    expect((await thread(box, `element:${garden.id}`)).items.map((item) => item.id)).toContain(kept.id);
    expect((await decide(`comment:${kept.id}`, 'keep', gardenAdmin)).status).toBe(409);
  });
});

describe('a hidden comment', () => {
  it('disappears from the thread page, the API, the counts and the export; its author is told; restore brings it back', async () => {
    const subject = `element:${garden.id}`;
    const bad = await commented(box, subject, 'Propos injurieux', author);
    const answer = await commented(box, subject, 'Réponse polie', reporter, bad.id);
    const before = (await thread(box, subject)).count;
    await report(`comment:${bad.id}`, reporter, 'abuse', 'Insulte');

    // Hidden from the queue's form, as a moderator without JavaScript would.
    const hidden = await form(`/moderation/comment/${bad.id}/hide`, {}, gardenAdmin);
    expect(hidden.status).toBe(303);
    expect(hidden.headers.get('location')).toBe('/moderation');

    const read = await thread(box, subject, author);
    expect(read.count).toBe(before - 1);
    expect(JSON.stringify(read.items)).not.toContain('Propos injurieux');
    // Its place holds the answer under it, without its words nor its author.
    expect(read.items.find((item) => item.id === bad.id)).toEqual(expect.objectContaining({ state: 'hidden', body: null, author: null }));
    expect(read.items.find((item) => item.id === answer.id)).toMatchObject({ state: 'published', parentId: bad.id });
    for (const who of [undefined, author, reporter]) {
      const page = await (await box.request(`/e/${garden.slug}`, { as: who })).text();
      expect(page).not.toContain('Propos injurieux');
      expect(page).toContain('Réponse polie');
    }
    const exported = (await (await box.request('/api/v1/export/me', { as: author })).json()) as { comments: { id: string }[] };
    expect(exported.comments.map((comment) => comment.id)).not.toContain(bad.id);
    // It can no longer be answered, edited, reported nor linked to.
    expect((await api(box, `/api/v1/comments?subject=${subject}`, 'POST', { body: 'Encore', parentId: bad.id }, reporter)).status).toBe(422);
    expect((await api(box, `/api/v1/comments/${bad.id}`, 'PATCH', { body: 'Pardon' }, author)).status).toBe(404);
    expect((await report(`comment:${bad.id}`, bakeryAdmin)).status).toBe(404);
    expect((await box.request(`/comments/${bad.id}`)).status).toBe(404);

    const told = notificationsOf(box, author, 'moderation');
    expect(told).toHaveLength(1);
    expect(JSON.parse(told[0].params)).toMatchObject({ variant: 'hidden', target: 'comment', name: 'Jardin des voisins' });

    // The moderator sees it among the hidden ones, and restores it.
    const queue = await queueOf(gardenAdmin);
    expect(queue.open.map((entry) => entry.target.id)).not.toContain(bad.id);
    expect(queue.hidden.find((entry) => entry.target.id === bad.id)).toMatchObject({ body: 'Propos injurieux', reasons: [{ reason: 'abuse', details: 'Insulte' }] });
    expect((await decide(`comment:${bad.id}`, 'hide', gardenAdmin)).status).toBe(409);
    expect((await decide(`comment:${bad.id}`, 'restore', gardenAdmin)).status).toBe(200);

    expect((await thread(box, subject)).count).toBe(before);
    expect(await (await box.request(`/e/${garden.slug}`)).text()).toContain('Propos injurieux');
    expect(((await (await box.request('/api/v1/export/me', { as: author })).json()) as { comments: { id: string }[] }).comments.map((comment) => comment.id)).toContain(bad.id);
    expect((await queueOf(gardenAdmin)).hidden.map((entry) => entry.target.id)).not.toContain(bad.id);
    expect(JSON.parse(notificationsOf(box, author, 'moderation').at(-1)!.params)).toMatchObject({ variant: 'restored' });
    expect((await decide(`comment:${bad.id}`, 'restore', gardenAdmin)).status).toBe(409);
  });

  it('a hidden post takes its comments with it, for everyone; restore brings them back', async () => {
    const post = insertPost(box, { wallId: garden.id, authorId: author.personId, body: 'Post douteux' });
    await commented(box, `post:${post}`, 'Commentaire du post', reporter);
    await report(`post:${post}`, reporter, 'spam');
    expect((await decide(`post:${post}`, 'hide', boxAdmin)).status).toBe(200);
    for (const who of [undefined, author, gardenAdmin, boxAdmin]) expect((await thread(box, `post:${post}`, who)).status).toBe(404);
    expect(JSON.parse(notificationsOf(box, author, 'moderation').at(-1)!.params)).toMatchObject({ variant: 'hidden', target: 'post' });
    expect((await decide(`post:${post}`, 'restore', gardenAdmin)).status).toBe(200);
    expect((await thread(box, `post:${post}`)).count).toBe(1);
  });
});
