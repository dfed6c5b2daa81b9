// What people do with one-page sites: the admins of an organization or a project publish one, edit it and
// unpublish it; everyone reads a published site of a public element, always as an anonymous visitor would
// (public posts, public events, public members), so the site never shows what the box would hide from them;
// anyone writes to the element's admins through its contact form (app/messages/).
import { transaction } from '../core/db/database.ts';
import { AppError, forbidden, notFound } from '../core/errors.ts';
import { fieldError, parse } from '../core/validation.ts';
import type { Locale } from '../core/i18n/index.ts';
import type { Deps } from '../deps.ts';
import { accessTo, signedIn, type Viewer } from '../permissions/visibility.ts';
import { findElement, findElementBySlug, listLinkedElements } from '../elements/storage.ts';
import { withoutMembersOnlyFields } from '../elements/actions.ts';
import type { Element, ElementCardData } from '../elements/model.ts';
import { creatorLinkKind } from '../links/storage.ts';
import { wallPosts } from '../posts/actions.ts';
import type { PostView } from '../posts/model.ts';
import { eventOccurrences, type EventOccurrence } from '../agenda/events.ts';
import { contactElementAdmins } from '../messages/actions.ts';
import { allSections, contactFormSchema, onePageSchema, reservedSlugs, siteTypes, type OnePage, type Sections } from './model.ts';
import { findPageBySlug, findPageOfElement, insertPage, pageSlugTaken, updatePageRow, type PageRecord } from './storage.ts';

export interface SiteView {
  page: OnePage;
  /** As an anonymous visitor sees it (no members-only fields). */
  element: Element;
  canEdit: boolean;
  /** Not published (or its element not public): only its admins see it, as a preview. */
  isPreview: boolean;
}

export interface SiteContent {
  news: PostView[];
  events: EventOccurrence[];
  members: ElementCardData[];
  membersTotal: number;
}

const newsCount = 5;
const eventsCount = 6;
const membersCount = 24;

const isAdminOf = (deps: Deps, viewer: Viewer | null, elementId: string) => viewer !== null && accessTo(deps.db, viewer, elementId).isAdmin;

/** A site as this viewer may see it: published and public for everyone, else a preview for its element's admins; or null. */
export function readSite(deps: Deps, viewer: Viewer | null, slug: string): SiteView | null {
  const page = findPageBySlug(deps.db, slug);
  const element = page ? findElement(deps.db, page.elementId) : null;
  if (!page || !element) return null;
  const canEdit = isAdminOf(deps, viewer, element.id);
  const isPublic = page.published && accessTo(deps.db, null, element.id).canSee;
  if (!isPublic && !canEdit) return null;
  return { page, element: withoutMembersOnlyFields(element), canEdit, isPreview: !isPublic };
}

/** What the site's sections show, read as an anonymous visitor; sections turned off are not read. */
export function siteContent(deps: Deps, view: SiteView): SiteContent {
  const { element, page } = view;
  const now = new Date();
  const news = page.sections.news ? wallPosts(deps, null, element.id, undefined, newsCount).items : [];
  const events = page.sections.events
    ? eventOccurrences(deps.db, null, { from: now, to: new Date(now.getTime() + 366 * 86_400_000) },
      { element: element.id, limit: eventsCount, boxTimezone: deps.box.timezone }).occurrences
    : [];
  const members = page.sections.members
    ? listLinkedElements(deps.db, null, { direction: 'to', elementId: element.id, kinds: [creatorLinkKind(element.type)], limit: membersCount })
    : { items: [], total: 0 };
  return { news, events, members: members.items.filter((member) => member.type === 'person'), membersTotal: members.total };
}

/** The element a new site is for, checked: an organization or a project the viewer administers, without a site yet. */
export function siteOwner(deps: Deps, viewer: Viewer | null, elementSlug: string): Element {
  const admin = signedIn(viewer);
  const element = findElementBySlug(deps.db, elementSlug);
  if (!element || !accessTo(deps.db, admin, element.id).canSee) throw notFound('Element');
  if (!(siteTypes as readonly string[]).includes(element.type)) throw new AppError('bad_request', 'Only an organization or a project can have a one-page site');
  if (!isAdminOf(deps, admin, element.id)) throw forbidden('Only the admins of this organization or project can publish its site');
  return element;
}

function checkSlug(deps: Deps, slug: string, elementId: string) {
  if (reservedSlugs.has(slug)) throw fieldError('slug', 'This address is reserved');
  if (pageSlugTaken(deps.db, slug, elementId)) throw fieldError('slug', 'This address is already taken');
}

function record(elementId: string, input: ReturnType<typeof parseInput>, sections: Sections): PageRecord {
  const chosen = Object.fromEntries(Object.entries(input.sections).filter(([, on]) => on !== undefined)) as Partial<Sections>;
  return { elementId, slug: input.slug, layout: input.layout, colour: input.colour, published: input.published, sections: { ...sections, ...chosen } };
}

const parseInput = (input: unknown, locale: Locale) => parse(onePageSchema, input, locale);

export function createSite(deps: Deps, viewer: Viewer | null, elementSlug: string, input: unknown, locale: Locale = 'en'): OnePage {
  const element = siteOwner(deps, viewer, elementSlug);
  const data = parseInput(input, locale);
  return transaction(deps.db, () => {
    if (findPageOfElement(deps.db, element.id)) throw new AppError('conflict', 'This organization or project has a one-page site already');
    checkSlug(deps, data.slug, element.id);
    insertPage(deps.db, record(element.id, data, allSections));
    return findPageOfElement(deps.db, element.id)!;
  });
}

/** The site to edit: its element's admins only. */
export function editableSite(deps: Deps, viewer: Viewer | null, slug: string): SiteView {
  const admin = signedIn(viewer);
  const view = readSite(deps, admin, slug);
  if (!view) throw notFound('Site');
  if (!view.canEdit) throw forbidden('Only the admins of this organization or project can publish its site');
  return view;
}

/** Changes a site; fields left out keep their value (a form sends them all). */
export function updateSite(deps: Deps, viewer: Viewer | null, slug: string, input: unknown, locale: Locale = 'en'): OnePage {
  const { page } = editableSite(deps, viewer, slug);
  const merged = typeof input === 'object' && input !== null
    ? { slug: page.slug, layout: page.layout, colour: page.colour, published: page.published, ...input }
    : input;
  const data = parseInput(merged, locale);
  return transaction(deps.db, () => {
    checkSlug(deps, data.slug, page.elementId);
    updatePageRow(deps.db, record(page.elementId, data, page.sections));
    return findPageOfElement(deps.db, page.elementId)!;
  });
}

/**
 * A message through the site's contact form to the element's admins (a conversation in their inbox, with a
 * notification). A signed-in visitor writes as themselves; anyone else gives a name and how to answer them.
 */
export function contactSite(deps: Deps, viewer: Viewer | null, slug: string, input: unknown, locale: Locale = 'en'): { conversationId: string } {
  const view = readSite(deps, viewer, slug);
  if (!view || view.isPreview || !view.page.sections.contact) throw notFound('Site');
  const form = parse(contactFormSchema, input, locale);
  return contactElementAdmins(deps, { fromViewer: viewer, authorName: form.authorName, replyTo: form.replyTo, elementId: view.element.id, body: form.body }, locale);
}
