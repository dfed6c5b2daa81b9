// The network page /e/:slug/graph: a nested list grouped by link (direct links, and the second hop under
// each) that works without JavaScript, and above it a drawing graph.js makes from the JSON API.
import { Hono } from 'hono';
import type { AppEnv } from '../core/http/env.ts';
import { parse } from '../core/validation.ts';
import type { MessageKey } from '../core/i18n/index.ts';
import type { Deps } from '../deps.ts';
import { html } from '../web/html.ts';
import { Layout, type PageContext } from '../web/layout.ts';
import { pageContext, sendPage } from '../web/page.ts';
import { visibleBySlug } from '../elements/pages.ts';
import { elementTypes, type Element } from '../elements/model.ts';
import { typeLabel } from '../elements/components.ts';
import { elementGraph, type Graph, type GraphEdge, type GraphNode } from './graph.ts';
import { graphQuery } from './api.ts';

export function graphPages(deps: Deps) {
  const pages = new Hono<AppEnv>();

  pages.get('/e/:slug/graph', (c) => {
    const { hops } = parse(graphQuery, c.req.query(), c.get('locale'));
    const element = visibleBySlug(deps, c, c.req.param('slug'));
    const graph = elementGraph(deps.db, c.get('viewer'), element, hops);
    return sendPage(c, graphPage(pageContext(deps, c), element, graph, hops));
  });

  return pages;
}

/** How a neighbour relates to a node, as a group title: "Members" (linked to it), "Member of" (it is linked to). */
const relation = (edge: GraphEdge, nodeId: string): MessageKey =>
  `graph.${edge.to === nodeId ? 'to' : 'from'}.${edge.kind}` as MessageKey;

/** The neighbours of one node among `candidates`, grouped by relation, in the order the groups first appear. */
function groupsAround(graph: Graph, nodeId: string, candidates: Map<string, GraphNode>): Map<MessageKey, GraphNode[]> {
  const groups = new Map<MessageKey, GraphNode[]>();
  for (const edge of graph.edges) {
    if (edge.from !== nodeId && edge.to !== nodeId) continue;
    const other = candidates.get(edge.from === nodeId ? edge.to : edge.from);
    if (!other) continue;
    const key = relation(edge, nodeId);
    groups.set(key, [...(groups.get(key) ?? []), other]);
  }
  return groups;
}

function graphPage(ctx: PageContext, element: Element, graph: Graph, hops: 1 | 2) {
  const { t } = ctx;
  const byHop = (hop: number) => new Map(graph.nodes.filter((node) => node.hop === hop).map((node) => [node.id, node]));
  const firstHop = byHop(1);
  const secondHop = byHop(2);
  const groups = groupsAround(graph, element.id, firstHop);
  const title = t('graph.title', { name: element.name });
  const colon = ctx.locale === 'fr' ? '\u00a0: ' : ': ';
  const nodeLink = (node: GraphNode) => html`<a href=${`/e/${node.slug}`} data-node=${node.id}>${node.name}</a>`;
  return html`<${Layout} ctx=${ctx} title=${title}>
    <p class="crumbs"><a href=${`/e/${element.slug}`}>${t('graph.back', { name: element.name })}</a></p>
    <h1>${title}</h1>
    <p>${t('graph.explain', { name: element.name })}</p>
    <p class="actions">
      ${([1, 2] as const).map((n) => html`<a href=${`/e/${element.slug}/graph?hops=${n}`} aria-current=${n === hops ? 'page' : undefined}
        class=${n === hops ? 'button' : 'button secondary'}>${t(n === 1 ? 'graph.hops1' : 'graph.hops2')}</a> `)}
    </p>
    ${graph.truncated ? html`<p class="notice">${t('graph.truncated', { count: graph.nodes.length })}</p>` : null}
    <div class="graph" hidden data-graph=${`/api/v1/elements/${element.id}/graph?hops=${hops}`}
      role="group" aria-label=${t('graph.drawing', { name: element.name, count: graph.nodes.length })}
      data-zoom-in=${t('graph.zoomIn')} data-zoom-out=${t('graph.zoomOut')} data-fit=${t('graph.fit')}></div>
    <ul class="map-legend graph-legend" hidden aria-label=${t('graph.legend')}>
      ${elementTypes.map((type) => html`<li class=${`marker-${type}`}>${typeLabel(ctx, type)}</li>`)}
    </ul>
    <section class="graph-list">
      <h2>${t('graph.list')}</h2>
      ${groups.size === 0 ? html`<p>${t('graph.empty')}</p>` : null}
      ${[...groups].map(([key, nodes]) => html`<section data-relation=${key}>
        <h3>${t(key)} (${nodes.length})</h3>
        <ul>${nodes.map((node) => {
          const around = groupsAround(graph, node.id, secondHop);
          return html`<li data-hop="1">${nodeLink(node)}
            ${around.size ? html`<ul>${[...around].map(([aroundKey, others]) => html`<li data-hop="2"><span class="kind">${t(aroundKey)}${colon}</span>
              ${others.map((other, index) => html`${index ? ', ' : ''}${nodeLink(other)}`)}</li>`)}</ul>` : null}
          </li>`;
        })}</ul>
      </section>`)}
    </section>
    <script defer src="/assets/graph.js"></script>
  <//>`;
}
