// The lists of linked elements an element page shows ("members", "organized events"...): which types
// have each, which links feed it, and how it is titled. The element page shows the first few of each;
// /e/:slug/linked/:section pages through all of them.
import type { MessageKey, Translate } from '../core/i18n/index.ts';
import type { Db } from '../core/db/database.ts';
import { creatorLinkKind } from '../links/storage.ts';
import type { Viewer } from '../permissions/visibility.ts';
import type { Element, ElementCardData, ElementType } from './model.ts';
import { listLinkedElements, type LinkedQuery } from './storage.ts';

interface Section {
  appliesTo: readonly ElementType[];
  direction: LinkedQuery['direction'];
  kinds: (type: ElementType) => LinkedQuery['kinds'];
  title: (t: Translate, type: ElementType) => string;
}

const joinable = ['organization', 'project', 'event'] as const;

export const sections = {
  organizers: { appliesTo: ['event'], direction: 'to', kinds: () => ['organizer'], title: (t) => t('element.organizers') },
  members: {
    appliesTo: joinable, direction: 'to', kinds: (type) => [creatorLinkKind(type)],
    title: (t, type) => t(`element.members.${type}` as MessageKey),
  },
  parents: { appliesTo: ['project'], direction: 'to', kinds: () => ['parent'], title: (t) => t('element.carriedBy') },
  projects: { appliesTo: ['organization'], direction: 'from', kinds: () => ['parent'], title: (t) => t('type.project.plural') },
  organized: { appliesTo: ['organization', 'project'], direction: 'from', kinds: () => ['organizer'], title: (t) => t('element.organizedEvents') },
  memberships: {
    appliesTo: ['person'], direction: 'from', kinds: () => ['member', 'contributor', 'attendee'], title: (t) => t('element.memberships'),
  },
} satisfies Record<string, Section>;

export type SectionName = keyof typeof sections;
export const isSectionName = (name: string): name is SectionName => Object.hasOwn(sections, name);

export interface SectionPage {
  name: SectionName;
  title: string;
  items: ElementCardData[];
  total: number;
}

/** One page of a section, or null when this element's type has no such section. */
export function sectionPage(db: Db, viewer: Viewer | null, t: Translate, element: Element, name: SectionName, limit: number, offset = 0): SectionPage | null {
  const section: Section = sections[name];
  if (!section.appliesTo.includes(element.type)) return null;
  const list = listLinkedElements(db, viewer, { direction: section.direction, elementId: element.id, kinds: section.kinds(element.type), limit, offset });
  return { name, title: section.title(t, element.type), ...list };
}

/** The first items of every section this element has. */
export function sectionsOf(db: Db, viewer: Viewer | null, t: Translate, element: Element, limit: number): SectionPage[] {
  return (Object.keys(sections) as SectionName[])
    .map((name) => sectionPage(db, viewer, t, element, name, limit))
    .filter((page): page is SectionPage => page !== null);
}
