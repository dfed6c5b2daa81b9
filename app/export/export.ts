// Exports: a person's own data, one element, and the whole box as streamed JSON lines.
import { openDatabase } from '../core/db/database.ts';
import { idsCreatedBy } from '../elements/storage.ts';
import { forbidden, notFound } from '../core/errors.ts';
import type { Deps } from '../deps.ts';
import { findAccount, listApiTokens } from '../accounts/storage.ts';
import { readElement } from '../elements/actions.ts';
import { linksFrom, linksTo } from '../links/storage.ts';
import { signedIn, type Viewer } from '../permissions/visibility.ts';
import { commentsForExport } from '../comments/actions.ts';
import { postsOnWall, postsWrittenBy } from '../posts/export.ts';

/** Everything the box holds about the signed-in person (secrets excepted). */
export function exportMyData(deps: Deps, anyone: Viewer | null) {
  const viewer = signedIn(anyone);
  const account = findAccount(deps.db, viewer.personId)!;
  const created = idsCreatedBy(deps.db, viewer.personId)
    .map((id) => readElement(deps, viewer, id))
    .filter((element) => element !== null);
  return {
    exportedAt: new Date().toISOString(),
    box: { id: deps.box.boxId, name: deps.box.name },
    account: { username: account.username, isBoxAdmin: account.isBoxAdmin, locale: account.locale, createdAt: account.createdAt },
    person: readElement(deps, viewer, viewer.personId),
    links: linksFrom(deps.db, viewer.personId),
    linksToMe: linksTo(deps.db, viewer.personId),
    elementsCreated: created,
    comments: commentsForExport(deps, viewer),
    posts: postsWrittenBy(deps, viewer),
    apiTokens: listApiTokens(deps.db, viewer.personId),
  };
}

/** One element as JSON, with the links the viewer may see. */
export function exportElement(deps: Deps, viewer: Viewer | null, id: string) {
  const element = readElement(deps, viewer, id);
  if (!element) throw notFound('Element');
  const visibleLink = (otherId: string) => readElement(deps, viewer, otherId) !== null;
  return {
    exportedAt: new Date().toISOString(),
    element,
    links: linksTo(deps.db, id).filter((link) => link.status === 'active' && visibleLink(link.fromId)),
    linksFrom: linksFrom(deps.db, id).filter((link) => link.status === 'active' && visibleLink(link.toId)),
    posts: postsOnWall(deps, viewer, id),
  };
}

const boxTables = [
  { table: 'elements', columns: '*' },
  { table: 'links', columns: '*' },
  { table: 'accounts', columns: 'person_id, username, is_box_admin, locale, created_at' },
  { table: 'communes', columns: '*' },
  { table: 'posts', columns: '*' },
  { table: 'post_zones', columns: '*' },
  { table: 'post_tags', columns: '*' },
  { table: 'post_mentions', columns: '*' },
  { table: 'post_files', columns: '*' },
];

/**
 * The whole box for its admin, as JSON lines, read row by row from a separate read-only
 * connection so the stream never holds the box in memory nor blocks writers.
 * Secrets (password hashes, sessions, tokens) are never exported.
 */
export function* boxExportLines(deps: Deps, viewer: Viewer | null, dbPath: string): Generator<string> {
  if (!signedIn(viewer).isBoxAdmin) throw forbidden('Only a box admin can export the whole box');
  const reader = openDatabase(dbPath, { readonly: true, cacheKiB: 1024 });
  try {
    yield JSON.stringify({ kind: 'box', id: deps.box.boxId, name: deps.box.name, exportedAt: new Date().toISOString(), schema: reader.pragma('user_version', { simple: true }) }) + '\n';
    for (const { table, columns } of boxTables) {
      for (const row of reader.prepare(`SELECT ${columns} FROM ${table}`).iterate()) {
        yield JSON.stringify({ kind: table, ...(row as object) }) + '\n';
      }
    }
  } finally {
    reader.close();
  }
}
