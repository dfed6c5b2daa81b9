// The page of one element: what it is, where, who is in it, what it organizes, and what the viewer may do.
import type { MessageKey } from '../core/i18n/index.ts';
import { formatDate } from '../core/i18n/index.ts';
import { findCommune } from '../zones/communes.ts';
import { renderMarkdown } from '../core/markdown.ts';
import type { Deps } from '../deps.ts';
import { html } from '../web/html.ts';
import { Csrf, Layout, type PageContext } from '../web/layout.ts';
import { accessTo } from '../permissions/visibility.ts';
import { creatorLinkKind, findLink, type Link } from '../links/storage.ts';
import { ElementList, kindLabel, pluralPath, typeLabel } from './components.ts';
import type { Element } from './model.ts';
import { countLinks, listLinkedElements, listVisibleElements } from './storage.ts';
import { sectionsOf, type SectionPage } from './sections.ts';
import { jsonLd } from './json-ld.ts';
import { AgendaSection } from '../agenda/event-section.ts';
import { PlaceRooms } from '../rooms/components.ts';
import { Wall, WallFeedLink } from '../posts/components.ts';
import { MediaAndLinks } from '../media/components.ts';
import { CommentThread } from '../comments/components.ts';
import { OpenReportsLink } from '../moderation/components.ts';
import { isModuleOn } from '../modules/modules.ts';
import { findPageOfElement } from '../onepage/storage.ts';
import { SourceFacts } from '../imports/attribution.ts';
import { boxName } from '../sync/further.ts';
import { detailsMissing } from '../sync/details.ts';

export function ElementPage({ ctx, deps, element }: { ctx: PageContext; deps: Deps; element: Element }) {
  const { t, viewer } = ctx;
  const access = accessTo(deps.db, viewer, element.id);
  const type = element.type;
  const sections = sectionsOf(deps.db, viewer, t, element, shownPerSection);
  const followers = countLinks(deps.db, element.id, 'follows');
  const joinable = type === 'organization' || type === 'project' || type === 'event';
  const requesters = joinable && access.isAdmin
    ? listLinkedElements(deps.db, viewer, { direction: 'to', elementId: element.id, kinds: [creatorLinkKind(type)], status: 'requested', limit: 100 })
    : { items: [], total: 0 };
  const subEvents = type === 'event' ? listVisibleElements(deps.db, viewer, { parentId: element.id }, null, 100).items : [];
  const myLink = viewer && element.type !== 'person' && element.type !== 'poi' ? findLink(deps.db, viewer.personId, element.id, creatorLinkKind(element.type)) : null;
  const following = viewer ? findLink(deps.db, viewer.personId, element.id, 'follows') : null;
  const communeRow = element.address.communeInsee ? findCommune(deps.db, element.address.communeInsee) : null;
  const commune = communeRow?.name;
  const map = element.position || communeRow?.outline
    ? { point: element.position ? [element.position.lat, element.position.lon] : null, label: element.name,
        outline: communeRow?.outline ?? null, attribution: 'IGN ADMIN EXPRESS' }
    : null;
  return html`<${Layout} ctx=${ctx} title=${element.name}
      head=${html`<script type="application/ld+json" dangerouslySetInnerHTML=${{ __html: jsonLd(element, deps.config.publicUrl) }} />
        <${WallFeedLink} ctx=${ctx} element=${element} />
        ${map ? html`<link rel="stylesheet" href="/assets/build/leaflet/leaflet.css" />
          <script defer src="/assets/build/leaflet/leaflet.js"></script><script defer src="/assets/zone-tiles.js"></script><script defer src="/assets/map.js"></script>` : null}`}>
    <article class="element">
      <p class="crumbs"><a href=${`/${pluralPath[element.type]}`}>${t(`type.${element.type}.plural` as MessageKey)}</a></p>
      <h1>${element.name}</h1>
      <p><span class="badge">${element.kind ? kindLabel(ctx, element.kind) : typeLabel(ctx, element.type)}</span>
        ${element.stage ? html` <span class="badge">${t(`stage.${element.stage}` as MessageKey)}</span>` : null}
        ${element.visibility !== 'public' ? html` <span class="badge private">${t(`visibility.${element.visibility}` as MessageKey)}</span>` : null}
        ${element.isDemo ? html` <span class="badge demo">${t('demo.badge')}</span>` : null}</p>
      ${element.origin.box !== deps.box.boxId ? html`<p class="from-box">${t('further.cardFrom', { box: boxName(deps.db, element.origin.box) })}</p>
        ${detailsMissing(deps.db, element.origin.box, element.id) ? html`<form method="post" action=${`/e/${element.slug}/details`} class="inline">
          <${Csrf} ctx=${ctx} /><button>${t('further.loadDetails', { box: boxName(deps.db, element.origin.box) })}</button></form>` : null}` : null}
      ${element.startsAt ? html`<p class="when">${formatDate(ctx.locale, element.startsAt, !element.allDay, element.timezone ?? ctx.timezone)}${element.endsAt ? html` → ${formatDate(ctx.locale, element.endsAt, !element.allDay, element.timezone ?? ctx.timezone)}` : null}</p>` : null}
      ${element.shortDescription ? html`<p class="lead">${element.shortDescription}</p>` : null}
      ${element.description ? html`<div class="prose" dangerouslySetInnerHTML=${{ __html: renderMarkdown(element.description) }} />` : null}
      ${element.tags.length ? html`<p class="tags">${element.tags.map((tag) => html`<a href=${`/${pluralPath[element.type]}?tag=${encodeURIComponent(tag)}`}>#${tag}</a> `)}</p>` : null}
      <dl class="facts">
        ${element.address.street || commune || element.address.locality ? html`<dt>${t('field.address')}</dt>
          <dd>${[element.address.street, element.address.postalCode].filter(Boolean).join(', ')}
            ${element.address.communeInsee
              ? html` <a href=${`/zones/commune:${element.address.communeInsee}`}>${commune ?? element.address.locality}</a>`
              : ` ${element.address.locality}`}</dd>` : null}
        ${element.position ? html`<dt>${t('field.position')}</dt><dd>${element.position.lat.toFixed(5)}, ${element.position.lon.toFixed(5)}</dd>` : null}
        ${element.contact && (element.contact.email || element.contact.phone) ? html`<dt>${t('field.contact')}</dt>
          <dd>${element.contact.email} ${element.contact.phone}</dd>` : null}
        ${element.url ? html`<dt>${t('field.url')}</dt><dd>${element.url}</dd>` : null}
        <${SourceFacts} ctx=${ctx} db=${deps.db} elementId=${element.id} />
        <dt>${t('element.followers')}</dt><dd>${followers}</dd>
      </dl>
      ${map ? html`<div class="map" data-map=${JSON.stringify(map)} role="img" aria-label=${t('element.mapLabel', { name: element.name })}></div>` : null}
      <${Actions} ctx=${ctx} element=${element} isAdmin=${access.isAdmin} myLink=${myLink} following=${following !== null} />
      <p class="graph-link"><a href=${`/e/${element.slug}/graph`}>${t('graph.link')}</a>
        <${GovernanceLinks} ctx=${ctx} deps=${deps} element=${element} isAdmin=${access.isAdmin} /></p>
      <${AgendaSection} ctx=${ctx} deps=${deps} element=${element} isAdmin=${access.isAdmin} />
      ${type === 'poi' ? html`<${PlaceRooms} ctx=${ctx} deps=${deps} place=${element} viewer=${viewer} />` : null}
      <${Wall} ctx=${ctx} deps=${deps} element=${element} />
      <${MediaAndLinks} ctx=${ctx} deps=${deps} element=${element} access=${access} />
      ${sections.map((section) => html`<${Linked} ctx=${ctx} element=${element} section=${section} />`)}
      ${subEvents.length ? html`<section><h2>${t('element.subEvents')}</h2><${ElementList} items=${subEvents} ctx=${ctx} /></section>` : null}
      ${requesters.total ? html`<section><h2>${t('element.requests')}</h2><ul>${requesters.items.map((person) => html`<li>${person.name}
          <form method="post" action=${`/e/${element.slug}/requests/${person.id}/approve`} class="inline"><${Csrf} ctx=${ctx} /><button>${t('element.approve')}</button></form>
          <form method="post" action=${`/e/${element.slug}/requests/${person.id}/decline`} class="inline"><${Csrf} ctx=${ctx} /><button class="secondary">${t('element.decline')}</button></form></li>`)}</ul></section>` : null}
      ${access.isAdmin ? html`<${OpenReportsLink} ctx=${ctx} deps=${deps} scopeId=${element.id} />` : null}
      ${type !== 'person' ? html`<${CommentThread} ctx=${ctx} deps=${deps} subject=${{ type: 'element', id: element.id }} back=${`/e/${element.slug}`} />` : null}
    </article>
  <//>`;
}

/** How many linked elements an element page shows per section; the API pages through all of them. */
const shownPerSection = 12;

function Linked({ ctx, element, section }: { ctx: PageContext; element: Element; section: SectionPage }) {
  if (section.total === 0) return null;
  const more = section.total - section.items.length;
  return html`<section><h2>${section.title} (${section.total})</h2><${ElementList} items=${section.items} ctx=${ctx} />
    ${more > 0 ? html`<p><a href=${`/e/${element.slug}/linked/${section.name}`}>${ctx.t('element.andMore', { count: more })}</a></p>` : null}</section>`;
}

function Actions({ ctx, element, isAdmin, myLink, following }: { ctx: PageContext; element: Element; isAdmin: boolean; myLink: Link | null; following: boolean }) {
  const { t, viewer } = ctx;
  if (!viewer) return html`<p class="actions"><a href=${`/login?next=/e/${element.slug}`}>${t('element.signInToJoin')}</a></p>`;
  const post = (path: string, label: string, cls = '') =>
    html`<form method="post" action=${`/e/${element.slug}/${path}`} class="inline"><${Csrf} ctx=${ctx} /><button class=${cls}>${label}</button></form>`;
  const joinable = element.type !== 'person' && element.type !== 'poi';
  return html`<div class="actions">
    ${element.id !== viewer.personId ? (following ? post('unfollow', t('element.unfollow'), 'secondary') : post('follow', t('element.follow'))) : null}
    ${joinable && !myLink ? post('join', t(element.type === 'event' ? 'element.attend' : 'element.join')) : null}
    ${joinable && myLink?.status === 'requested' ? html`<span class="badge">${t('element.requestPending')}</span>` : null}
    ${joinable && myLink?.status === 'invited' ? post('accept', t('element.acceptInvitation')) : null}
    ${joinable && myLink?.status === 'active' ? post('leave', t('element.leave'), 'secondary') : null}
    ${isAdmin && joinable ? html`<a class="button" href=${`/e/${element.slug}/invite`}>${t('element.invite')}</a>` : null}
    ${isAdmin && element.type === 'organization' ? html`<a class="button" href=${`/new/event?organizer=${element.id}`}>${t('new.event')}</a>` : null}
    ${isAdmin ? html`<a class="button" href=${`/e/${element.slug}/edit`}>${t('element.edit')}</a>` : null}
    ${isAdmin && element.type !== 'person' ? post('delete', t('element.delete'), 'danger') : null}
    <a href=${`/api/v1/elements/${element.id}/export`}>${t('element.exportJson')}</a>
  </div>`;
}


/** Organizations and projects: their cooperative space, and their one-page site (or, for admins, making one). */
function GovernanceLinks({ ctx, deps, element, isAdmin }: { ctx: PageContext; deps: Deps; element: Element; isAdmin: boolean }) {
  if (element.type !== 'organization' && element.type !== 'project') return null;
  const site = isModuleOn(deps.db, 'onepage') ? findPageOfElement(deps.db, element.id) : undefined;
  return html`${isModuleOn(deps.db, 'coop') ? html` · <a href=${`/coop/${element.slug}`}>${ctx.t('coop.link')}</a>` : null}
    ${site && site.published ? html` · <a href=${`/p/${site.slug}`}>${ctx.t('onepage.view')}</a>` : null}
    ${site && !site.published && isAdmin ? html` · <a href=${`/p/${site.slug}/edit`}>${ctx.t('onepage.view')}</a>` : null}
    ${site === null && isAdmin ? html` · <a href=${`/p/new?element=${element.slug}`}>${ctx.t('onepage.create')}</a>` : null}`;
}
