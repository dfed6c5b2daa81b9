// Demo mutual aid: needs and offers across services, skills and things to lend, in the demo communes, several of
// which answer each other so the demo shows matches (one offer is for the box's members only). Called inside the
// demo seed's transaction; the entries go with the demo content, their matches with deleteDemoAid. No demo note in
// their descriptions: the same words in every entry would read as words in common.
import type { Deps } from '../deps.ts';
import { findElement, insertElement, uniqueSlug, type ElementRecord } from '../elements/storage.ts';
import { addLink, creatorLinkKind } from '../links/storage.ts';
import { loadDemoTerritory } from '../demo/territory.ts';
import { proposeMatches } from './matching.ts';

interface DemoEntry {
  kind: 'need' | 'offer';
  category: string;
  name: string;
  short: string;
  availability: string;
  insee: string;
  /** Index in the demo persons of who posts it. */
  by: number;
  /** Posted on behalf of the first demo organization. */
  forOrganization?: boolean;
  membersOnly?: boolean;
}

const entries: DemoEntry[] = [
  { kind: 'need', category: 'childcare', name: 'Garde de mes deux enfants le mercredi après-midi', short: 'Deux enfants de 6 et 9 ans, de 13 h à 18 h, à Dieulefit.', availability: 'Le mercredi', insee: '26114', by: 2 },
  { kind: 'offer', category: 'childcare', name: 'Je garde vos enfants le mercredi', short: 'Assistante maternelle retraitée, jeux et goûter compris.', availability: 'Mercredi et vacances scolaires', insee: '26114', by: 5 },
  { kind: 'need', category: 'transport', name: 'Transport pour aller au marché de Dieulefit le vendredi', short: 'Je ne conduis plus ; un aller-retour le vendredi matin m’aiderait beaucoup.', availability: 'Le vendredi matin', insee: '26373', by: 7 },
  { kind: 'offer', category: 'transport', name: 'Covoiturage vers Dieulefit le vendredi matin', short: 'Je descends au marché chaque vendredi, trois places libres.', availability: 'Le vendredi, départ 8 h 30', insee: '26056', by: 9 },
  { kind: 'need', category: 'tools', name: 'Besoin d’une débroussailleuse pour un week-end', short: 'Pour dégager un terrain en friche avant l’été.', availability: 'Un week-end de mai', insee: '26056', by: 11 },
  { kind: 'offer', category: 'tools', name: 'Prêt de débroussailleuse et de tronçonneuse', short: 'Outils de la ressourcerie, prêtés contre une caution symbolique.', availability: 'Du mardi au samedi', insee: '26356', by: 0, forOrganization: true },
  { kind: 'need', category: 'paperwork', name: 'Aide pour mon dossier de retraite', short: 'Des formulaires en ligne auxquels je ne comprends rien.', availability: 'En semaine', insee: '26111', by: 13 },
  { kind: 'offer', category: 'paperwork', name: 'Accompagnement aux démarches administratives', short: 'Ancienne secrétaire de mairie : dossiers de retraite, CAF, impôts.', availability: 'Le lundi et le jeudi', insee: '26056', by: 4, membersOnly: true },
  { kind: 'need', category: 'repairs', name: 'Réparer mon vélo électrique', short: 'Le moteur coupe dans les montées.', availability: 'Le soir après 18 h', insee: '26243', by: 15 },
  { kind: 'offer', category: 'repairs', name: 'Atelier de réparation de vélos le samedi', short: 'Venez réparer votre vélo avec nous, outils et conseils.', availability: 'Le samedi de 10 h à 12 h', insee: '26114', by: 3 },
  { kind: 'offer', category: 'computing', name: 'Initiation à l’informatique pour débutants', short: 'Courriels, photos, visio avec les petits-enfants.', availability: 'Le mardi après-midi', insee: '26101', by: 6 },
  { kind: 'offer', category: 'gardening', name: 'Conseils et coups de main au potager', short: 'Semis, paillage, arrosage économe.', availability: 'Le matin', insee: '26222', by: 8 },
];

export function seedDemoAid(deps: Deps, ids: { persons: string[]; organizations: string[]; projects: string[]; events: string[] }, now: Date): void {
  const { db } = deps;
  const communes = new Map(loadDemoTerritory().communes.map((commune) => [commune.insee, commune]));
  const expiresAt = new Date(now.getTime() + 90 * 86_400_000).toISOString();
  const posted = entries.map((entry, index) => {
    const commune = communes.get(entry.insee)!;
    const author = ids.persons[entry.by % ids.persons.length];
    // A few hundred metres from the commune's centre, the same for every fresh box.
    const offset = ((index % 5) - 2) * 0.003;
    const record: ElementRecord = {
      type: 'aid', kind: entry.kind, slug: uniqueSlug(db, entry.name), name: entry.name, shortDescription: entry.short,
      description: '', tags: [], street: '', postalCode: commune.postalCodes[0], communeInsee: commune.insee,
      locality: commune.name, lat: Math.round((commune.lat + offset) * 1e5) / 1e5, lon: Math.round((commune.lon - offset) * 1e5) / 1e5,
      visibility: entry.membersOnly ? 'members' : 'public', contactEmail: '', contactPhone: '', url: '', stage: null,
      startsAt: null, endsAt: null, allDay: false, parentId: null,
      category: entry.category, expiresAt, availability: entry.availability, communeSource: 'insee',
    };
    const id = insertElement(db, deps.box.boxId, record, author, true);
    addLink(db, { fromId: author, toId: id, kind: creatorLinkKind('aid'), isAdmin: true, isDemo: true });
    if (entry.forOrganization && ids.organizations[0]) addLink(db, { fromId: ids.organizations[0], toId: id, kind: 'organizer', isDemo: true });
    return { id, author };
  });
  // Matches as if each had just been posted; no one is told (the demo persons have no accounts).
  for (const { id, author } of posted) {
    proposeMatches(deps, { personId: author, username: '', isBoxAdmin: false }, findElement(db, id)!, { notify: false, isDemo: true });
  }
}
