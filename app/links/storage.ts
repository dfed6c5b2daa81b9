// SQL for links between persons (or organizer elements) and elements.
import { sql, type Db } from '../core/db/database.ts';
import { nowIso, nowMs } from '../core/time.ts';
import { hashSecret, newSecret, uuidv7 } from '../core/ids.ts';
import type { ElementType } from '../elements/model.ts';

export const linkKinds = ['member', 'contributor', 'attendee', 'follows', 'organizer', 'parent'] as const;
export type LinkKind = (typeof linkKinds)[number];
export type LinkStatus = 'active' | 'requested' | 'invited';

export interface Link {
  id: string;
  fromId: string;
  toId: string;
  kind: LinkKind;
  status: LinkStatus;
  isAdmin: boolean;
  roles: string[];
  invitedBy: string | null;
  createdAt: string;
}

interface LinkRow {
  id: string; from_id: string; to_id: string; kind: LinkKind; status: LinkStatus; is_admin: number; roles: string;
  invited_by: string | null; created_at: string;
}

const rowToLink = (row: LinkRow): Link => ({
  id: row.id, fromId: row.from_id, toId: row.to_id, kind: row.kind, status: row.status, isAdmin: row.is_admin === 1,
  roles: JSON.parse(row.roles), invitedBy: row.invited_by, createdAt: row.created_at,
});

/** How a person belongs to an element of this type: member of an organization, contributor to a project... */
export function creatorLinkKind(type: ElementType): LinkKind {
  return type === 'project' ? 'contributor' : type === 'event' ? 'attendee' : 'member';
}

export interface NewLink {
  fromId: string;
  toId: string;
  kind: LinkKind;
  status?: LinkStatus;
  isAdmin?: boolean;
  roles?: string[];
  invitedBy?: string | null;
  isDemo?: boolean;
}

/** Creates the link, or updates the existing one of the same kind (a request becoming active...). */
export function addLink(db: Db, link: NewLink): Link {
  const now = nowIso();
  sql(db, `INSERT INTO links (id, from_id, to_id, kind, status, is_admin, roles, invited_by, is_demo, created_at, updated_at)
    VALUES (:id, :from_id, :to_id, :kind, :status, :is_admin, :roles, :invited_by, :is_demo, :now, :now)
    ON CONFLICT (from_id, to_id, kind) DO UPDATE SET status = excluded.status, is_admin = max(is_admin, excluded.is_admin),
      invited_by = coalesce(excluded.invited_by, invited_by), updated_at = excluded.updated_at`).run({
    id: uuidv7(), from_id: link.fromId, to_id: link.toId, kind: link.kind, status: link.status ?? 'active',
    is_admin: link.isAdmin ? 1 : 0, roles: JSON.stringify(link.roles ?? []), invited_by: link.invitedBy ?? null,
    is_demo: link.isDemo ? 1 : 0, now,
  });
  return findLink(db, link.fromId, link.toId, link.kind)!;
}

export function findLink(db: Db, fromId: string, toId: string, kind: LinkKind): Link | null {
  const row = sql(db, 'SELECT * FROM links WHERE from_id = ? AND to_id = ? AND kind = ?').get(fromId, toId, kind) as LinkRow | undefined;
  return row ? rowToLink(row) : null;
}

export function removeLink(db: Db, fromId: string, toId: string, kind: LinkKind): boolean {
  return sql(db, 'DELETE FROM links WHERE from_id = ? AND to_id = ? AND kind = ?').run(fromId, toId, kind).changes > 0;
}

export function updateLinkRole(db: Db, fromId: string, toId: string, kind: LinkKind, change: { isAdmin?: boolean; roles?: string[] }) {
  sql(db, `UPDATE links SET is_admin = coalesce(:is_admin, is_admin), roles = coalesce(:roles, roles), updated_at = :now
    WHERE from_id = :from_id AND to_id = :to_id AND kind = :kind`).run({
    is_admin: change.isAdmin === undefined ? null : change.isAdmin ? 1 : 0, roles: change.roles ? JSON.stringify(change.roles) : null,
    now: nowIso(), from_id: fromId, to_id: toId, kind,
  });
}

export function linksTo(db: Db, toId: string): Link[] {
  return (sql(db, 'SELECT * FROM links WHERE to_id = ? ORDER BY created_at').all(toId) as LinkRow[]).map(rowToLink);
}

export function linksFrom(db: Db, fromId: string): Link[] {
  return (sql(db, 'SELECT * FROM links WHERE from_id = ? ORDER BY created_at').all(fromId) as LinkRow[]).map(rowToLink);
}

export function countAdmins(db: Db, toId: string): number {
  return (sql(db, "SELECT count(*) AS n FROM links WHERE to_id = ? AND is_admin = 1 AND status = 'active'").get(toId) as { n: number }).n;
}

export interface Invitation {
  elementId: string;
  linkKind: 'member' | 'contributor' | 'attendee';
  createdBy: string;
  expiresAt: string;
  revokedAt: string | null;
}

/** A new invitation link; returns the secret token, of which only the hash is stored. */
export function createInvitation(db: Db, elementId: string, linkKind: Invitation['linkKind'], createdBy: string, days = 30): string {
  const token = newSecret();
  const now = new Date(nowMs());
  sql(db, `INSERT INTO invitations (token_hash, element_id, link_kind, created_by, created_at, expires_at)
    VALUES (?, ?, ?, ?, ?, ?)`).run(hashSecret(token), elementId, linkKind, createdBy, now.toISOString(),
    new Date(now.getTime() + days * 86400_000).toISOString());
  return token;
}

export function findInvitation(db: Db, token: string): Invitation | null {
  const row = sql(db, 'SELECT * FROM invitations WHERE token_hash = ?').get(hashSecret(token)) as
    | { element_id: string; link_kind: Invitation['linkKind']; created_by: string; expires_at: string; revoked_at: string | null }
    | undefined;
  return row
    ? { elementId: row.element_id, linkKind: row.link_kind, createdBy: row.created_by, expiresAt: row.expires_at, revokedAt: row.revoked_at }
    : null;
}

/** The persons who administer an element (its active admins), to tell them of what happens there. */
export const adminsOf = (db: Db, elementId: string): string[] =>
  (sql(db, `SELECT l.from_id FROM links l JOIN elements p ON p.id = l.from_id AND p.type = 'person'
    WHERE l.to_id = ? AND l.status = 'active' AND l.is_admin = 1`).all(elementId) as { from_id: string }[]).map((row) => row.from_id);
