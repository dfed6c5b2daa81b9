// SQL for the network view: the active links of one element, each with the element at its other end,
// only where the viewer may see that element (the one visibility rule). No graph building here.
import { sql, type Db } from '../core/db/database.ts';
import { visibleSql, viewerParams, type Viewer } from '../permissions/visibility.ts';
import type { ElementType } from '../elements/model.ts';
import { linkKinds, type LinkKind } from '../links/storage.ts';

export interface Neighbour {
  /** The link as stored: `from` is a member, follower, organizer or parent of `to`. */
  fromId: string;
  toId: string;
  kind: LinkKind;
  /** The element at the other end. */
  id: string;
  name: string;
  type: ElementType;
  slug: string;
}

interface NeighbourRow {
  from_id: string; to_id: string; kind: string; id: string; name: string; type: ElementType; slug: string;
}

// One statement per direction, each a range of an index (links_to; the (from_id, to_id, kind) unique key).
const neighboursSql = (direction: 'to' | 'from', viewer: Viewer | null) => {
  const [self, other] = direction === 'to' ? ['to_id', 'from_id'] : ['from_id', 'to_id'];
  return `SELECT l.from_id, l.to_id, l.kind, e.id, e.name, e.type, e.slug
    FROM links l JOIN elements e ON e.id = l.${other}
    WHERE l.${self} = :id AND l.status = 'active' AND e.id <> :skip AND ${visibleSql('e', viewer)}
    LIMIT :limit`;
};

const isLinkKind = (kind: string): kind is LinkKind => (linkKinds as readonly string[]).includes(kind);

/**
 * The elements linked to `id` in both directions that the viewer may see, at most `limit` per direction
 * (`skip`: an element to leave out, the one we came from). `full` says whether a limit cut the list.
 */
export function neighboursOf(db: Db, viewer: Viewer | null, id: string, limit: number, skip = ''): { items: Neighbour[]; full: boolean } {
  const params = { ...viewerParams(viewer), id, skip, limit: limit + 1 };
  let full = true;
  const items: Neighbour[] = [];
  for (const direction of ['to', 'from'] as const) {
    const rows = sql(db, neighboursSql(direction, viewer)).all(params) as NeighbourRow[];
    if (rows.length > limit) full = false;
    for (const row of rows.slice(0, limit)) {
      if (isLinkKind(row.kind)) items.push({ fromId: row.from_id, toId: row.to_id, kind: row.kind, id: row.id, name: row.name, type: row.type, slug: row.slug });
    }
  }
  return { items, full };
}
