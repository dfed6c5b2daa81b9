// Bad comments through the API: each gets a clear error naming what is wrong, and nothing is stored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestBox, type Session, type TestBox } from '../testing/test-box.ts';
import { addLink, removeLink } from '../links/storage.ts';
import { api, comment, commented, count, insertPost, newElement } from './testing/community.ts';

let box: TestBox;
let alice: Session;
let bob: Session;
let project: { id: string; slug: string };
let otherProject: { id: string; slug: string };
let hiddenProject: { id: string; slug: string };

beforeAll(async () => {
  box = createTestBox();
  alice = await box.register('alice');
  bob = await box.register('bob');
  project = await newElement(box, alice, { type: 'project', name: 'Jardin partagé' });
  otherProject = await newElement(box, alice, { type: 'project', name: 'Four à pain' });
  hiddenProject = await newElement(box, alice, { type: 'project', name: 'Projet secret', visibility: 'private' });
});
afterAll(() => box.close());

const errorOf = async (response: Response) => ({ status: response.status, ...((await response.json()) as { error: { code: string; field?: string; message: string } }).error });

describe('bad comments', () => {
  it('are refused with a clear error, and nothing is stored', async () => {
    const elsewhere = await commented(box, `element:${otherProject.id}`, 'Ailleurs', alice);
    const before = count(box, 'comments');
    const subject = `element:${project.id}`;
    const cases: [Promise<Response>, { status: number; field?: string; message?: string }][] = [
      [comment(box, subject, '', bob), { status: 422, field: 'body', message: 'body: Write something first' }],
      [comment(box, subject, ' \n\n ', bob), { status: 422, field: 'body' }],
      [comment(box, subject, 'x'.repeat(4001), bob), { status: 422, field: 'body', message: 'body: A comment is at most 4,000 characters' }],
      [comment(box, subject, 42, bob), { status: 422, field: 'body' }],
      [comment(box, subject, 'bad\u0000', bob), { status: 422, field: 'body' }],
      [comment(box, subject, 'Réponse', bob, elsewhere.id), { status: 422, field: 'parentId', message: 'parentId: The comment you answer belongs to another thread' }],
      [comment(box, subject, 'Réponse', bob, '01900000-0000-7000-8000-000000000000'), { status: 422, field: 'parentId' }],
      [comment(box, subject, 'Réponse', bob, 'pas-un-id'), { status: 422, field: 'parentId' }],
      [api(box, `/api/v1/comments?subject=${subject}`, 'POST', { body: 'x', extra: 1 }, bob), { status: 422, field: 'extra' }],
      [api(box, '/api/v1/comments', 'POST', { body: 'Sans sujet' }, bob), { status: 422, field: 'subject' }],
      [comment(box, `room:${project.id}`, 'Mauvais sujet', bob), { status: 422, field: 'subject' }],
      [comment(box, 'element:01900000-0000-7000-8000-000000000000', 'Inconnu', bob), { status: 404 }],
      [comment(box, `element:${hiddenProject.id}`, 'Je devine', bob), { status: 404, message: 'Element not found' }],
      [comment(box, `post:${project.id}`, 'Pas un post', bob), { status: 404 }],
      [comment(box, subject, 'Anonyme'), { status: 401 }],
    ];
    for (const [response, expected] of cases) expect(await errorOf(await response)).toMatchObject(expected);
    expect(count(box, 'comments')).toBe(before);
  });

  it('a comment on something its author cannot see is a 404 that says nothing of it, in every language', async () => {
    const post = insertPost(box, { wallId: hiddenProject.id, authorId: alice.personId, body: 'Rien à voir' });
    const response = await box.request(`/api/v1/comments?subject=post:${post}`, {
      method: 'POST', as: bob, headers: { 'content-type': 'application/json', 'accept-language': 'fr' }, body: JSON.stringify({ body: 'Coucou' }),
    });
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('Rien à voir');
  });

  it('a person cannot edit nor delete a comment they cannot read any more, nor one that is not theirs', async () => {
    const mine = await commented(box, `element:${project.id}`, 'À moi', alice);
    expect(await errorOf(await api(box, `/api/v1/comments/${mine.id}`, 'PATCH', { body: 'Non' }, bob))).toMatchObject({ status: 403, message: 'Only its author can change a comment' });
    expect((await box.json(`/api/v1/comments/${mine.id}`, 'PATCH', { body: '' }, alice)).status).toBe(422);
    expect((await box.json('/api/v1/comments/01900000-0000-7000-8000-000000000000', 'DELETE', undefined, alice)).status).toBe(404);
    const read = await (await box.request(`/api/v1/comments?subject=element:${project.id}`)).json() as { items: { id: string; body: string }[] };
    expect(read.items.find((item) => item.id === mine.id)?.body).toBe('À moi');

    // Bob wrote in a members-only project, then left it: his comment is out of his reach, like the project.
    const team = await newElement(box, alice, { type: 'project', name: 'Équipe fermée', visibility: 'members' });
    addLink(box.deps.db, { fromId: bob.personId, toId: team.id, kind: 'contributor' });
    const his = await commented(box, `element:${team.id}`, 'Je suis dedans', bob);
    removeLink(box.deps.db, bob.personId, team.id, 'contributor');
    expect((await api(box, `/api/v1/comments/${his.id}`, 'PATCH', { body: 'Et maintenant ?' }, bob)).status).toBe(404);
    expect((await api(box, `/api/v1/comments/${his.id}`, 'DELETE', undefined, bob)).status).toBe(404);
  });
});
