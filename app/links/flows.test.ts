// Joining, approving, inviting and following, through the real API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestBox, type Session, type TestBox } from '../testing/test-box.ts';

let box: TestBox;
let admin: Session;
let newcomer: Session;
let association: { id: string; slug: string };

const statusOf = async (person: Session, elementId: string) => {
  const links = (await (await box.request(`/api/v1/elements/${elementId}/links`, { as: admin })).json()) as { items: { fromId: string; kind: string; status: string }[] };
  return links.items.find((link) => link.fromId === person.personId && link.kind === 'member')?.status ?? null;
};

beforeAll(async () => {
  box = createTestBox();
  admin = await box.register('presidente');
  newcomer = await box.register('newcomer');
  association = (await (await box.json('/api/v1/elements', 'POST', { type: 'organization', kind: 'association', name: 'Foyer rural' }, admin)).json()) as typeof association;
});
afterAll(() => box.close());

describe('joining an element', () => {
  it('a join request waits for an element admin, who approves it', async () => {
    expect((await box.json(`/api/v1/elements/${association.id}/join`, 'POST', {}, newcomer)).status).toBe(201);
    expect(await statusOf(newcomer, association.id)).toBe('requested');
    // A pending requester is not a member yet: they cannot approve themselves.
    expect((await box.json(`/api/v1/elements/${association.id}/requests/approve`, 'POST', { personId: newcomer.personId }, newcomer)).status).toBe(403);
    expect((await box.json(`/api/v1/elements/${association.id}/requests/approve`, 'POST', { personId: newcomer.personId }, admin)).status).toBe(200);
    expect(await statusOf(newcomer, association.id)).toBe('active');
  });

  it('an invitation addressed to a person records who invited and becomes membership when accepted', async () => {
    const guest = await box.register('guest');
    const invited = await box.json(`/api/v1/elements/${association.id}/invitations`, 'POST', { personId: guest.personId }, admin);
    expect(invited.status).toBe(201);
    expect(((await invited.json()) as { invitedBy: string; status: string })).toMatchObject({ invitedBy: admin.personId, status: 'invited' });
    expect((await box.json(`/api/v1/elements/${association.id}/invitations/accept`, 'POST', {}, guest)).status).toBe(200);
    expect(await statusOf(guest, association.id)).toBe('active');
  });

  it('an invitation link lets whoever holds it join, and the page shows it with a QR code', async () => {
    const link = (await (await box.json(`/api/v1/elements/${association.id}/invitations`, 'POST', {}, admin)).json()) as { token: string; url: string };
    expect(link.url).toBe(`http://box.test/invite/${link.token}`);
    const page = await (await box.request(`/invite/${link.token}`)).text();
    expect(page).toContain('Foyer rural');
    const friend = await box.register('friend');
    expect((await box.json(`/api/v1/invitations/${link.token}/accept`, 'POST', {}, friend)).status).toBe(200);
    expect(await statusOf(friend, association.id)).toBe('active');
  });

  it('an admin names a co-admin with a free-text role; a plain member cannot', async () => {
    const refused = await box.json(`/api/v1/elements/${association.id}/members/${admin.personId}`, 'PATCH', { isAdmin: false }, newcomer);
    expect(refused.status).toBe(403);
    const named = await box.json(`/api/v1/elements/${association.id}/members/${newcomer.personId}`, 'PATCH', { isAdmin: true, roles: ['trésorière'] }, admin);
    expect(named.status).toBe(200);
    expect(await named.json()).toMatchObject({ isAdmin: true, roles: ['trésorière'] });
    await box.json(`/api/v1/elements/${association.id}/members/${newcomer.personId}`, 'PATCH', { isAdmin: false }, admin);
  });

  it('a member can leave, but the last admin cannot', async () => {
    expect((await box.json(`/api/v1/elements/${association.id}/leave`, 'POST', {}, newcomer)).status).toBe(204);
    expect(await statusOf(newcomer, association.id)).toBeNull();
    const refused = await box.json(`/api/v1/elements/${association.id}/leave`, 'POST', {}, admin);
    expect(refused.status).toBe(409);
  });

  it('following shows in the follower count and can be undone', async () => {
    expect((await box.json(`/api/v1/elements/${association.id}/follow`, 'POST', {}, newcomer)).status).toBe(201);
    const links = (await (await box.request(`/api/v1/elements/${association.id}/links`, { as: admin })).json()) as { items: { kind: string }[] };
    expect(links.items.filter((l) => l.kind === 'follows')).toHaveLength(1);
    // Anonymous visitors do not learn who follows: persons are visible to signed-in members only.
    const anonymous = (await (await box.request(`/api/v1/elements/${association.id}/links`)).json()) as { items: { kind: string }[] };
    expect(anonymous.items.filter((l) => l.kind === 'follows')).toHaveLength(0);
    expect((await box.request(`/api/v1/elements/${association.id}/follow`, { method: 'DELETE', as: newcomer })).status).toBe(204);
  });

  it('every change of an element takes the next number of this box’s sequence', async () => {
    const before = (box.deps.db.prepare('SELECT origin_seq FROM elements WHERE id = ?').get(association.id) as { origin_seq: number }).origin_seq;
    await box.json(`/api/v1/elements/${association.id}`, 'PATCH', { shortDescription: 'Au cœur du village' }, admin);
    const after = box.deps.db.prepare('SELECT origin_seq, origin_box FROM elements WHERE id = ?').get(association.id) as { origin_seq: number; origin_box: string };
    expect(after.origin_seq).toBeGreaterThan(before);
    expect(after.origin_box).toBe(box.deps.box.boxId);
  });
});
