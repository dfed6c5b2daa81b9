// Test fixtures: an organization with members, a room, and persons without accounts for bulk ballots.
import type { Db } from '../../core/db/database.ts';
import { insertElement, uniqueSlug, type ElementRecord } from '../../elements/storage.ts';
import { addLink } from '../../links/storage.ts';
import type { Viewer } from '../../permissions/visibility.ts';
import type { TestBox, Session } from '../../testing/test-box.ts';

export const record = (db: Db, type: ElementRecord['type'], name: string, visibility: ElementRecord['visibility'] = 'public'): ElementRecord => ({
  type, kind: type === 'organization' ? 'association' : null, slug: uniqueSlug(db, name), name, shortDescription: '', description: '', tags: [],
  street: '', postalCode: '', communeInsee: null, locality: '', lat: null, lon: null, visibility, contactEmail: '', contactPhone: '', url: '',
  stage: null, startsAt: null, endsAt: null, allDay: false, parentId: null,
});

/** Sets how the box knows the time, as app/setup/clock.ts would. */
export const setClock = (db: Db, source: 'network' | 'browser' | 'saved' | 'unknown') =>
  db.prepare('UPDATE box_clock SET source = ?, source_at = ? WHERE id = 1').run(source, new Date().toISOString());

/** Persons (no accounts) who are members of the element, as viewers for the actions. */
export function bulkMembers(box: TestBox, elementId: string, count: number): Viewer[] {
  const db = box.deps.db;
  return db.transaction(() => Array.from({ length: count }, (_, index) => {
    const id = insertElement(db, box.deps.box.boxId, record(db, 'person', `Votant ${index}`), null);
    addLink(db, { fromId: id, toId: elementId, kind: 'member' });
    return { personId: id, username: `votant${index}`, isBoxAdmin: false };
  }))();
}

export interface Space {
  admin: Session;
  members: Session[];
  outsider: Session;
  organizationId: string;
  slug: string;
  roomId: string;
}

/** An association created by `admin` through the API, `memberCount` registered members, an outsider, and a room. */
export async function createSpace(box: TestBox, prefix: string, memberCount = 2, visibility: 'public' | 'members' = 'public'): Promise<Space> {
  const admin = await box.register(`${prefix}-admin`);
  const created = await box.json('/api/v1/elements', 'POST', { type: 'organization', kind: 'association', name: `Asso ${prefix}`, visibility }, admin);
  if (created.status !== 201) throw new Error(`organization: ${created.status} ${await created.text()}`);
  const organization = (await created.json()) as { id: string; slug: string };
  const members: Session[] = [];
  for (let i = 0; i < memberCount; i++) {
    const member = await box.register(`${prefix}-m${i}`);
    addLink(box.deps.db, { fromId: member.personId, toId: organization.id, kind: 'member' });
    members.push(member);
  }
  const outsider = await box.register(`${prefix}-out`);
  const room = await box.json(`/api/v1/coop/spaces/${organization.id}/rooms`, 'POST', { name: 'Budget' }, admin);
  if (room.status !== 201) throw new Error(`room: ${room.status} ${await room.text()}`);
  return { admin, members, outsider, organizationId: organization.id, slug: organization.slug, roomId: ((await room.json()) as { id: string }).id };
}

/** A proposal put to the vote at once, closing in a day. */
export async function votingProposal(box: TestBox, space: Space, options: Record<string, unknown> = {}): Promise<string> {
  const created = await box.json('/api/v1/coop/proposals', 'POST', { roomId: space.roomId, title: 'Budget 2027', body: 'On achète une broyeuse.', ...options }, space.admin);
  if (created.status !== 201) throw new Error(`proposal: ${created.status} ${await created.text()}`);
  const { id } = (await created.json()) as { id: string };
  const closesAt = new Date(Date.now() + 86_400_000).toISOString();
  const voting = await box.json(`/api/v1/coop/proposals/${id}/voting`, 'POST', { closesAt }, space.admin);
  if (voting.status !== 200) throw new Error(`voting: ${voting.status} ${await voting.text()}`);
  return id;
}

/** Moves a vote's closing time into the past, as if time had passed. */
export const closingPassed = (db: Db, proposalId: string) =>
  db.prepare('UPDATE coop_proposals SET closes_at = ? WHERE id = ?').run(new Date(Date.now() - 60_000).toISOString(), proposalId);
