// The network view through the real app: only what the viewer may see (nodes and edges), two hops, a cap
// on large networks, and the list that the page shows without JavaScript.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestBox, type Session, type TestBox } from '../testing/test-box.ts';
import { addLink } from '../links/storage.ts';
import { maxNodes, type Graph } from './graph.ts';

let box: TestBox;
let admin: Session;
let member: Session;
const ids: Record<string, string> = {};

const create = async (as: Session, body: Record<string, unknown>) => {
  const response = await box.json('/api/v1/elements', 'POST', body, as);
  const created = await response.json() as { id: string; slug: string };
  if (response.status !== 201) throw new Error(`${response.status} ${JSON.stringify(created)}`);
  return created;
};
const graphOf = async (id: string, as?: Session, hops = 2) => {
  const response = await box.request(`/api/v1/elements/${id}/graph?hops=${hops}`, { as });
  return { status: response.status, graph: response.status === 200 ? await response.json() as Graph : null };
};
const names = (graph: Graph) => graph.nodes.map((node) => node.name).sort();

beforeAll(async () => {
  box = createTestBox();
  admin = await box.register('maire');
  member = await box.register('membre');
  // The admin's profile is public; the member's is for signed-in accounts only (the default).
  await box.json(`/api/v1/elements/${admin.personId}`, 'PATCH', { visibility: 'public' }, admin);
  const club = await create(admin, { type: 'organization', kind: 'association', name: 'Club nature', visibility: 'public' });
  const hidden = await create(admin, { type: 'project', name: 'Projet secret', visibility: 'private' });
  const inner = await create(admin, { type: 'event', kind: 'meeting', name: 'Réunion interne', visibility: 'members', startsAt: '2031-05-01T18:00', organizerId: club.id });
  const walk = await create(admin, { type: 'event', kind: 'other', name: 'Balade publique', visibility: 'public', startsAt: '2031-05-02T10:00', organizerId: club.id });
  const friend = await create(admin, { type: 'organization', kind: 'association', name: 'Amis du club', visibility: 'public' });
  Object.assign(ids, { club: club.id, hidden: hidden.id, inner: inner.id, walk: walk.id, friend: friend.id });
  addLink(box.deps.db, { fromId: club.id, toId: hidden.id, kind: 'parent' });
  addLink(box.deps.db, { fromId: member.personId, toId: club.id, kind: 'member' });
  addLink(box.deps.db, { fromId: friend.id, toId: walk.id, kind: 'organizer' });
  // Second hop behind a private element: never reached through it either.
  addLink(box.deps.db, { fromId: admin.personId, toId: hidden.id, kind: 'follows' });
});
afterAll(() => box.close());

describe('the network of an element', () => {
  it('shows an anonymous visitor only the public elements, and no edge to anything else', async () => {
    const { graph } = await graphOf(ids.club);
    expect(names(graph!)).toEqual(['Amis du club', 'Balade publique', 'Club nature', 'maire']);
    const shown = new Set(graph!.nodes.map((node) => node.id));
    expect(graph!.edges.every((edge) => shown.has(edge.from) && shown.has(edge.to))).toBe(true);
    expect(graph!.nodes.find((node) => node.name === 'Amis du club')).toMatchObject({ hop: 2, type: 'organization' });
    expect(graph!.edges).toContainEqual({ from: ids.club, to: ids.walk, kind: 'organizer' });
    expect(graph!.truncated).toBe(false);
  });

  it('shows a member the members-only event and fellow members, but not the private project', async () => {
    const { graph } = await graphOf(ids.club, member);
    expect(names(graph!)).toEqual(['Amis du club', 'Balade publique', 'Club nature', 'Réunion interne', 'maire', 'membre']);
    expect((await graphOf(ids.club, admin)).graph!.nodes.map((node) => node.name)).toContain('Projet secret');
  });

  it('has one hop when asked, and answers 404 for an element the viewer may not see', async () => {
    const { graph } = await graphOf(ids.club, undefined, 1);
    expect(graph!.nodes.every((node) => node.hop < 2)).toBe(true);
    expect((await graphOf(ids.hidden)).status).toBe(404);
    expect((await graphOf(ids.hidden, member)).status).toBe(404);
    expect((await box.request(`/api/v1/elements/${ids.club}/graph?hops=3`)).status).toBe(422);
  });

  it('cuts a large network to the cap and says so', async () => {
    const big = await create(admin, { type: 'organization', kind: 'group', name: 'Grand réseau', visibility: 'public' });
    const insert = box.deps.db.prepare(`INSERT INTO elements (id, type, slug, name, visibility, origin_box, origin_seq, created_at, updated_at)
      VALUES (?, 'person', ?, ?, 'public', 'test', ?, '2030-01-01T00:00:00Z', '2030-01-01T00:00:00Z')`);
    for (let i = 0; i < maxNodes + 20; i++) {
      const id = `00000000-0000-7000-8000-${String(i).padStart(12, '0')}`;
      insert.run(id, `p-${i}`, `Personne ${i}`, 100_000 + i);
      addLink(box.deps.db, { fromId: id, toId: big.id, kind: 'member' });
    }
    const { graph } = await graphOf(big.id);
    expect(graph!.nodes).toHaveLength(maxNodes);
    expect(graph!.truncated).toBe(true);
    const page = await (await box.request(`/e/${big.slug}/graph`, { headers: { 'accept-language': 'en' } })).text();
    expect(page).toContain(`only ${maxNodes} of its elements are shown`);
  });

  it('lists the network on its page without JavaScript, grouped by link, the second hop under each', async () => {
    const page = await (await box.request('/e/club-nature/graph', { headers: { 'accept-language': 'en' } })).text();
    expect(page).toMatch(/<h3>Organizes \(1\)<\/h3>\s*<ul><li data-hop="1"><a href="\/e\/balade-publique"/);
    expect(page).toMatch(/<span class="kind">Organized by: <\/span>\s*<a href="\/e\/amis-du-club"/);
    expect(page).not.toContain('Projet secret');
    expect(page).toContain(`data-graph="/api/v1/elements/${ids.club}/graph?hops=2"`);
    const element = await (await box.request('/e/club-nature')).text();
    expect(element).toContain('href="/e/club-nature/graph"');
  });
});
