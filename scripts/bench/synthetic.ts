// The bench's box: 100,000 synthetic elements (every type and kind) with tags and links, written
// through the app's own storage functions so the rows look exactly like the ones the box writes.
// Content is deterministic (seeded PRNG); event dates are anchored on the first day of the month
// of the build, so "upcoming" stays upcoming: the cache key includes that month.
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openBoxDatabase, sql, transaction } from '../../app/core/db/database.ts';
import { loadBoxSettings } from '../../app/box/settings.ts';
import { seededRandom, seedTerritory } from '../../app/demo/seed.ts';
import { loadDemoTerritory, type DemoCommune } from '../../app/demo/territory.ts';
import { insertElement, type ElementRecord } from '../../app/elements/storage.ts';
import { addLink, type LinkKind } from '../../app/links/storage.ts';
import { kindsByType, projectStages, type ElementType } from '../../app/elements/model.ts';
import { addSyntheticPosts } from './synthetic-posts.ts';

export const elementCount = 100_000;

export interface DatasetStats {
  elements: number;
  byType: Record<string, number>;
  inTerritory: number;
  public: number;
  links: number;
  posts: number;
  tags: number;
  upcomingEvents: number;
  dbBytes: number;
  anchor: string;
  buildSeconds: number;
}

export interface CachedDataset {
  path: string;
  stats: DatasetStats;
  fromCache: boolean;
  /** Seconds spent here: the build, or only the cache look-up. */
  seconds: number;
}

const root = join(import.meta.dirname, '../..');

/**
 * Files whose change rebuilds the cached database: this generator, the territory and (below) every migration.
 * Not the storage modules: they change often and rarely change the rows; `npm run bench -- --rebuild` forces a build.
 */
const sourcesOfTheDataset = ['scripts/bench/synthetic.ts', 'scripts/bench/synthetic-posts.ts', 'app/demo/territory.json'];

export function datasetKey(anchor: string): string {
  const hash = createHash('sha256').update(`${elementCount}|${anchor}`);
  const migrations = join(root, 'app/core/db/migrations');
  const files = [...sourcesOfTheDataset, ...readdirSync(migrations).sort().map((file) => `app/core/db/migrations/${file}`)];
  for (const file of files) hash.update(file).update(readFileSync(join(root, file)));
  return hash.digest('hex').slice(0, 16);
}

/** The first day (UTC) of the current month: events are placed around it. */
export const currentAnchor = (now = new Date()) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1)).toISOString().slice(0, 10);

/** The cached database for this generator, built first when missing (or when `rebuild` is set). */
export function ensureDataset(cacheDir: string, options: { rebuild?: boolean; log?: (line: string) => void } = {}): CachedDataset {
  const started = performance.now();
  const anchor = currentAnchor();
  const key = datasetKey(anchor);
  const path = join(cacheDir, `copi-${key}.db`);
  const statsPath = join(cacheDir, `copi-${key}.json`);
  if (!options.rebuild && existsSync(path) && existsSync(statsPath)) {
    return { path, stats: JSON.parse(readFileSync(statsPath, 'utf8')), fromCache: true, seconds: (performance.now() - started) / 1000 };
  }
  mkdirSync(cacheDir, { recursive: true });
  for (const file of readdirSync(cacheDir)) if (file.startsWith('copi-') || file.startsWith('building-')) rmSync(join(cacheDir, file), { force: true });
  options.log?.(`Building the synthetic box (${elementCount.toLocaleString('en')} elements) into ${cacheDir} ...`);
  const building = join(cacheDir, `building-${process.pid}.db`);
  for (const suffix of ['', '-wal', '-shm']) rmSync(building + suffix, { force: true });
  try {
    const stats = buildDataset(building, anchor);
    stats.buildSeconds = (performance.now() - started) / 1000;
    renameSync(building, path);
    writeFileSync(statsPath, JSON.stringify(stats, null, 2));
    return { path, stats, fromCache: false, seconds: stats.buildSeconds };
  } finally {
    for (const suffix of ['', '-wal', '-shm']) rmSync(building + suffix, { force: true });
  }
}

/** A working copy of the cached database as `<dataDir>/copi.db`, the file the server opens. */
export function copyDatasetTo(cachedPath: string, dataDir: string): string {
  mkdirSync(dataDir, { recursive: true });
  const target = join(dataDir, 'copi.db');
  copyFileSync(cachedPath, target);
  return target;
}

interface Place {
  communeInsee: string | null; postalCode: string; locality: string; lat: number | null; lon: number | null;
}

export function buildDataset(path: string, anchor: string): DatasetStats {
  const db = openBoxDatabase(path);
  // A throw-away file until it is renamed into the cache: no durability, a big page cache, no WAL.
  db.pragma('synchronous = OFF');
  db.pragma('journal_mode = MEMORY');
  db.pragma('cache_size = -262144');
  seedTerritory(db);
  const box = loadBoxSettings(db);
  const territory = loadDemoTerritory();
  const random = seededRandom(20261125);
  const gen = generators(random, territory.communes, Date.parse(`${anchor}T00:00:00Z`));

  // Types interleaved over the whole id range, so every list has old and new elements of its type.
  const types = Array.from({ length: elementCount }, (_, index) => typeAt(index));
  const ids: string[] = new Array(elementCount);
  const personIndexes: number[] = [];
  const eventIndexes: number[] = [];
  const organizationIndexes: number[] = [];
  const firstMs = Date.parse(`${anchor}T00:00:00Z`) - 3 * 365 * 86400_000;
  const stepMs = Math.floor((3 * 365 * 86400_000) / elementCount);

  const batch = 10_000;
  for (let start = 0; start < elementCount; start += batch) {
    transaction(db, () => {
      for (let index = start; index < Math.min(elementCount, start + batch); index++) {
        const type = types[index];
        const parentEvent = type === 'event' && eventIndexes.length > 50 && random() < 0.02 ? ids[gen.pickFrom(eventIndexes)] : null;
        const record = gen.record(type, index, parentEvent);
        const creator = personIndexes.length ? ids[gen.pickFrom(personIndexes)] : null;
        ids[index] = insertElement(db, box.boxId, record, type === 'person' ? null : creator, false, syntheticUuid(firstMs + index * stepMs, random));
        if (type === 'person') personIndexes.push(index);
        if (type === 'event') eventIndexes.push(index);
        if (type === 'organization') organizationIndexes.push(index);
      }
    });
  }

  const person = () => ids[gen.pickFrom(personIndexes)];
  const organization = () => ids[gen.pickFrom(organizationIndexes)];
  const link = (fromId: string, toId: string, kind: LinkKind, isAdmin = false, status: 'active' | 'requested' = 'active') =>
    addLink(db, { fromId, toId, kind, isAdmin, status });
  for (let start = 0; start < elementCount; start += batch) {
    transaction(db, () => {
      for (let index = start; index < Math.min(elementCount, start + batch); index++) {
        const id = ids[index];
        switch (types[index]) {
          case 'organization': {
            link(person(), id, 'member', true);
            // A few large associations, like a regional federation with hundreds of members.
            const members = random() < 0.005 ? 150 + Math.floor(random() * 150) : Math.floor(random() * 7);
            for (let m = 0; m < members; m++) link(person(), id, 'member');
            if (random() < 0.1) link(person(), id, 'member', false, 'requested');
            break;
          }
          case 'project': {
            link(person(), id, 'contributor', true);
            for (let m = Math.floor(random() * 5); m > 0; m--) link(person(), id, 'contributor');
            if (random() < 0.4) link(organization(), id, 'parent');
            break;
          }
          case 'event': {
            link(person(), id, 'attendee', true);
            if (random() < 0.6) link(organization(), id, 'organizer');
            for (let m = Math.floor(random() * 11); m > 0; m--) link(person(), id, 'attendee');
            break;
          }
          case 'poi':
            link(person(), id, 'member', true);
            break;
          case 'person':
            // Follows: people follow what they care about.
            for (let f = Math.floor(random() * 3); f > 0; f--) link(id, ids[Math.floor(random() * elementCount)], 'follows');
            break;
        }
      }
    });
  }

  addSyntheticPosts(db, random, Date.parse(`${anchor}T00:00:00Z`), (ms) => syntheticUuid(ms, random));

  const count = (query: string) => (sql(db, query).get() as { n: number }).n;
  const byType = Object.fromEntries(
    (db.prepare('SELECT type, count(*) AS n FROM elements GROUP BY type ORDER BY type').all() as { type: string; n: number }[])
      .map((row) => [row.type, row.n]),
  );
  const stats: DatasetStats = {
    elements: count('SELECT count(*) AS n FROM elements'),
    byType,
    inTerritory: count('SELECT count(*) AS n FROM elements WHERE commune_insee IN (SELECT insee FROM communes)'),
    public: count("SELECT count(*) AS n FROM elements WHERE visibility = 'public'"),
    links: count('SELECT count(*) AS n FROM links'),
    posts: count('SELECT count(*) AS n FROM posts'),
    tags: count('SELECT count(*) AS n FROM element_tags'),
    upcomingEvents: (sql(db, "SELECT count(*) AS n FROM elements WHERE type = 'event' AND starts_at >= ?").get(`${anchor}T00:00:00Z`) as { n: number }).n,
    dbBytes: 0,
    anchor,
    buildSeconds: 0,
  };
  db.pragma('journal_mode = WAL');
  db.close();
  stats.dbBytes = statSync(path).size;
  return stats;
}

/** 30 % persons, 15 % organizations, 10 % projects, 25 % events, 20 % points of interest. */
function typeAt(index: number): ElementType {
  const slot = (index * 7919) % 20;
  return slot < 6 ? 'person' : slot < 9 ? 'organization' : slot < 11 ? 'project' : slot < 16 ? 'event' : 'poi';
}

/** A UUIDv7 at a chosen instant, its random bits from the seeded PRNG. */
function syntheticUuid(ms: number, random: () => number): string {
  const hex = (digits: number) => Array.from({ length: digits }, () => Math.floor(random() * 16).toString(16)).join('');
  const time = ms.toString(16).padStart(12, '0');
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${hex(3)}-${(8 + Math.floor(random() * 4)).toString(16)}${hex(3)}-${hex(12)}`;
}

function generators(random: () => number, communes: DemoCommune[], anchorMs: number) {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const pickFrom = (list: number[]) => list[Math.floor(random() * list.length)];
  const round = (value: number) => Math.round(value * 1e5) / 1e5;
  const chance = (p: number) => random() < p;

  const place = (withPosition: boolean): Place => {
    const roll = random();
    if (roll < 0.25) {
      const commune = pick(communes);
      return { communeInsee: commune.insee, postalCode: commune.postalCodes[0], locality: commune.name,
        lat: withPosition ? round(commune.lat + (random() - 0.5) * 0.02) : null, lon: withPosition ? round(commune.lon + (random() - 0.5) * 0.028) : null };
    }
    if (roll < 0.9) {
      const [locality, postalCode, lat, lon] = pick(cities);
      return { communeInsee: null, postalCode, locality,
        lat: withPosition ? round(lat + (random() - 0.5) * 0.12) : null, lon: withPosition ? round(lon + (random() - 0.5) * 0.16) : null };
    }
    // Anywhere in mainland France, with no known locality.
    return { communeInsee: null, postalCode: '', locality: '',
      lat: withPosition ? round(43.2 + random() * 7.6) : null, lon: withPosition ? round(-1.6 + random() * 8.6) : null };
  };

  const tags = () => {
    const list = new Set<string>();
    for (let n = Math.floor(random() * 5); n > 0; n--) list.add(pick(tagWords));
    return [...list];
  };
  const description = () => {
    const parts: string[] = [];
    for (let n = 1 + Math.floor(random() * 5); n > 0; n--) parts.push(pick(sentences));
    let text = parts.join(' ');
    if (chance(0.3)) text += `\n\n- ${pick(sentences)}\n- ${pick(sentences)}\n- **${pick(tagWords)}**`;
    if (chance(0.2)) text += `\n\nPlus d’infos : https://exemple.org/${Math.floor(random() * 10_000)}`;
    return text;
  };
  const visibility = (): ElementRecord['visibility'] => (chance(0.9) ? 'public' : chance(0.6) ? 'members' : 'private');
  const phone = () => `0${1 + Math.floor(random() * 5)} ${Array.from({ length: 4 }, () => String(Math.floor(random() * 100)).padStart(2, '0')).join(' ')}`;
  const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

  const record = (type: ElementType, index: number, parentEvent: string | null): ElementRecord => {
    const where = place(type === 'person' ? chance(0.3) : chance(0.95));
    const town = where.locality || 'France';
    let name: string;
    let kind: string | null = null;
    let stage: string | null = null;
    let startsAt: string | null = null;
    let endsAt: string | null = null;
    let allDay = false;
    switch (type) {
      case 'person':
        name = `${pick(firstNames)} ${pick(lastNames)}`;
        break;
      case 'organization':
        kind = pick(kindsByType.organization);
        name = kind === 'public_body' ? `${pick(publicBodies)} de ${town}` : kind === 'business' ? `${pick(businesses)} ${pick(lastNames)}`
          : `${pick(kind === 'group' ? groups : associations)} ${pick(themes)} de ${town}`;
        break;
      case 'project':
        stage = pick(projectStages);
        name = `${pick(projectNouns)} ${pick(themes)} – ${town}`;
        break;
      case 'event': {
        kind = pick(kindsByType.event);
        name = `${pick(eventNouns)} ${pick(themes)} à ${town}`;
        // From 18 months ago to a year ahead of the anchor.
        const day = chance(0.4) ? Math.floor(random() * 365) : -1 - Math.floor(random() * 545);
        const start = anchorMs + day * 86400_000 + (8 + Math.floor(random() * 13)) * 3600_000 + (chance(0.5) ? 1800_000 : 0);
        allDay = chance(0.1);
        startsAt = iso(start);
        endsAt = chance(0.8) ? iso(start + (allDay ? (1 + Math.floor(random() * 3)) * 86400_000 : (1 + Math.floor(random() * 6)) * 3600_000)) : null;
        break;
      }
      case 'poi':
        kind = pick(kindsByType.poi);
        name = `${pick(poiNouns)} ${pick(['du', 'de la', 'des'])} ${pick(poiPlaces)}, ${town}`;
        break;
      default:
        throw new Error(`No synthetic ${type} yet`);
    }
    const slugBase = name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60);
    const isPerson = type === 'person';
    return {
      type, kind, slug: `${slugBase}-${index.toString(36)}`, name,
      shortDescription: isPerson && chance(0.5) ? '' : pick(sentences), description: isPerson && chance(0.6) ? '' : description(),
      tags: tags(), street: !isPerson && where.locality && chance(0.7) ? `${1 + Math.floor(random() * 80)} ${pick(streets)}` : '',
      postalCode: where.postalCode, communeInsee: where.communeInsee, locality: where.locality, lat: where.lat, lon: where.lon,
      visibility: isPerson ? (chance(0.7) ? 'public' : chance(0.85) ? 'members' : 'private') : visibility(),
      contactEmail: chance(0.5) ? `contact${index}@exemple.org` : '', contactPhone: chance(0.4) ? phone() : '',
      url: !isPerson && chance(0.3) ? `https://exemple.org/${slugBase.slice(0, 30)}` : '', stage, startsAt, endsAt, allDay,
      parentId: parentEvent,
    };
  };
  return { record, pickFrom };
}

// Locality, postal code, latitude, longitude.
const cities: [string, string, number, number][] = [
  ['Paris', '75001', 48.8566, 2.3522], ['Lyon', '69001', 45.764, 4.8357], ['Marseille', '13001', 43.2965, 5.3698],
  ['Toulouse', '31000', 43.6047, 1.4442], ['Nice', '06000', 43.7102, 7.262], ['Nantes', '44000', 47.2184, -1.5536],
  ['Strasbourg', '67000', 48.5734, 7.7521], ['Montpellier', '34000', 43.6108, 3.8767], ['Bordeaux', '33000', 44.8378, -0.5792],
  ['Lille', '59000', 50.6292, 3.0573], ['Rennes', '35000', 48.1173, -1.6778], ['Reims', '51100', 49.2583, 4.0317],
  ['Grenoble', '38000', 45.1885, 5.7245], ['Dijon', '21000', 47.322, 5.0415], ['Angers', '49000', 47.4784, -0.5632],
  ['Nîmes', '30000', 43.8367, 4.3601], ['Clermont-Ferrand', '63000', 45.7772, 3.087], ['Le Mans', '72000', 48.0061, 0.1996],
  ['Aix-en-Provence', '13100', 43.5297, 5.4474], ['Brest', '29200', 48.3904, -4.4861], ['Tours', '37000', 47.3941, 0.6848],
  ['Limoges', '87000', 45.8336, 1.2611], ['Amiens', '80000', 49.894, 2.2958], ['Perpignan', '66000', 42.6887, 2.8948],
  ['Metz', '57000', 49.1193, 6.1757], ['Besançon', '25000', 47.2378, 6.0241], ['Orléans', '45000', 47.9029, 1.9093],
  ['Rouen', '76000', 49.4432, 1.0999], ['Caen', '14000', 49.1829, -0.3707], ['Nancy', '54000', 48.6921, 6.1844],
  ['Avignon', '84000', 43.9493, 4.8055], ['Valence', '26000', 44.9334, 4.8924], ['Montélimar', '26200', 44.5581, 4.7509],
  ['Crest', '26400', 44.7283, 5.0222], ['Die', '26150', 44.7536, 5.3703], ['Nyons', '26110', 44.3608, 5.1406],
  ['Annecy', '74000', 45.8992, 6.1294], ['Chambéry', '73000', 45.5646, 5.9178], ['Poitiers', '86000', 46.5802, 0.3404],
  ['La Rochelle', '17000', 46.1603, -1.1511], ['Pau', '64000', 43.2951, -0.3708], ['Bayonne', '64100', 43.4929, -1.4748],
  ['Ajaccio', '20000', 41.9192, 8.7386], ['Bastia', '20200', 42.6973, 9.4509], ['Saint-Étienne', '42000', 45.4397, 4.3872],
];

const firstNames = ['Camille', 'Lucas', 'Léa', 'Hugo', 'Chloé', 'Louis', 'Manon', 'Jules', 'Inès', 'Gabriel', 'Jade', 'Arthur',
  'Louise', 'Raphaël', 'Emma', 'Nathan', 'Alice', 'Théo', 'Lina', 'Paul', 'Zoé', 'Noé', 'Rose', 'Martin', 'Agathe', 'Simone',
  'Bernard', 'Odile', 'Yves', 'Mireille', 'Karim', 'Fatou', 'Yanis', 'Nour', 'Mathis', 'Sarah', 'Élise', 'Marius', 'Lou', 'Anaïs'];
const lastNames = ['Martin', 'Bernard', 'Roux', 'Faure', 'Blanc', 'Guérin', 'Chabert', 'Reynaud', 'Arnaud', 'Bonnet', 'Girard',
  'Morel', 'Fournier', 'Mercier', 'Brun', 'Chauvin', 'Vial', 'Jullien', 'Garnier', 'Rey', 'Lefèvre', 'Petit', 'Durand', 'Moreau',
  'Laurent', 'Simon', 'Michel', 'Leroy', 'Roussel', 'Benali', 'Nguyen', 'Diallo', 'Meyer', 'Dupuis', 'Colin', 'Barbier'];
const themes = ['du réemploi', 'des jardins partagés', 'du vélo', 'de la céramique', 'du cinéma', 'de la randonnée', 'des semences',
  'du numérique libre', 'de la musique', 'du théâtre', 'de l’entraide', 'des circuits courts', 'de la lecture', 'du patrimoine',
  'de l’énergie citoyenne', 'des familles', 'du compost', 'de la danse', 'des oiseaux', 'du pain', 'de la couture', 'des jeux'];
const associations = ['Association', 'Les Amis', 'Amicale', 'Collectif', 'Maison', 'Réseau', 'Comité'];
const groups = ['Groupe', 'Cercle', 'Atelier', 'Coopérative', 'Club'];
const businesses = ['Boulangerie', 'Épicerie', 'Librairie', 'Atelier', 'Café', 'Garage solidaire', 'Ferme', 'Brasserie'];
const publicBodies = ['Mairie', 'Médiathèque', 'École', 'Office de tourisme', 'Centre social', 'Maison de santé'];
const projectNouns = ['Chantier', 'Projet', 'Fabrique', 'Carte', 'Festival', 'Navette', 'Recyclerie', 'Fête', 'Verger'];
const eventNouns = ['Rencontre', 'Atelier', 'Soirée', 'Marché', 'Concert', 'Balade', 'Projection', 'Conférence', 'Troc', 'Stage'];
const poiNouns = ['Boîte à livres', 'Composteur', 'Fresque', 'Point de vue', 'Lavoir', 'Parking covoiturage', 'Four à pain', 'Jardin'];
const poiPlaces = ['centre', 'vieux bourg', 'quartier de la gare', 'pont', 'lavoir', 'moulin', 'château', 'marché', 'stade'];
const streets = ['rue du Bourg', 'place de l’Église', 'chemin des Vignes', 'avenue de la Gare', 'route de Bourdeaux', 'rue des Potiers',
  'impasse du Lavoir', 'boulevard Victor-Hugo', 'rue Jean-Jaurès', 'allée des Tilleuls'];
const tagWords = ['réemploi', 'zéro déchet', 'jardin', 'alimentation', 'vélo', 'réparation', 'culture', 'cinéma', 'musique',
  'randonnée', 'nature', 'tiers-lieu', 'numérique', 'mobilité', 'entraide', 'école', 'famille', 'mairie', 'lecture', 'patrimoine',
  'énergie', 'climat', 'santé', 'sport', 'théâtre', 'danse', 'artisanat', 'céramique', 'bio', 'circuit court', 'semences',
  'compost', 'jeunesse', 'seniors', 'solidarité', 'logement', 'emploi', 'formation', 'logiciel libre', 'fête', 'marché', 'eau',
  'forêt', 'apiculture', 'photographie', 'couture', 'jeux', 'langues', 'histoire', 'astronomie'];
const sentences = [
  'Ouvert à toutes et à tous, sans inscription.', 'Chacun apporte ce qu’il veut partager.', 'Une initiative portée par des bénévoles du territoire.',
  'Nous cherchons des volontaires pour la prochaine saison.', 'Accessible aux personnes à mobilité réduite.', 'Entrée libre, participation au chapeau.',
  'Le lieu est chauffé l’hiver et ombragé l’été.', 'Venez avec vos outils, nous fournissons le reste.', 'Les enfants sont les bienvenus, accompagnés.',
  'Un moment convivial pour se rencontrer entre voisins.', 'Les inscriptions se font sur place le jour même.', 'Le programme complet est affiché à la mairie.',
  'Cette action est soutenue par la communauté de communes.', 'Pensez au covoiturage depuis les villages voisins.', 'Un repas partagé clôt la journée.',
  'Les fonds récoltés financent le matériel commun.', 'Le groupe se retrouve chaque premier samedi du mois.', 'Nous publions un compte rendu après chaque réunion.',
  'Le projet a démarré grâce à un budget participatif.', 'Prêt de matériel possible sur simple demande.',
];
