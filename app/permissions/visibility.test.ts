// The one visibility rule, checked through every read path a visitor can use.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestBox, type Session, type TestBox } from '../testing/test-box.ts';

let box: TestBox;
let owner: Session;
let member: Session;
let stranger: Session;
let admin: Session;
const ids: Record<'private' | 'members' | 'public', { id: string; slug: string }> = {} as never;

beforeAll(async () => {
  box = createTestBox();
  owner = await box.register('owner');
  member = await box.register('member');
  stranger = await box.register('stranger');
  admin = await box.register('boxadmin', { admin: true });
  for (const visibility of ['private', 'members', 'public'] as const) {
    const response = await box.json('/api/v1/elements', 'POST', {
      type: 'organization', kind: 'group', name: `Secret garden ${visibility}`, visibility,
      contactEmail: 'garden@example.org', contactPhone: '04 75 00 00 00', tags: ['jardin-secret'],
    }, owner);
    ids[visibility] = (await response.json()) as { id: string; slug: string };
  }
  const invite = (await (await box.json(`/api/v1/elements/${ids.members.id}/invitations`, 'POST', {}, owner)).json()) as { token: string };
  expect((await box.json(`/api/v1/invitations/${invite.token}/accept`, 'POST', {}, member)).status).toBe(200);
});
afterAll(() => box.close());

async function everyPathShows(as: Session | undefined, target: { id: string; slug: string }) {
  const page = await box.request(`/e/${target.slug}`, { as });
  const api = await box.request(`/api/v1/elements/${target.id}`, { as });
  const list = (await (await box.request('/api/v1/elements?type=organization&limit=200', { as })).json()) as { items: { id: string }[] };
  const tagList = (await (await box.request('/api/v1/elements?tag=jardin-secret', { as })).json()) as { items: { id: string }[] };
  const listPage = await (await box.request('/organizations?limit=200', { as })).text();
  const exported = await box.request(`/api/v1/elements/${target.id}/export`, { as });
  const links = await box.request(`/api/v1/elements/${target.id}/links`, { as });
  return {
    page: page.status === 200,
    api: api.status === 200,
    list: list.items.some((item) => item.id === target.id),
    tagList: tagList.items.some((item) => item.id === target.id),
    listPage: listPage.includes(`/e/${target.slug}"`),
    export: exported.status === 200,
    links: links.status === 200,
  };
}

const nowhere = { page: false, api: false, list: false, tagList: false, listPage: false, export: false, links: false };
const everywhere = { page: true, api: true, list: true, tagList: true, listPage: true, export: true, links: true };

describe('who sees what', () => {
  it('an anonymous visitor cannot see a private element by page, API, list or export', async () => {
    expect(await everyPathShows(undefined, ids.private)).toEqual(nowhere);
  });

  it('an anonymous visitor and a non-member cannot see a members-only element by any path', async () => {
    expect(await everyPathShows(undefined, ids.members)).toEqual(nowhere);
    expect(await everyPathShows(stranger, ids.members)).toEqual(nowhere);
  });

  it('a signed-in non-member cannot see a private element by any path', async () => {
    expect(await everyPathShows(stranger, ids.private)).toEqual(nowhere);
  });

  it('members see the members-only element; its admin and the box admin see the private one', async () => {
    expect(await everyPathShows(member, ids.members)).toEqual(everywhere);
    expect(await everyPathShows(owner, ids.private)).toEqual(everywhere);
    expect(await everyPathShows(admin, ids.private)).toEqual(everywhere);
  });

  it('a public element is seen by everyone, but its members-only contact fields only by members', async () => {
    expect(await everyPathShows(undefined, ids.public)).toEqual(everywhere);
    const anonymous = await (await box.request(`/api/v1/elements/${ids.public.id}`)).text();
    const anonymousPage = await (await box.request(`/e/${ids.public.slug}`)).text();
    const anonymousExport = await (await box.request(`/api/v1/elements/${ids.public.id}/export`)).text();
    for (const body of [anonymous, anonymousPage, anonymousExport]) expect(body).not.toContain('garden@example.org');
    const ownerView = await (await box.request(`/api/v1/elements/${ids.public.id}`, { as: owner })).text();
    expect(ownerView).toContain('garden@example.org');
    const listAsOwner = await (await box.request('/api/v1/elements?tag=jardin-secret', { as: owner })).text();
    expect(listAsOwner).not.toContain('garden@example.org');
  });

  it('a private element never appears in the whole-box export to anyone but a box admin', async () => {
    expect((await box.request('/api/v1/export/box')).status).toBe(401);
    expect((await box.request('/api/v1/export/box', { as: stranger })).status).toBe(403);
    const full = await (await box.request('/api/v1/export/box', { as: admin })).text();
    expect(full).toContain(ids.private.id);
    expect(full).not.toContain('password_hash');
  });

  it('my export holds my data but no one else’s private elements', async () => {
    const mine = await (await box.request('/api/v1/export/me', { as: stranger })).text();
    expect(mine).toContain('stranger');
    expect(mine).not.toContain(ids.private.id);
    expect(mine).not.toContain(ids.members.id);
    const ownerExport = (await (await box.request('/api/v1/export/me', { as: owner })).json()) as { elementsCreated: { id: string }[] };
    expect(ownerExport.elementsCreated.map((e) => e.id)).toEqual(expect.arrayContaining([ids.private.id, ids.members.id, ids.public.id]));
  });

  it('a person invited to a private element sees it before answering; one who merely asked to join does not', async () => {
    const invitee = await box.register('invitee');
    expect((await box.request(`/api/v1/elements/${ids.private.id}`, { as: invitee })).status).toBe(404);
    await box.json(`/api/v1/elements/${ids.private.id}/invitations`, 'POST', { personId: invitee.personId }, owner);
    expect((await box.request(`/e/${ids.private.slug}`, { as: invitee })).status).toBe(200);
    const me = await (await box.request('/me', { as: invitee })).text();
    expect(me).toContain(ids.private.slug);
    // Its members-only contact fields stay hidden until the invitation is accepted.
    expect(await (await box.request(`/api/v1/elements/${ids.private.id}`, { as: invitee })).text()).not.toContain('garden@example.org');
    expect((await box.json(`/api/v1/elements/${ids.members.id}/join`, 'POST', {}, stranger)).status).toBe(404);
  });

  it('a person profile is for signed-in members of the box, not for anonymous visitors', async () => {
    expect((await box.request(`/api/v1/elements/${stranger.personId}`)).status).toBe(404);
    expect((await box.request(`/api/v1/elements/${stranger.personId}`, { as: member })).status).toBe(200);
  });
});
