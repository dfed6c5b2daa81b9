// An element's network up to two hops, as nodes and edges for the drawing and the list. Every node is an
// element the viewer may see (neighboursOf applies the visibility rule), every edge joins two kept nodes,
// and a large network is cut to `maxNodes`: the direct links first (organizers and parents before members,
// followers last), then the second hop taken in turns from each direct neighbour, so no single hub fills it.
import type { Db } from '../core/db/database.ts';
import type { Viewer } from '../permissions/visibility.ts';
import type { Element, ElementType } from '../elements/model.ts';
import type { LinkKind } from '../links/storage.ts';
import { neighboursOf, type Neighbour } from './storage.ts';

export interface GraphNode {
  id: string;
  name: string;
  type: ElementType;
  slug: string;
  /** 0: the element itself; 1: linked to it; 2: linked to one of those. */
  hop: 0 | 1 | 2;
}

export interface GraphEdge {
  from: string;
  to: string;
  kind: LinkKind;
}

export interface Graph {
  nodes: GraphNode[];
  edges: GraphEdge[];
  /** True when the network had more than was kept. */
  truncated: boolean;
}

export const maxNodes = 150;
/** Direct links read at most (per direction); more than the cap, since one element may be linked twice. */
const directLimit = 400;
/** Second-hop links read per direct neighbour and direction. */
const secondHopLimit = 12;

const kindRank: Record<LinkKind, number> = { organizer: 0, parent: 1, member: 2, contributor: 3, attendee: 4, follows: 5 };

export function elementGraph(db: Db, viewer: Viewer | null, center: Pick<Element, 'id' | 'name' | 'type' | 'slug'>, hops: 1 | 2, cap = maxNodes): Graph {
  const nodes = new Map<string, GraphNode>([[center.id, { id: center.id, name: center.name, type: center.type, slug: center.slug, hop: 0 }]]);
  const found: Neighbour[] = [];
  const direct = neighboursOf(db, viewer, center.id, directLimit);
  let truncated = !direct.full;
  found.push(...direct.items);
  for (const link of [...direct.items].sort((a, b) => kindRank[a.kind] - kindRank[b.kind])) {
    if (nodes.has(link.id)) continue;
    if (nodes.size >= cap) { truncated = true; break; }
    nodes.set(link.id, { id: link.id, name: link.name, type: link.type, slug: link.slug, hop: 1 });
  }

  if (hops === 2) {
    const firstHop = [...nodes.values()].filter((node) => node.hop === 1);
    const queues = firstHop.map((node) => {
      const around = neighboursOf(db, viewer, node.id, secondHopLimit, center.id);
      if (!around.full) truncated = true;
      found.push(...around.items);
      return around.items.sort((a, b) => kindRank[a.kind] - kindRank[b.kind]);
    });
    // In turns: the first new neighbour of each direct neighbour, then the second of each...
    for (let turn = 0; turn < secondHopLimit * 2; turn++) {
      for (const queue of queues) {
        const link = queue[turn];
        if (!link || nodes.has(link.id)) continue;
        if (nodes.size >= cap) { truncated = true; continue; }
        nodes.set(link.id, { id: link.id, name: link.name, type: link.type, slug: link.slug, hop: 2 });
      }
    }
  }

  const edges = new Map<string, GraphEdge>();
  for (const link of found) {
    if (!nodes.has(link.fromId) || !nodes.has(link.toId)) continue;
    edges.set(`${link.fromId} ${link.toId} ${link.kind}`, { from: link.fromId, to: link.toId, kind: link.kind });
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()], truncated };
}
