// Bad input on every link write path (join, follow, invite, approve, accept, leave), through the API and the forms:
// a clear 4xx, never a 5xx, and nothing written (the whole database is compared before and after).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashSecret } from '../core/ids.ts';
import { createTestBox, type Session, type TestBox } from '../testing/test-box.ts';

let box: TestBox;
let alice: Session;
let bob: Session;
let carol: Session;
let org: { id: string; slug: string };
let secret: { id: string; slug: string };
let poi: { id: string; slug: string };

beforeAll(async () => {
  box = createTestBox();
  alice = await box.register('alice');
  bob = await box.register('bob');
  carol = await box.register('carol');
  const create = async (body: Record<string, unknown>) =>
    (await (await box.json('/api/v1/elements', 'POST', body, alice)).json()) as { id: string; slug: string };
  org = await create({ type: 'organization', kind: 'association', name: 'Foyer rural' });
  secret = await create({ type: 'organization', kind: 'group', name: 'Comité secret', visibility: 'private' });
  poi = await create({ type: 'poi', kind: 'sharedLibrary', name: 'Boîte à livres', lat: 44.5, lon: 5.06 });
});
afterAll(() => box.close());

/** Every row of every table. */
function snapshot() {
  const { db } = box.deps;
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[];
  return Object.fromEntries(tables.map(({ name }) => [name, db.prepare(`SELECT * FROM "${name}"`).all()]));
}

/** Sends the request and checks that it is refused with this status, code and field, and that nothing was written. */
async function refused(send: () => Promise<Response>, status: number, code: string, field?: string) {
  const before = snapshot();
  const response = await send();
  const text = await response.text();
  expect(response.status, text).toBe(status);
  const body = JSON.parse(text) as { error: { code: string; message: string; field?: string } };
  expect(body.error.code).toBe(code);
  expect(body.error.message.length).toBeGreaterThan(0);
  if (field !== undefined) expect(body.error.field).toBe(field);
  expect(snapshot()).toEqual(before);
  return body;
}

/** `as: null` sends the request signed out. */
const post = (path: string, body: unknown = {}, as: Session | null = alice) => () => box.json(`/api/v1${path}`, 'POST', body, as ?? undefined);

const linkRow = (fromId: string, toId: string) =>
  box.deps.db.prepare('SELECT kind, status, is_admin, roles, invited_by FROM links WHERE from_id = ? AND to_id = ?').all(fromId, toId);

const unknownId = () => randomUUID();

describe('link actions on an element that does not exist (or that one cannot see)', () => {
  it('joining an unknown element is refused with 404 and nothing is written', async () => {
    await refused(post(`/elements/${unknownId()}/join`, {}, bob), 404, 'not_found');
  });

  it('following an unknown element is refused with 404 and nothing is written', async () => {
    await refused(post(`/elements/${unknownId()}/follow`, {}, bob), 404, 'not_found');
  });

  it('inviting a person to an unknown element is refused with 404 and nothing is written', async () => {
    await refused(post(`/elements/${unknownId()}/invitations`, { personId: bob.personId }), 404, 'not_found');
  });

  it('creating an invitation link for an unknown element is refused with 404 and nothing is written', async () => {
    await refused(post(`/elements/${unknownId()}/invitations`, {}), 404, 'not_found');
  });

  it('approving a request on an unknown element is refused with 404 and nothing is written', async () => {
    await refused(post(`/elements/${unknownId()}/requests/approve`, { personId: bob.personId }), 404, 'not_found');
  });

  it('accepting an invitation to an unknown element is refused with 404 and nothing is written', async () => {
    await refused(post(`/elements/${unknownId()}/invitations/accept`, {}, bob), 404, 'not_found');
  });

  it('leaving an unknown element is refused with 404 and nothing is written', async () => {
    await refused(post(`/elements/${unknownId()}/leave`, {}, bob), 404, 'not_found');
  });

  it('joining or following a private element one cannot see is refused with 404, like an unknown one', async () => {
    await refused(post(`/elements/${secret.id}/join`, {}, bob), 404, 'not_found');
    await refused(post(`/elements/${secret.id}/follow`, {}, bob), 404, 'not_found');
  });

  it('an id that is not a uuid is refused with 404, not a 500', async () => {
    await refused(post('/elements/not-a-uuid/join', {}, bob), 404, 'not_found');
    await refused(post('/elements/%00/follow', {}, bob), 404, 'not_found');
  });
});

describe('link actions with an unknown or wrong person', () => {
  it('inviting an unknown personId is refused with 422 field personId and nothing is written', async () => {
    await refused(post(`/elements/${org.id}/invitations`, { personId: unknownId() }), 422, 'validation', 'personId');
  });

  it('inviting an element that is not a person is refused with 422 field personId and nothing is written', async () => {
    await refused(post(`/elements/${org.id}/invitations`, { personId: poi.id }), 422, 'validation', 'personId');
  });

  it('inviting a personId that is not a uuid is refused with 422 field personId', async () => {
    await refused(post(`/elements/${org.id}/invitations`, { personId: 'bob' }), 422, 'validation', 'personId');
  });

  it('an invitation with an extra field is refused by the strict schema', async () => {
    await refused(post(`/elements/${org.id}/invitations`, { personId: bob.personId, isAdmin: true }), 422, 'validation');
    await refused(post(`/elements/${org.id}/invitations`, { expiresInDays: 365 }), 422, 'validation');
  });

  it('approving an unknown personId is refused with 404 and nothing is written', async () => {
    await refused(post(`/elements/${org.id}/requests/approve`, { personId: unknownId() }), 404, 'not_found');
  });

  it('approving a person who never asked to join is refused with 404 and nothing is written', async () => {
    await refused(post(`/elements/${org.id}/requests/approve`, { personId: carol.personId }), 404, 'not_found');
  });

  it('approving without a personId is refused with 422 field personId', async () => {
    await refused(post(`/elements/${org.id}/requests/approve`, {}), 422, 'validation', 'personId');
  });

  it('declining an unknown personId is refused with 404 and nothing is written', async () => {
    await refused(post(`/elements/${org.id}/requests/decline`, { personId: unknownId() }), 404, 'not_found');
  });

  it('changing the role of someone who is not a member is refused with 404 and nothing is written', async () => {
    await refused(() => box.json(`/api/v1/elements/${org.id}/members/${unknownId()}`, 'PATCH', { isAdmin: true }, alice), 404, 'not_found');
  });

  it('a member change that is not a boolean is refused with 422 field isAdmin', async () => {
    await refused(() => box.json(`/api/v1/elements/${org.id}/members/${alice.personId}`, 'PATCH', { isAdmin: 'yes' }, alice), 422, 'validation', 'isAdmin');
  });
});

describe('link actions that are not allowed', () => {
  it('approving a join request when not an admin of the element is refused with 403 and the request stays pending', async () => {
    expect((await box.json(`/api/v1/elements/${org.id}/join`, 'POST', {}, bob)).status).toBe(201);
    await refused(post(`/elements/${org.id}/requests/approve`, { personId: bob.personId }, carol), 403, 'forbidden');
    await refused(post(`/elements/${org.id}/requests/approve`, { personId: bob.personId }, bob), 403, 'forbidden');
    expect(linkRow(bob.personId, org.id)).toMatchObject([{ status: 'requested', is_admin: 0 }]);
  });

  it('declining a join request when not an admin of the element is refused with 403', async () => {
    await refused(post(`/elements/${org.id}/requests/decline`, { personId: bob.personId }, carol), 403, 'forbidden');
  });

  it('inviting someone when not an admin of the element is refused with 403 and nothing is written', async () => {
    await refused(post(`/elements/${org.id}/invitations`, { personId: carol.personId }, bob), 403, 'forbidden');
    await refused(post(`/elements/${org.id}/invitations`, {}, bob), 403, 'forbidden');
  });

  it('making oneself an admin when not an admin of the element is refused with 403', async () => {
    await refused(() => box.json(`/api/v1/elements/${org.id}/members/${bob.personId}`, 'PATCH', { isAdmin: true }, bob), 403, 'forbidden');
  });

  it('joining, following or accepting while signed out is refused with 401 and nothing is written', async () => {
    await refused(post(`/elements/${org.id}/join`, {}, null), 401, 'unauthenticated');
    await refused(post(`/elements/${org.id}/follow`, {}, null), 401, 'unauthenticated');
    await refused(post(`/elements/${org.id}/invitations/accept`, {}, null), 401, 'unauthenticated');
  });

  it('joining a point of interest is refused with 400', async () => {
    await refused(post(`/elements/${poi.id}/join`, {}, bob), 400, 'bad_request');
  });

  it('following oneself is refused with 400', async () => {
    await refused(post(`/elements/${bob.personId}/follow`, {}, bob), 400, 'bad_request');
  });

  it('accepting an invitation one never received is refused with 404', async () => {
    await refused(post(`/elements/${org.id}/invitations/accept`, {}, carol), 404, 'not_found');
  });

  it('leaving an element one does not belong to is refused with 404', async () => {
    await refused(post(`/elements/${org.id}/leave`, {}, carol), 404, 'not_found');
  });

  it('the last admin cannot leave (409) and keeps their membership', async () => {
    await refused(post(`/elements/${org.id}/leave`, {}, alice), 409, 'conflict');
    expect(linkRow(alice.personId, org.id)).toMatchObject([{ status: 'active', is_admin: 1 }]);
  });

  it('the last admin cannot step down as admin (409 field isAdmin)', async () => {
    await refused(() => box.json(`/api/v1/elements/${org.id}/members/${alice.personId}`, 'PATCH', { isAdmin: false }, alice), 409, 'conflict', 'isAdmin');
  });
});

describe('invitation links', () => {
  async function newLink(elementId = org.id) {
    const response = await box.json(`/api/v1/elements/${elementId}/invitations`, 'POST', {}, alice);
    expect(response.status).toBe(201);
    return ((await response.json()) as { token: string }).token;
  }
  const setInvitation = (token: string, column: 'expires_at' | 'revoked_at', value: string) =>
    box.deps.db.prepare(`UPDATE invitations SET ${column} = ? WHERE token_hash = ?`).run(value, hashSecret(token));

  it('an unknown invitation link is refused with 404 when looked up or accepted, and nothing is written', async () => {
    await refused(() => box.request('/api/v1/invitations/not-a-real-token'), 404, 'not_found');
    await refused(post('/invitations/not-a-real-token/accept', {}, carol), 404, 'not_found');
  });

  it('an expired invitation link is shown as expired and accepting it is refused with 400; nothing is written', async () => {
    const token = await newLink();
    setInvitation(token, 'expires_at', '2000-01-01T00:00:00.000Z');
    const view = await box.request(`/api/v1/invitations/${token}`);
    expect(view.status).toBe(200);
    expect(await view.json()).toMatchObject({ expired: true });
    await refused(post(`/invitations/${token}/accept`, {}, carol), 400, 'bad_request');
  });

  it('a revoked invitation link is refused with 400 and nothing is written', async () => {
    const token = await newLink();
    setInvitation(token, 'revoked_at', new Date().toISOString());
    await refused(post(`/invitations/${token}/accept`, {}, carol), 400, 'bad_request');
  });

  it('an invitation link accepted while signed out is refused with 401 and nothing is written', async () => {
    const token = await newLink();
    await refused(post(`/invitations/${token}/accept`, {}, null), 401, 'unauthenticated');
  });

  it('an invitation link to an element deleted since is refused with 404', async () => {
    const doomed = (await (await box.json('/api/v1/elements', 'POST', { type: 'project', name: 'Projet abandonné' }, alice)).json()) as { id: string };
    const token = await newLink(doomed.id);
    expect((await box.request(`/api/v1/elements/${doomed.id}`, { method: 'DELETE', as: alice })).status).toBe(204);
    await refused(post(`/invitations/${token}/accept`, {}, carol), 404, 'not_found');
  });

  it('accepting an invitation link twice is idempotent: 200 both times, one active membership', async () => {
    const token = await newLink();
    const first = await box.json(`/api/v1/invitations/${token}/accept`, 'POST', {}, carol);
    expect(first.status).toBe(200);
    const row = linkRow(carol.personId, org.id);
    expect(row).toMatchObject([{ kind: 'member', status: 'active', is_admin: 0, invited_by: alice.personId }]);
    const second = await box.json(`/api/v1/invitations/${token}/accept`, 'POST', {}, carol);
    expect(second.status).toBe(200);
    expect(((await second.json()) as { id: string }).id).toBe(((await first.json()) as { id: string }).id);
    expect(linkRow(carol.personId, org.id)).toEqual(row);
  });

  it('an admin who accepts an invitation link to their own element stays admin', async () => {
    const token = await newLink();
    expect((await box.json(`/api/v1/invitations/${token}/accept`, 'POST', {}, alice)).status).toBe(200);
    expect(linkRow(alice.personId, org.id)).toMatchObject([{ status: 'active', is_admin: 1 }]);
  });
});

describe('invitations addressed to a person', () => {
  it('accepting a personal invitation twice is idempotent: 200 both times, one active membership', async () => {
    const project = (await (await box.json('/api/v1/elements', 'POST', { type: 'project', name: 'Four à pain' }, alice)).json()) as { id: string };
    expect((await box.json(`/api/v1/elements/${project.id}/invitations`, 'POST', { personId: bob.personId }, alice)).status).toBe(201);
    const first = await box.json(`/api/v1/elements/${project.id}/invitations/accept`, 'POST', {}, bob);
    expect(first.status).toBe(200);
    const row = linkRow(bob.personId, project.id);
    expect(row).toMatchObject([{ kind: 'contributor', status: 'active', is_admin: 0 }]);
    const before = snapshot();
    const second = await box.json(`/api/v1/elements/${project.id}/invitations/accept`, 'POST', {}, bob);
    expect(second.status, await second.clone().text()).toBe(200);
    expect(((await second.json()) as { status: string }).status).toBe('active');
    expect(snapshot()).toEqual(before);
  });

  it('inviting someone who is already a member changes nothing', async () => {
    const before = linkRow(alice.personId, org.id);
    const response = await box.json(`/api/v1/elements/${org.id}/invitations`, 'POST', { personId: alice.personId }, alice);
    expect(response.status).toBe(201);
    expect(linkRow(alice.personId, org.id)).toEqual(before);
  });
});

describe('link forms', () => {
  async function browser(session: Session | null) {
    const sessionOnly = session ? session.cookie.split('; ').filter((part) => !part.startsWith('copi_csrf=')).join('; ') : '';
    const page = await box.request(`/e/${org.slug}`, { headers: sessionOnly ? { cookie: sessionOnly } : {} });
    expect(page.status).toBe(200);
    const csrf = page.headers.getSetCookie().map((c) => /^copi_csrf=([^;]+)/.exec(c)?.[1]).find(Boolean)!;
    expect(csrf).toBeTruthy();
    return { cookie: [sessionOnly, `copi_csrf=${csrf}`].filter(Boolean).join('; '), csrf };
  }

  async function refusedForm(path: string, fields: Record<string, string>, cookie: string, status: number) {
    const before = snapshot();
    const response = await box.request(path, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie }, body: new URLSearchParams(fields).toString(),
    });
    const html = await response.text();
    expect(response.status, html.slice(0, 300)).toBe(status);
    expect(snapshot()).toEqual(before);
    return html;
  }

  it('a join form without _csrf is refused with 403 and nothing is written', async () => {
    const { cookie } = await browser(carol);
    await refusedForm(`/e/${org.slug}/join`, {}, cookie, 403);
  });

  it('a follow form with a wrong _csrf is refused with 403 and nothing is written', async () => {
    const { cookie } = await browser(carol);
    await refusedForm(`/e/${org.slug}/follow`, { _csrf: 'not-the-right-token-at-all' }, cookie, 403);
  });

  it('a join form for an unknown element is refused with 404 and nothing is written', async () => {
    const { cookie, csrf } = await browser(carol);
    await refusedForm('/e/no-such-element/join', { _csrf: csrf }, cookie, 404);
  });

  it('an approve form from someone who is not an admin is refused with 403 and the request stays pending', async () => {
    const { cookie, csrf } = await browser(carol);
    await refusedForm(`/e/${org.slug}/requests/${bob.personId}/approve`, { _csrf: csrf }, cookie, 403);
    expect(linkRow(bob.personId, org.id)).toMatchObject([{ status: 'requested' }]);
  });

  it('an approve form for an unknown person is refused with 404 and nothing is written', async () => {
    const { cookie, csrf } = await browser(alice);
    await refusedForm(`/e/${org.slug}/requests/${unknownId()}/approve`, { _csrf: csrf }, cookie, 404);
  });

  it('the invite-a-person form with an unknown username re-renders with 422, the error next to the field and the value kept', async () => {
    const { cookie, csrf } = await browser(alice);
    const html = await refusedForm(`/e/${org.slug}/invite-person`, { _csrf: csrf, username: 'nobody-here' }, cookie, 422);
    expect(html).toContain('id="f-username-error"');
    expect(html).toContain('value="nobody-here"');
  });

  it('the invite-a-person form from someone who is not an admin is refused and nothing is written', async () => {
    const { cookie, csrf } = await browser(carol);
    await refusedForm(`/e/${org.slug}/invite-person`, { _csrf: csrf, username: 'bob' }, cookie, 404);
  });

  it('the leave form of the last admin is refused with 409 and the membership is kept', async () => {
    const { cookie, csrf } = await browser(alice);
    await refusedForm(`/e/${org.slug}/leave`, { _csrf: csrf }, cookie, 409);
  });

  it('accepting an unknown invitation link through its page is refused with 404', async () => {
    const { cookie, csrf } = await browser(carol);
    await refusedForm('/invite/not-a-real-token', { _csrf: csrf }, cookie, 404);
  });
});
