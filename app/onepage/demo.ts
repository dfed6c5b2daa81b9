// Demo one-page site: the shared gardens' association publishes its site.
import type { Deps } from '../deps.ts';
import { findElement } from '../elements/storage.ts';
import { allSections } from './model.ts';
import { deleteDemoPages, findPageBySlug, insertPage } from './storage.ts';

const demoOrganization = 'Les Jardins Partagés de Bourdeaux';

/** Writes the demo site; call inside the demo seed's transaction. */
export function seedDemoOnepage(deps: Deps, ids: { persons: string[]; organizations: string[]; projects: string[]; events: string[] }, _now: Date): void {
  const organization = ids.organizations.map((id) => findElement(deps.db, id)).find((element) => element?.name === demoOrganization)
    ?? (ids.organizations[0] ? findElement(deps.db, ids.organizations[0]) : null);
  if (!organization || findPageBySlug(deps.db, 'jardins-partages')) return;
  insertPage(deps.db, {
    elementId: organization.id, slug: 'jardins-partages', layout: 'banner', colour: '#2f6b2f', published: true, sections: allSections,
  }, true);
}

export const deleteDemoOnepage = deleteDemoPages;
