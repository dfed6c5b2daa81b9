// Seeds an empty box with the demo territory and plausible, deterministic demo content,
// and removes that content again (one admin command). Demo rows carry is_demo = 1.
import { sql, transaction, type Db } from '../core/db/database.ts';
import type { Deps } from '../deps.ts';
import { insertElement, tombstoneElement, uniqueSlug, type ElementRecord } from '../elements/storage.ts';
import { addLink } from '../links/storage.ts';
import * as content from './content.ts';
import { insertCommunes, loadDemoTerritory, type DemoCommune } from './territory.ts';
import { seedDemoRooms } from '../rooms/demo.ts';
import { deleteDemoRooms } from '../rooms/storage.ts';
import { seedDemoPosts } from '../posts/demo.ts';
import { deleteDemoPosts } from '../posts/storage.ts';
import { deleteDemoMarketplace, seedDemoMarketplace } from '../marketplace/demo.ts';
import { deleteDemoNetmaps, seedDemoNetmaps } from '../netmaps/demo.ts';
import { deleteDemoOnepage, seedDemoOnepage } from '../onepage/demo.ts';
import { seedDemoAid } from '../aid/demo.ts';
import { deleteDemoAid } from '../aid/storage.ts';
import { seedDemoCoop } from '../coop/demo.ts';
import { deleteDemoCoop } from '../coop/storage.ts';

/** The first day on or after `start` that a demo rule gives (a Tuesday; a month's first Saturday). */
function firstDateOf(rrule: string | undefined, start: Date): Date {
  const day = new Date(start);
  const fits = (date: Date) => rrule === 'FREQ=WEEKLY;BYDAY=TU' ? date.getUTCDay() === 2
    : rrule === 'FREQ=MONTHLY;BYDAY=1SA' ? date.getUTCDay() === 6 && date.getUTCDate() <= 7 : true;
  while (!fits(day)) day.setUTCDate(day.getUTCDate() + 1);
  return day;
}

/** A small deterministic PRNG (mulberry32), so every fresh box gets the same demo. */
export function seededRandom(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const isDatabaseEmpty = (db: Db) => (sql(db, 'SELECT count(*) AS n FROM elements').get() as { n: number }).n === 0;

/** Communes of the demo territory are always loaded: they are the box's default territory. */
export function seedTerritory(db: Db) {
  transaction(db, () => insertCommunes(db, loadDemoTerritory()));
}

export function seedDemoContent(deps: Deps, now = new Date()): number {
  const { db } = deps;
  const territory = loadDemoTerritory();
  const random = seededRandom(42);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  const place = () => {
    const commune = pick(territory.communes);
    return { commune, lat: round(commune.lat + (random() - 0.5) * 0.01), lon: round(commune.lon + (random() - 0.5) * 0.014) };
  };
  const base = (type: ElementRecord['type'], name: string, where: { commune: DemoCommune; lat: number; lon: number }): ElementRecord => ({
    type, kind: null, slug: uniqueSlug(db, name), name, shortDescription: '', description: '', tags: [],
    street: '', postalCode: where.commune.postalCodes[0], communeInsee: where.commune.insee, locality: where.commune.name,
    lat: where.lat, lon: where.lon, visibility: 'public', contactEmail: '', contactPhone: '', url: '', stage: null,
    startsAt: null, endsAt: null, allDay: false, parentId: null,
  });

  return transaction(db, () => {
    const insert = (record: ElementRecord, createdBy: string | null) => insertElement(db, deps.box.boxId, record, createdBy, true);
    const link = (fromId: string, toId: string, kind: Parameters<typeof addLink>[1]['kind'], isAdmin = false, roles: string[] = []) =>
      addLink(db, { fromId, toId, kind, isAdmin, roles, isDemo: true });

    const persons = content.firstNames.map((first, index) => {
      const name = `${first} ${content.lastNames[index % content.lastNames.length]}`;
      const where = place();
      return insert({ ...base('person', name, where), shortDescription: 'Habitant·e du territoire (démo)', description: demoNote, lat: null, lon: null }, null);
    });

    const organizations = content.organizations.map((org, index) => {
      const where = place();
      const id = insert({
        ...base('organization', org.name, where), kind: org.kind, tags: org.tags, shortDescription: org.short,
        description: `${org.short}\n\n${demoNote}`, street: `${1 + Math.floor(random() * 40)} ${pick(streets)}`,
        contactEmail: `contact@${uniqueSlug(db, org.name).slice(0, 20)}.example`, contactPhone: `04 75 ${pad(random())} ${pad(random())} ${pad(random())}`,
      }, persons[index]);
      link(persons[index], id, 'member', true, ['président·e']);
      for (let m = 1; m <= 3; m++) link(persons[(index + m * 7) % persons.length], id, 'member');
      link(persons[(index + 3) % persons.length], id, 'follows');
      return id;
    });

    const projects = content.projects.map((project, index) => {
      const where = place();
      const creator = persons[(index * 3) % persons.length];
      const id = insert({ ...base('project', project.name, where), stage: project.stage, tags: project.tags,
        shortDescription: project.short, description: `${project.short}\n\n${demoNote}` }, creator);
      link(creator, id, 'contributor', true);
      link(persons[(index * 3 + 5) % persons.length], id, 'contributor');
      link(organizations[index % organizations.length], id, 'parent');
      return id;
    });

    const eventIds = content.events.map((event, index) => {
      const where = place();
      const organizer = organizations[index % organizations.length];
      const creator = persons[index % content.organizations.length];
      const start = firstDateOf(event.rrule, new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + event.dayOffset, event.hour - 1)));
      const id = insert({ ...base('event', event.name, where), kind: event.kind, tags: event.tags, shortDescription: event.short,
        description: `${event.short}\n\n${demoNote}`, startsAt: start.toISOString().replace('.000Z', 'Z'),
        endsAt: new Date(start.getTime() + event.hours * 3600_000).toISOString().replace('.000Z', 'Z'), allDay: event.allDay ?? false,
        rrule: event.rrule ?? null }, creator);
      link(creator, id, 'attendee', true);
      link(organizer, id, 'organizer');
      for (let a = 1; a <= 4; a++) link(persons[(index + a * 5) % persons.length], id, 'attendee');
      return id;
    });

    const poiIds = content.pois.map((poi, index) => {
      const where = place();
      const creator = persons[(index * 7) % persons.length];
      const id = insert({ ...base('poi', poi.name, where), kind: poi.kind, tags: poi.tags, shortDescription: poi.short, description: demoNote }, creator);
      link(creator, id, 'member', true);
      return id;
    });

    // The tiers-lieu and the salle des fêtes have rooms, booked by three associations.
    const poiNamed = (name: string) => poiIds[content.pois.findIndex((poi) => poi.name === name)];
    const booker = (index: number) => ({ organizationId: organizations[index], personId: persons[index] });
    seedDemoRooms(db, deps.box.timezone, now.getTime(), { tiersLieu: poiNamed('Tiers-lieu La Fabrique'), salleDesFetes: poiNamed('Salle des fêtes de Bourdeaux') },
      [booker(1), booker(2), booker(4)]);

    // A private working group and a members-only project show what visibility hides.
    const privateGroup = insert({ ...base('organization', 'Bureau de la Ressourcerie (privé)', place()), kind: 'group', visibility: 'private',
      shortDescription: 'Groupe de travail du bureau.', description: demoNote }, persons[0]);
    link(persons[0], privateGroup, 'member', true);
    const membersProject = insert({ ...base('project', 'Budget participatif 2027 (membres)', place()), stage: 'idea', visibility: 'members',
      shortDescription: 'Préparation interne.', description: demoNote }, persons[1]);
    link(persons[1], membersProject, 'contributor', true);

    const demoIds = { persons, organizations, projects, events: eventIds };
    seedDemoMarketplace(deps, demoIds, now);
    seedDemoNetmaps(deps, demoIds, now);
    seedDemoOnepage(deps, demoIds, now);
    seedDemoAid(deps, demoIds, now);
    seedDemoCoop(deps, demoIds, now);
    // The posts last: they are the newest items, so the live feed opens on the community's talk, not on the ads.
    seedDemoPosts(db, demoIds);

    return countDemo(db);
  });
}

export const countDemo = (db: Db) =>
  (sql(db, 'SELECT count(*) AS n FROM elements WHERE is_demo = 1 AND deleted_at IS NULL').get() as { n: number }).n;

/** Removes every demo element and link (tombstones kept for sync); returns how many elements went. */
export function removeDemoContent(db: Db): number {
  return transaction(db, () => {
    const ids = (sql(db, 'SELECT id FROM elements WHERE is_demo = 1 AND deleted_at IS NULL').all() as { id: string }[]).map((row) => row.id);
    sql(db, 'DELETE FROM links WHERE is_demo = 1').run();
    deleteDemoRooms(db);
    deleteDemoPosts(db);
    deleteDemoMarketplace(db);
    deleteDemoNetmaps(db);
    deleteDemoOnepage(db);
    deleteDemoAid(db);
    deleteDemoCoop(db);
    for (const id of ids) tombstoneElement(db, id);
    return ids.length;
  });
}

const demoNote = '_Contenu de démonstration : un administrateur peut le retirer._';
const streets = ['rue du Bourg', 'place de l’Église', 'chemin des Vignes', 'avenue de la Gare', 'route de Bourdeaux', 'rue des Potiers', 'impasse du Lavoir'];
const round = (value: number) => Math.round(value * 1e5) / 1e5;
const pad = (value: number) => String(Math.floor(value * 100)).padStart(2, '0');
