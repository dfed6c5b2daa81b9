// Mutual aid figures: matching a new need against 20,000 offers spread over France (a quarter of them in the
// Drôme, the Ardèche and the Vaucluse, around the demo territory; a third placed by their commune only). The
// matching function itself, read-only (findMatches: candidates, distances, bm25, scores, reasons), for needs
// of several categories in the demo communes; beside it, in the same run, the same candidates query without
// the text similarity and a bare count on the category index.
// Alone: `node scripts/bench/aid.ts` prints the figures as JSON.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readConfig } from '../../app/core/config.ts';
import { openBoxDatabase, transaction } from '../../app/core/db/database.ts';
import { nowIso } from '../../app/core/time.ts';
import type { Deps } from '../../app/deps.ts';
import { loadBoxSettings } from '../../app/box/settings.ts';
import { seededRandom } from '../../app/demo/seed.ts';
import { insertElement, findElement, uniqueSlug } from '../../app/elements/storage.ts';
import { aidCategoryGroups } from '../../app/elements/model.ts';
import { addLink } from '../../app/links/storage.ts';
import { LiveNotifications } from '../../app/notifications/live.ts';
import { attachZoneDatabase } from '../../app/zones/communes.ts';
import { openZoneDb } from '../../app/zones/zone-db.ts';
import { findMatches, maxDistanceKm } from '../../app/aid/matching.ts';
import { matchCandidates } from '../../app/aid/storage.ts';
import { figure, type Figure } from './report.ts';
import { summarize, type Latency } from './load.ts';

export interface AidMatchingFigures {
  offers: number;
  /** Offers of the measured needs' categories within 60 km, on average: what the scoring reads. */
  nearbyPerNeed: number;
  matchesPerNeed: number;
  matching: Latency;
  /** Baselines: the candidates query alone (no text similarity, no scoring) and a bare count on the category index. */
  candidatesOnly: Latency;
  categoryCount: Latency;
}

const categories = [...aidCategoryGroups.services, ...aidCategoryGroups.skills, ...aidCategoryGroups.things, 'other'];
const words: Record<string, string[]> = {
  repairs: ['réparation', 'vélo', 'électroménager', 'chaudière', 'fuite', 'moteur', 'frein', 'lave-linge'],
  gardening: ['potager', 'arrosage', 'taille', 'haie', 'semis', 'verger', 'tonte', 'paillage'],
  transport: ['covoiturage', 'marché', 'gare', 'hôpital', 'courses', 'voiture', 'trajet', 'rendez-vous'],
  childcare: ['enfants', 'mercredi', 'garde', 'école', 'goûter', 'devoirs', 'vacances', 'sortie'],
  computing: ['ordinateur', 'courriel', 'imprimante', 'logiciel', 'photos', 'tablette', 'internet', 'sauvegarde'],
  tools: ['perceuse', 'débroussailleuse', 'tronçonneuse', 'échelle', 'bétonnière', 'scie', 'remorque', 'niveau'],
};
const common = ['aide', 'samedi', 'matin', 'soir', 'semaine', 'voisin', 'gratuit', 'village', 'conseils', 'coup de main'];

/** The needs measured: categories with their words, in communes of the demo territory. */
const needs = [
  { category: 'repairs', name: 'Réparer mon vélo électrique, le moteur coupe', insee: '26056' },
  { category: 'gardening', name: 'Arrosage du potager en août', insee: '26114' },
  { category: 'transport', name: 'Trajet vers la gare de Montélimar', insee: '26373' },
  { category: 'childcare', name: 'Garde des enfants le mercredi', insee: '26243' },
  { category: 'computing', name: 'Installer une imprimante sur mon ordinateur', insee: '26111' },
  { category: 'tools', name: 'Emprunter une débroussailleuse un samedi', insee: '26101' },
];

export async function aidMatchingBench(options: { offers?: number; samples?: number; warmup?: number } = {}): Promise<AidMatchingFigures> {
  const offers = options.offers ?? 20_000;
  const samples = options.samples ?? 200;
  const warmup = options.warmup ?? 20;
  const dir = mkdtempSync(join(tmpdir(), 'copi-bench-aid-'));
  const db = openBoxDatabase(join(dir, 'copi.db'));
  attachZoneDatabase(db);
  const deps: Deps = { db, config: readConfig({ COPI_DATA: dir }), box: loadBoxSettings(db), zones: openZoneDb(), live: new LiveNotifications() };
  try {
    const viewers = seedOffers(deps, offers);
    const needEntries = transaction(db, () => needs.map((need, index) => {
      const commune = deps.zones.findZone(`commune:${need.insee}`)!;
      const id = insertElement(db, deps.box.boxId, {
        ...blankRecord(), type: 'aid', kind: 'need', slug: uniqueSlug(db, need.name), name: need.name, category: need.category,
        communeInsee: need.insee, locality: commune.name, expiresAt: new Date(Date.now() + 90 * 86_400_000).toISOString(),
      }, viewers[index].personId);
      return findElement(db, id)!;
    }));

    const candidatesOf = (index: number) => {
      const entry = needEntries[index];
      const commune = deps.zones.findZone(`commune:${entry.address.communeInsee}`)!;
      const dLat = maxDistanceKm / 111.2;
      const dLon = maxDistanceKm / (111.2 * Math.cos((commune.lat! * Math.PI) / 180));
      return matchCandidates(db, viewers[index], {
        category: entry.category!, kind: 'offer', excludeId: entry.id, authorId: viewers[index].personId, now: nowIso(),
        box: { latMin: commune.lat! - dLat, latMax: commune.lat! + dLat, lonMin: commune.lon! - dLon, lonMax: commune.lon! + dLon },
      });
    };
    const runs = needEntries.length;
    const nearby = needEntries.reduce((sum, _, index) => sum + candidatesOf(index).length, 0);
    const matchCount = needEntries.reduce((sum, entry, index) => sum + findMatches(deps, viewers[index], entry).length, 0);
    let next = 0;
    const matching = measure(warmup, samples, () => {
      const index = next++ % runs;
      findMatches(deps, viewers[index], needEntries[index]);
    });
    const candidatesOnly = measure(warmup, samples, () => { candidatesOf(next++ % runs); });
    const count = db.prepare("SELECT count(*) FROM elements WHERE type = 'aid' AND category = ? AND kind = 'offer'").pluck();
    const categoryCount = measure(warmup, samples, () => { count.get(needEntries[next++ % runs].category); });
    return {
      offers, nearbyPerNeed: Math.round(nearby / runs), matchesPerNeed: Math.round((matchCount / runs) * 10) / 10,
      matching, candidatesOnly, categoryCount,
    };
  } finally {
    db.close();
    deps.zones.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

export function aidMatchingFigures(result: AidMatchingFigures): Figure[] {
  return [
    figure({
      id: 'aid_matching_p95', title: `Matching a new need against ${result.offers.toLocaleString('en')} offers (≈${result.nearbyPerNeed} of its category within 60 km), p95`,
      unit: 'ms', value: result.matching.p95Ms, baseline: result.candidatesOnly.p95Ms,
      baselineName: 'same needs, the candidates query alone (category index + 60 km box, no text similarity)', target: null,
      details: { matching: result.matching, candidatesOnly: result.candidatesOnly, categoryCount: result.categoryCount, matchesPerNeed: result.matchesPerNeed },
    }),
  ];
}

function measure(warmup: number, samples: number, run: () => void): Latency {
  for (let i = 0; i < warmup; i++) run();
  const latencies: number[] = [];
  const started = performance.now();
  for (let i = 0; i < samples; i++) {
    const start = performance.now();
    run();
    latencies.push(performance.now() - start);
  }
  return summarize(latencies, (performance.now() - started) / 1000);
}

const blankRecord = () => ({
  kind: null, slug: '', name: '', shortDescription: '', description: '', tags: [], street: '', postalCode: '', communeInsee: null,
  locality: '', lat: null, lon: null, visibility: 'public' as const, contactEmail: '', contactPhone: '', url: '', stage: null,
  startsAt: null, endsAt: null, allDay: false, parentId: null,
});

/** Offers by 200 persons, in random communes (a quarter near the demo territory), through the app's own insert. */
function seedOffers(deps: Deps, count: number) {
  const { db } = deps;
  const random = seededRandom(7);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)];
  const communes = db.prepare("SELECT code, name, lat, lon FROM zones.zones WHERE level = 'commune' AND lat IS NOT NULL").all() as { code: string; name: string; lat: number; lon: number }[];
  const nearDemo = communes.filter((commune) => /^(26|07|84)/.test(commune.code));
  const insertPerson = db.prepare(`INSERT INTO elements (id, type, slug, name, visibility, origin_box, origin_seq, created_at, updated_at)
    VALUES (:id, 'person', :slug, :name, 'members', 'bench', :seq, :now, :now)`);
  const expiresAt = new Date(Date.now() + 60 * 86_400_000).toISOString();
  return transaction(db, () => {
    const persons = Array.from({ length: 200 }, (_, index) => {
      const id = crypto.randomUUID();
      insertPerson.run({ id, slug: `bench-person-${index}`, name: `Personne ${index}`, seq: -1 - index, now: nowIso() });
      return { personId: id, username: `bench${index}`, isBoxAdmin: false };
    });
    for (let i = 0; i < count; i++) {
      const commune = random() < 0.25 ? pick(nearDemo) : pick(communes);
      const category = pick(categories);
      const vocabulary = words[category] ?? common;
      const name = `${pick(vocabulary)} ${pick(common)} ${pick(vocabulary)}`;
      const placed = random() < 0.67;
      const author = persons[i % persons.length].personId;
      const id = insertElement(db, deps.box.boxId, {
        ...blankRecord(), type: 'aid', kind: 'offer', slug: `bench-offer-${i}`, name: `Je propose : ${name}`,
        shortDescription: `${pick(common)}, ${pick(vocabulary)} et ${pick(vocabulary)}`, description: `${pick(common)} ${pick(vocabulary)} ${pick(common)}`,
        category, communeInsee: commune.code, locality: commune.name,
        lat: placed ? Math.round((commune.lat + (random() - 0.5) * 0.02) * 1e5) / 1e5 : null,
        lon: placed ? Math.round((commune.lon + (random() - 0.5) * 0.02) * 1e5) / 1e5 : null,
        visibility: random() < 0.1 ? 'members' : 'public', expiresAt,
      }, author);
      addLink(db, { fromId: author, toId: id, kind: 'member', isAdmin: true });
    }
    return persons;
  });
}

if (process.argv[1] === import.meta.filename) {
  const result = await aidMatchingBench();
  console.log(JSON.stringify({ result, figures: aidMatchingFigures(result) }, null, 2));
}
