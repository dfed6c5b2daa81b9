// Demo ads: a few classified ads of the demo territory (for sale, for rent, a job, things given away; one for
// members only, one sold, one in the name of the Ressourcerie) and one conversation about an ad. Called inside
// the demo seed's transaction; the ads are demo elements, removed with the rest of the demo content, and the
// conversation about one goes with them (deleteDemoMarketplace).
import type { Db } from '../core/db/database.ts';
import type { Deps } from '../deps.ts';
import { insertElement, setClosed, uniqueSlug, type ElementRecord } from '../elements/storage.ts';
import { addLink } from '../links/storage.ts';
import { deleteDemoConversations, insertConversation, insertMessage } from '../messages/store.ts';
import { loadDemoTerritory, type DemoCommune } from '../demo/territory.ts';

export interface DemoIds {
  persons: string[];
  organizations: string[];
  projects: string[];
  events: string[];
}

interface DemoAd {
  name: string; kind: 'sale' | 'rent' | 'job' | 'gift'; category: string; price?: number; currency?: 'EUR' | 'G1';
  commune: string; description: string; author: number; members?: boolean; sold?: boolean; byOrganization?: number;
}

const ads: DemoAd[] = [
  { name: 'Table de ferme en chêne', kind: 'sale', category: 'furniture', price: 180, commune: 'Bourdeaux', author: 2,
    description: 'Table de 2 m, 8 couverts, un peu marquée mais solide. À venir chercher.' },
  { name: 'Vélo à assistance électrique', kind: 'sale', category: 'sport', price: 650, commune: 'Dieulefit', author: 5,
    description: 'Batterie changée l’an dernier, idéal pour les côtes du plateau.' },
  { name: 'Broyeur de végétaux à louer', kind: 'rent', category: 'garden', price: 25, commune: 'Crupies', author: 7,
    description: '25 € la journée, 40 € le week-end. Notice et lunettes fournies.' },
  { name: 'Cueilleurs de lavande (juillet)', kind: 'job', category: 'work', commune: 'Vesc', author: 9,
    description: 'Trois semaines en juillet, logement possible sur place.' },
  { name: 'Chatons à donner', kind: 'gift', category: 'other', commune: 'Le Poët-Laval', author: 11,
    description: 'Trois chatons sevrés, propres, cherchent une maison.' },
  { name: 'Pots de miel de châtaignier', kind: 'sale', category: 'food', price: 8, currency: 'G1', commune: 'Bourdeaux', author: 13,
    description: 'Récolte de l’été, payable en Ğ1 ou en euros.' },
  { name: 'Poussette et siège auto (membres)', kind: 'sale', category: 'other', price: 60, commune: 'Dieulefit', author: 4, members: true,
    description: 'Annonce visible des seuls membres de la box.' },
  { name: 'Scie circulaire', kind: 'sale', category: 'electronics', price: 45, commune: 'Crupies', author: 6, sold: true,
    description: 'Vendue, merci à tous.' },
  { name: 'Meubles et vaisselle de réemploi', kind: 'gift', category: 'furniture', commune: 'Bourdeaux', author: 0, byOrganization: 0,
    description: 'La Ressourcerie donne ce qu’elle ne peut pas revendre : venez le samedi matin.' },
];

/** Seeds the demo ads and one conversation; `now` sets their expiry (60 days on). */
export function seedDemoMarketplace(deps: Deps, ids: DemoIds, now: Date): void {
  const { db } = deps;
  const communes = new Map(loadDemoTerritory().communes.map((commune) => [commune.name, commune]));
  const expiresAt = new Date(now.getTime() + 60 * 86_400_000).toISOString();
  const created = ads.map((ad, index) => {
    const commune = communes.get(ad.commune) ?? [...communes.values()][0];
    const author = ids.persons[ad.author % ids.persons.length];
    const id = insertElement(db, deps.box.boxId, record(db, ad, commune, index, expiresAt), author, true);
    addLink(db, { fromId: author, toId: id, kind: 'member', isAdmin: true, isDemo: true });
    if (ad.byOrganization !== undefined) addLink(db, { fromId: ids.organizations[ad.byOrganization], toId: id, kind: 'organizer', isDemo: true });
    if (ad.sold) setClosed(db, id, true);
    return { id, ad, author };
  });
  // A neighbour asks about the table; its author answers.
  const table = created[0];
  const buyer = ids.persons[(table.ad.author + 1) % ids.persons.length];
  const conversation = insertConversation(db, {
    authorId: buyer, recipientIds: [table.author], subjectId: table.id, title: table.ad.name,
    body: 'Bonjour, la table est-elle toujours disponible ? Je peux passer samedi avec une remorque.',
  });
  insertMessage(db, conversation, { authorId: table.author, body: 'Oui, samedi après 14 h, c’est parfait. Je suis à côté de la poste.' });
}

function record(db: Db, ad: DemoAd, commune: DemoCommune, index: number, expiresAt: string): ElementRecord {
  const shift = ((index % 5) - 2) * 0.002;
  return {
    type: 'classified', kind: ad.kind, slug: uniqueSlug(db, ad.name), name: ad.name, shortDescription: '',
    description: `${ad.description}\n\n_Contenu de démonstration : un administrateur peut le retirer._`, tags: [],
    street: '', postalCode: commune.postalCodes[0] ?? '', communeInsee: commune.insee, locality: commune.name,
    lat: Math.round((commune.lat + shift) * 1e5) / 1e5, lon: Math.round((commune.lon - shift) * 1e5) / 1e5,
    visibility: ad.members ? 'members' : 'public', contactEmail: '', contactPhone: '', url: '', stage: null,
    startsAt: null, endsAt: null, allDay: false, parentId: null,
    category: ad.category, priceCents: ad.price === undefined ? null : ad.price * 100, currency: ad.price === undefined ? null : (ad.currency ?? 'EUR'),
    expiresAt,
  };
}

/** Removes what of the marketplace's demo is not an element: the conversations about demo ads. */
export const deleteDemoMarketplace = (db: Db) => deleteDemoConversations(db);
