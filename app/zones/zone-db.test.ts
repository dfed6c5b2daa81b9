import Database from 'better-sqlite3';
import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildZonesIfStale } from '../../scripts/build-zones.ts';
import { outlineContains } from './build/shared.ts';
import { defaultZoneDbPath, haversineKm, openZoneDb, type ZoneDb } from './zone-db.ts';

let zones: ZoneDb;
let raw: Database.Database;

beforeAll(() => {
  buildZonesIfStale();
  zones = openZoneDb();
  raw = new Database(defaultZoneDbPath, { readonly: true });
});

afterAll(() => {
  zones?.close();
  raw?.close();
});

const count = (sql: string, ...params: unknown[]) => raw.prepare(sql).pluck().get(...params) as number;

describe('the zone database of all France', () => {
  it('holds every current commune and EPCI, the 101 departments and 18 regions', () => {
    const communes = count("SELECT count(*) FROM zones WHERE level = 'commune'");
    expect(communes).toBeGreaterThan(34_800);
    expect(communes).toBeLessThan(35_000);
    const epci = count("SELECT count(*) FROM zones WHERE level = 'epci'");
    expect(epci).toBeGreaterThan(1_200);
    expect(epci).toBeLessThan(1_300);
    expect(count("SELECT count(*) FROM zones WHERE level = 'dep'")).toBe(101);
    expect(count("SELECT count(*) FROM zones WHERE level = 'region'")).toBe(18);
  });

  it('places every commune and says how', () => {
    expect(count("SELECT count(*) FROM zones WHERE level = 'commune' AND (lat IS NULL OR position_source IS NULL)")).toBe(0);
    expect(zones.findZone('commune:26114')).toMatchObject({ name: 'Dieulefit', positionSource: 'outline', population: expect.any(Number) });
    // The few communes created since the 2018 outlines keep a fallback position, and say so.
    expect(count("SELECT count(*) FROM zones WHERE level = 'commune' AND position_source <> 'outline'")).toBeLessThan(20);
  });

  it('gives a commune far from the demo territory its real outline, box and a position inside it', () => {
    // Ouessant, an island off Brittany: its own outline, not its department's or a neighbour's position.
    const ouessant = zones.findZone('commune:29155')!;
    const outline = zones.findOutline('commune:29155')!;
    expect(ouessant.positionSource).toBe('outline');
    expect(outline.type).toMatch(/Polygon/);
    expect(outlineContains(outline, ouessant.lat!, ouessant.lon!)).toBe(true);
    // The island is about 8 km by 4: a box of that size, around its position.
    const { minLat, minLon, maxLat, maxLon } = ouessant.bbox!;
    expect(haversineKm(minLat, minLon, minLat, maxLon)).toBeGreaterThan(5);
    expect(haversineKm(minLat, minLon, minLat, maxLon)).toBeLessThan(12);
    expect(haversineKm(minLat, minLon, maxLat, minLon)).toBeLessThan(8);
    expect(ouessant.lat! > minLat && ouessant.lat! < maxLat && ouessant.lon! > minLon && ouessant.lon! < maxLon).toBe(true);
  });

  it('gives a commune nouvelle the union of its former communes', () => {
    // Véronne (26371) merged into Saillans (26289) after the 2018 outlines: a point in Véronne's
    // land is in Saillans, and Saillans' outline reaches there.
    const inVeronne = { lat: 44.7371, lon: 5.2057 };
    expect(zones.nearestCommune(inVeronne.lat, inVeronne.lon)).toMatchObject({ commune: { id: 'commune:26289' }, inside: true });
    expect(outlineContains(zones.findOutline('commune:26289')!, inVeronne.lat, inVeronne.lon)).toBe(true);
    expect(outlineContains(zones.findOutline('commune:26289')!, zones.findZone('commune:26289')!.lat!, zones.findZone('commune:26289')!.lon!)).toBe(true);
  });

  it('outlines every EPCI as the union of its communes', () => {
    expect(count("SELECT count(*) FROM zones WHERE level = 'epci' AND outline IS NULL")).toBe(0);
    // The Eurométropole de Strasbourg holds each of its communes' positions, and not its neighbours'.
    const outline = zones.findOutline('epci:246700488')!;
    const members = raw.prepare("SELECT z.lat, z.lon FROM zone_parents p JOIN zones z ON z.id = p.zone_id WHERE p.parent_id = 'epci:246700488' AND z.level = 'commune'").all() as { lat: number; lon: number }[];
    expect(members.length).toBeGreaterThan(30);
    for (const { lat, lon } of members) expect(outlineContains(outline, lat, lon)).toBe(true);
    const haguenau = zones.findZone('commune:67180')!; // Haguenau, 25 km north, in another EPCI
    expect(outlineContains(outline, haguenau.lat!, haguenau.lon!)).toBe(false);
    // One piece, shared borders dissolved: no inner ring left where two communes meet.
    expect(outline.type === 'Polygon' ? 1 : outline.coordinates.length).toBe(1);
  });

  it('gives Dieulefit its EPCI, department, region and country as ancestors', () => {
    expect(zones.ancestors('commune:26114').map((z) => z.id)).toEqual(['epci:242600492', 'dep:26', 'region:84', 'country:FR']);
  });

  it('lists both departments as parents of an EPCI that spans two', () => {
    const epciId = raw
      .prepare("SELECT zone_id FROM zone_parents WHERE zone_id LIKE 'epci:%' AND parent_id LIKE 'dep:%' GROUP BY zone_id HAVING count(*) = 2 LIMIT 1")
      .pluck()
      .get() as string;
    expect(epciId).toBeDefined();
    const ancestors = zones.ancestors(epciId);
    expect(ancestors.filter((z) => z.level === 'dep')).toHaveLength(2);
    expect(ancestors.at(-1)?.id).toBe('country:FR');
    // Each department of the EPCI holds some of its communes.
    for (const dep of ancestors.filter((z) => z.level === 'dep')) {
      expect(count('SELECT count(*) FROM zone_parents a JOIN zone_parents b ON a.zone_id = b.zone_id WHERE a.parent_id = ? AND b.parent_id = ?', epciId, dep.id)).toBeGreaterThan(0);
    }
  });

  it('finds the several communes of postal code 26460', () => {
    const names = zones.communesForPostalCode('26460').map((z) => z.name);
    expect(names.length).toBeGreaterThan(1);
    expect(names).toEqual(expect.arrayContaining(['Bourdeaux', 'Bézaudun-sur-Bîne']));
  });

  it('finds a commune by name without accents or hyphens', () => {
    expect(zones.searchZoneNames('bezaudun sur bine', 5)[0].zone.id).toBe('commune:26051');
    expect(zones.searchZoneNames('Bézaudun', 5).map((m) => m.zone.id)).toContain('commune:26051');
    expect(zones.searchZoneNames('DIEULEF', 5)[0].zone.id).toBe('commune:26114');
  });

  it('takes FTS syntax in a search as plain words', () => {
    for (const query of ['"', 'NEAR(a b)', 'dieulefit OR *', '^', 'a:b', '-']) expect(() => zones.searchZoneNames(query, 5)).not.toThrow();
    expect(zones.searchZoneNames('dieulefit OR', 5)).toEqual([]);
  });

  it('finds the commune of a point in Dieulefit', () => {
    expect(zones.nearestCommune(44.5254, 5.0617)).toMatchObject({ commune: { id: 'commune:26114' }, inside: true });
  });

  it('puts a point in a small commune in that commune, not in the big neighbour whose centre is nearer', () => {
    // 400 m inside Échevis (58 inhabitants), 2 km from Sainte-Eulalie-en-Royans' centre and 3 from its own.
    const point = { lat: 45.04, lon: 5.368 };
    const echevis = zones.findZone('commune:26117')!;
    const neighbour = zones.findZone('commune:26302')!;
    expect(haversineKm(point.lat, point.lon, neighbour.lat!, neighbour.lon!)).toBeLessThan(haversineKm(point.lat, point.lon, echevis.lat!, echevis.lon!));
    expect(zones.nearestCommune(point.lat, point.lon)).toMatchObject({ commune: { id: 'commune:26117', name: 'Échevis' }, inside: true });
    expect(zones.resolveCommune(point)).toMatchObject({ status: 'found', by: 'position', commune: { id: 'commune:26117' } });
  });

  it('falls back on the nearest commune for a point in no outline', () => {
    // At sea, 3 km off Ouessant.
    expect(zones.nearestCommune(48.46, -5.16)).toMatchObject({ commune: { id: 'commune:29155' }, inside: false });
  });

  it('has outlines for departments and regions', () => {
    expect(zones.findOutline('dep:26')?.type).toMatch(/Polygon/);
    expect(zones.findOutline('region:84')?.type).toMatch(/Polygon/);
    expect(zones.findZone('region:84')?.bbox).toMatchObject({ minLat: expect.any(Number), maxLon: expect.any(Number) });
  });
});

describe('resolveCommune', () => {
  it('takes the INSEE code first, current or former', () => {
    expect(zones.resolveCommune({ insee: '26114', postalCode: '26460' })).toMatchObject({ status: 'found', by: 'insee', commune: { id: 'commune:26114' } });
    // 01340 merged into Arboys en Bugey (01015).
    expect(zones.resolveCommune({ insee: '01340' })).toMatchObject({ status: 'found', by: 'former-insee', commune: { id: 'commune:01015' } });
  });

  it('picks the commune of a shared postal code by its name', () => {
    expect(zones.resolveCommune({ postalCode: '26460', name: 'bezaudun sur bine' })).toMatchObject({
      status: 'found',
      by: 'postal-code-and-name',
      commune: { id: 'commune:26051' },
    });
  });

  it('returns the candidates of an ambiguous postal code given no name', () => {
    const result = zones.resolveCommune({ postalCode: '26460' });
    expect(result.status).toBe('ambiguous');
    if (result.status === 'ambiguous') expect(result.candidates.map((c) => c.id)).toContain('commune:26051');
  });

  it('falls back on the nearest commune to a position', () => {
    expect(zones.resolveCommune({ lat: 44.5254, lon: 5.0617 })).toMatchObject({ status: 'found', by: 'position', commune: { id: 'commune:26114' } });
    expect(zones.resolveCommune({})).toEqual({ status: 'not-found' });
  });
});

describe('buildZonesIfStale', () => {
  it('does not rebuild when the stamp matches the inputs', () => {
    const started = performance.now();
    expect(buildZonesIfStale()).toBe(false);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('leaves only the database and its stamp, no temporary file', () => {
    expect(readdirSync(dirname(defaultZoneDbPath)).sort()).toEqual(['zones.db', 'zones.stamp.json']);
  });

  it('refuses a missing database with a message saying how to build it', () => {
    expect(() => openZoneDb('/nonexistent/zones.db')).toThrow(/build-zones/);
  });
});
