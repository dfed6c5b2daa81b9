// Builds zones.db from the npm inputs and the committed commune outlines: read, outline, place, write. The file is written under a
// temporary name and renamed into place, so a crash never leaves a half-written database.
import Database from 'better-sqlite3';
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { placeCommunes, type CommunePosition } from './positions.ts';
import { communeOutlinesFile, communeTopology, readCommuneTopology, type BorderLevel } from './commune-topology.ts';
import { bboxOfPoints, bboxOfPolygons, dissolve, labelPoint, roundPolygons, simplify, toGeometry, type Bbox, type Polygon } from './outlines.ts';
import { normalizeName, ZONE_SCHEMA_VERSION, type ZoneLevel, type ZoneRow } from './shared.ts';
import { writeZoneTiles, type ZoneTilesReport } from './tiles.ts';
import { readAdministrativeData, readCityPlaces, readDepartmentOutlines, type CommuneRecord, type EpciRecord } from './sources.ts';

/** What the build writes: a zone row with its outline. */
type BuiltZone = ZoneRow & { outline: string | null };

export interface ZoneBuildReport {
  zones: Record<ZoneLevel, number>;
  parents: number;
  postalCodes: number;
  codeAliases: number;
  names: number;
  boxes: number;
  /** How many communes got their position from each source ('none': not placed at all). */
  positionSources: Record<string, number>;
  outlines: { zones: number; bytes: number };
  tiles?: ZoneTilesReport;
  /** Oddities of the input data worth a look, one line each. */
  notes: string[];
}

// ~110 m: department and region outlines are for maps zoomed out to a department or more.
const OUTLINE_DECIMALS = 3;
// ~10 m, finer than the commune outlines' own simplification: communes and EPCI keep the borders
// they share identical, so a point on one side is in one commune only.
const COMMUNE_OUTLINE_DECIMALS = 4;
// ~1 km²: islets vanish at the zoom levels these outlines are for.
const OUTLINE_MIN_AREA = 1e-4;

const sumOf = (values: Iterable<number>) => {
  let total = 0;
  for (const value of values) total += value;
  return total;
};

function centroid(points: { lat: number; lon: number }[]): { lat: number; lon: number } | null {
  if (points.length === 0) return null;
  return { lat: sumOf(points.map((p) => p.lat)) / points.length, lon: sumOf(points.map((p) => p.lon)) / points.length };
}

function zoneRow(
  id: string,
  level: ZoneLevel,
  code: string,
  name: string,
  population: number | null,
  position: { lat: number; lon: number; source: string } | null,
  bbox: Bbox | null,
  outline: Polygon[] | null,
): BuiltZone {
  const geometry = outline ? toGeometry(outline) : null;
  return {
    id,
    level,
    code,
    name,
    population,
    lat: position?.lat ?? null,
    lon: position?.lon ?? null,
    position_source: position?.source ?? null,
    bbox_min_lat: bbox?.minLat ?? null,
    bbox_min_lon: bbox?.minLon ?? null,
    bbox_max_lat: bbox?.maxLat ?? null,
    bbox_max_lon: bbox?.maxLon ?? null,
    outline: geometry ? JSON.stringify(geometry) : null,
  };
}

/** Former and arrondissement INSEE codes → the current commune holding them. */
export function codeAliasesOf(records: CommuneRecord[], current: Set<string>): Map<string, string> {
  const aliases = new Map<string, string>();
  for (const record of records) {
    if (!current.has(record.code)) continue;
    for (const former of record.anciensCodes ?? []) if (!current.has(former)) aliases.set(former, record.code);
  }
  for (const record of records) {
    const holder = record.chefLieu ?? record.commune;
    if (record.type === 'commune-actuelle' || !holder || !current.has(holder)) continue;
    if (!current.has(record.code) && !aliases.has(record.code)) aliases.set(record.code, holder);
  }
  return aliases;
}

interface Model {
  rows: BuiltZone[];
  parents: [string, string][];
  postalCodes: [string, string][];
  codeAliases: Map<string, string>;
  names: { name: string; zoneId: string; kind: 'name' | 'former' }[];
  /** What commune_boxes indexes: the box of a commune's outline, else its GeoNames position as a point. */
  boxes: { zoneId: string; box: Bbox }[];
  borders: Record<BorderLevel, number[][][]>;
  report: ZoneBuildReport;
}

/** Each current commune's EPCI (SIREN); oddities go to notes. */
function epciMembership(epciList: EpciRecord[], communes: CommuneRecord[], notes: string[]): Map<string, string> {
  const currentCodes = new Set(communes.map((c) => c.code));
  const epciOf = new Map<string, string>();
  for (const epci of epciList) {
    for (const member of epci.membres) {
      if (!currentCodes.has(member.code)) notes.push(`EPCI ${epci.code} lists ${member.code}, not a current commune: ignored`);
      else if (epciOf.has(member.code)) notes.push(`commune ${member.code} is in two EPCI (${epciOf.get(member.code)}, ${epci.code}): kept the first`);
      else epciOf.set(member.code, epci.code);
    }
  }
  const outside = communes.filter((c) => !epciOf.has(c.code));
  if (outside.length > 0) notes.push(`${outside.length} communes belong to no EPCI: ${outside.map((c) => `${c.code} ${c.nom}`).join(', ')}`);
  return epciOf;
}

// A group's centre and box come from its communes placed by their outline or GeoNames, the
// others being only guessed; from the guesses when none of them is known.
function groupPlacer(positions: Map<string, CommunePosition>) {
  const placed = (members: CommuneRecord[]) => {
    const all = members.map((c) => positions.get(c.code)).filter((p): p is CommunePosition => p !== undefined);
    const known = all.filter((p) => p.source === 'outline' || p.source === 'geonames');
    return known.length > 0 ? known : all;
  };
  return {
    position(members: CommuneRecord[]) {
      const centre = centroid(placed(members));
      return centre ? { ...centre, source: 'communes-centroid' } : null;
    },
    box: (members: CommuneRecord[]) => bboxOfPoints(placed(members)),
  };
}

/** Names of former communes and municipal arrondissements, searchable as their current commune. */
function formerNames(records: CommuneRecord[], communes: CommuneRecord[]): Model['names'] {
  const currentNames = new Map(communes.map((c) => [c.code, normalizeName(c.nom)]));
  const seen = new Set<string>();
  const names: Model['names'] = [];
  for (const record of records) {
    const holder = record.chefLieu ?? record.commune;
    if (record.type === 'commune-actuelle' || !holder || !currentNames.has(holder)) continue;
    const name = normalizeName(record.nom);
    const key = `${holder} ${name}`;
    if (seen.has(key) || name === currentNames.get(holder)) continue;
    seen.add(key);
    names.push({ name, zoneId: `commune:${holder}`, kind: 'former' });
  }
  return names;
}

function buildModel(): Model {
  const data = readAdministrativeData();
  const notes: string[] = [];

  // Overseas collectivities (zone 'com': Polynesia, New Caledonia, Saint-Pierre…) have neither
  // departments, regions nor EPCI in the national sense: the zones cover France's 101 departments.
  const departments = data.departments.filter((d) => d.zone !== 'com');
  const regions = data.regions.filter((r) => r.zone !== 'com');
  const communes = data.communes.filter((c) => c.type === 'commune-actuelle' && c.zone !== 'com');
  const departmentCodes = new Set(departments.map((d) => d.code));
  for (const commune of communes) {
    if (!commune.departement || !departmentCodes.has(commune.departement)) throw new Error(`commune ${commune.code}: unknown department ${commune.departement}`);
  }
  const currentCodes = new Set(communes.map((c) => c.code));
  const codeAliases = codeAliasesOf(data.communes, currentCodes);
  const epciOf = epciMembership(data.epci, communes, notes);

  // Real outlines (IGN ADMIN EXPRESS COG 2018) under today's codes, and a point inside each.
  const shapes = communeTopology(readCommuneTopology(communeOutlinesFile), (code) => (currentCodes.has(code) ? code : (codeAliases.get(code) ?? null)));
  const communeOutlines = new Map<string, Polygon[]>();
  const outlinePositions = new Map<string, CommunePosition>();
  for (const code of shapes.codes()) {
    const outline = roundPolygons(shapes.polygons(code)!, COMMUNE_OUTLINE_DECIMALS);
    const label = labelPoint(outline);
    if (!label) continue;
    communeOutlines.set(code, outline);
    outlinePositions.set(code, { ...label, source: 'outline' });
  }
  const missing = communes.filter((c) => !communeOutlines.has(c.code));
  if (missing.length > 0) notes.push(`${missing.length} communes have no outline (created since 2018, their land inside another's): ${missing.map((c) => `${c.code} ${c.nom}`).join(', ')}`);

  const positions = placeCommunes(
    communes.map((c) => ({
      code: c.code,
      name: c.nom,
      department: c.departement!,
      region: c.region!,
      epci: epciOf.get(c.code) ?? null,
      postalCodes: c.codesPostaux ?? [],
      population: c.population ?? 0,
    })),
    readCityPlaces(),
    codeAliases,
    outlinePositions,
  );
  const positionSources: Record<string, number> = { outline: 0, geonames: 0, 'postal-code-neighbour': 0, 'epci-centroid': 0, 'department-centroid': 0, none: 0 };
  for (const commune of communes) positionSources[positions.get(commune.code)?.source ?? 'none'] += 1;
  const group = groupPlacer(positions);
  const unionOf = (members: CommuneRecord[], decimals: number) => {
    const union = shapes.union(members.map((c) => c.code));
    return union.length > 0 ? roundPolygons(union, decimals) : null;
  };
  const populationOf = (members: CommuneRecord[]) => sumOf(members.map((c) => c.population ?? 0));

  const rows: BuiltZone[] = [];
  const parents: [string, string][] = [];

  for (const commune of communes) {
    const id = `commune:${commune.code}`;
    const outline = communeOutlines.get(commune.code) ?? null;
    rows.push(zoneRow(id, 'commune', commune.code, commune.nom, commune.population ?? null, positions.get(commune.code) ?? null, outline && bboxOfPolygons(outline), outline));
    const epci = epciOf.get(commune.code);
    if (epci) parents.push([id, `epci:${epci}`]);
    parents.push([id, `dep:${commune.departement}`], [id, `region:${commune.region}`], [id, 'country:FR']);
  }

  const communesOfEpci = new Map<string, CommuneRecord[]>();
  for (const commune of communes) {
    const epci = epciOf.get(commune.code);
    if (epci) (communesOfEpci.get(epci) ?? communesOfEpci.set(epci, []).get(epci)!).push(commune);
  }
  for (const epci of data.epci) {
    const members = communesOfEpci.get(epci.code) ?? [];
    const id = `epci:${epci.code}`;
    const outline = unionOf(members, COMMUNE_OUTLINE_DECIMALS);
    const label = outline && labelPoint(outline);
    const position = label ? { ...label, source: 'outline' } : group.position(members);
    rows.push(zoneRow(id, 'epci', epci.code, epci.nom, epci.populationMunicipale ?? populationOf(members), position, outline ? bboxOfPolygons(outline) : group.box(members), outline));
    for (const dep of new Set(members.map((c) => c.departement))) parents.push([id, `dep:${dep}`]);
    for (const region of new Set(members.map((c) => c.region))) parents.push([id, `region:${region}`]);
    parents.push([id, 'country:FR']);
  }

  const rawOutlines = new Map(readDepartmentOutlines().map((o) => [o.code, o.polygons]));
  const missingOutlines = departments.filter((d) => !rawOutlines.has(d.code)).map((d) => d.code);
  if (missingOutlines.length > 0) notes.push(`no Natural Earth outline for departments ${missingOutlines.join(', ')}`);
  const simplified = (polygons: Polygon[]) => {
    const result = simplify(polygons, OUTLINE_DECIMALS, OUTLINE_MIN_AREA);
    return result.length > 0 ? result : null;
  };
  // Departments, regions and France as the union of their communes' outlines, so their borders are
  // the communes' own; Natural Earth's only where no commune has an outline.
  const fromCommunes = (members: CommuneRecord[]) => simplified(shapes.union(members.map((c) => c.code)));

  for (const dep of departments) {
    const members = communes.filter((c) => c.departement === dep.code);
    const raw = rawOutlines.get(dep.code);
    const outline = fromCommunes(members) ?? (raw ? simplified(raw) : null);
    const id = `dep:${dep.code}`;
    rows.push(zoneRow(id, 'dep', dep.code, dep.nom, populationOf(members), group.position(members), outline ? bboxOfPolygons(outline) : group.box(members), outline));
    parents.push([id, `region:${dep.region}`], [id, 'country:FR']);
  }

  for (const region of regions) {
    const members = communes.filter((c) => c.region === region.code);
    const raws = departments.filter((d) => d.region === region.code).map((d) => rawOutlines.get(d.code));
    const outline = fromCommunes(members) ?? (raws.every((raw) => raw !== undefined) ? simplified(dissolve(raws.flat())) : null);
    const id = `region:${region.code}`;
    rows.push(zoneRow(id, 'region', region.code, region.nom, populationOf(members), group.position(members), outline ? bboxOfPolygons(outline) : group.box(members), outline));
    parents.push([id, 'country:FR']);
  }

  // France's centre and box are those of Metropolitan France, what a map of "France" shows; the
  // outline has the overseas departments too.
  const metropolitan = communes.filter((c) => c.zone === 'metro');
  const metropolitanOutline = departments.filter((d) => d.zone === 'metro').flatMap((d) => rawOutlines.get(d.code) ?? []);
  const countryOutline = fromCommunes(communes) ?? simplified(dissolve([...rawOutlines.values()].flat()));
  const countryBox = bboxOfPolygons(shapes.union(metropolitan.map((c) => c.code))) ?? bboxOfPolygons(metropolitanOutline) ?? group.box(metropolitan);
  rows.push(zoneRow('country:FR', 'country', 'FR', 'France', populationOf(communes), group.position(metropolitan), countryBox, countryOutline));

  const postalCodes = communes.flatMap((c) => [...new Set(c.codesPostaux ?? [])].map((postalCode): [string, string] => [postalCode, `commune:${c.code}`]));
  const names: Model['names'] = [
    ...rows.map((row) => ({ name: normalizeName(row.name), zoneId: row.id, kind: 'name' as const })),
    ...formerNames(data.communes, communes),
  ];
  const boxes = communes.flatMap((c) => {
    const outline = communeOutlines.get(c.code);
    const position = positions.get(c.code);
    const box = outline ? bboxOfPolygons(outline) : position?.source === 'geonames' ? bboxOfPoints([position]) : null;
    return box ? [{ zoneId: `commune:${c.code}`, box }] : [];
  });
  const placesOf = new Map(communes.map((c) => [c.code, { region: c.region!, dep: c.departement!, epci: epciOf.get(c.code) ?? `commune:${c.code}` }]));
  const borders = shapes.borders((code) => placesOf.get(code)!);

  const zones: Record<ZoneLevel, number> = { commune: 0, epci: 0, dep: 0, region: 0, country: 0 };
  for (const row of rows) zones[row.level] += 1;
  const outlined = rows.filter((row) => row.outline !== null);
  return {
    rows,
    parents,
    postalCodes,
    codeAliases,
    names,
    boxes,
    borders,
    report: {
      zones,
      parents: parents.length,
      postalCodes: postalCodes.length,
      codeAliases: codeAliases.size,
      names: names.length,
      boxes: boxes.length,
      positionSources,
      outlines: { zones: outlined.length, bytes: sumOf(outlined.map((row) => row.outline!.length)) },
      notes,
    },
  };
}

function writeModel(db: Database.Database, model: Model): void {
  const insertZone = db.prepare(`INSERT INTO zones (id, level, code, name, population, lat, lon, position_source,
      bbox_min_lat, bbox_min_lon, bbox_max_lat, bbox_max_lon, outline)
    VALUES (@id, @level, @code, @name, @population, @lat, @lon, @position_source,
      @bbox_min_lat, @bbox_min_lon, @bbox_max_lat, @bbox_max_lon, @outline)`);
  const insertParent = db.prepare('INSERT INTO zone_parents (zone_id, parent_id) VALUES (?, ?)');
  const insertPostalCode = db.prepare('INSERT INTO postal_codes (postal_code, commune_id) VALUES (?, ?)');
  const insertAlias = db.prepare('INSERT INTO commune_code_aliases (code, commune_id) VALUES (?, ?)');
  const insertName = db.prepare('INSERT INTO zone_names (name, zone_id, kind) VALUES (@name, @zoneId, @kind)');
  const insertBox = db.prepare('INSERT INTO commune_boxes (id, min_lat, max_lat, min_lon, max_lon, zone_id) VALUES (?, ?, ?, ?, ?, ?)');
  db.transaction(() => {
    for (const row of model.rows) insertZone.run(row);
    for (const [zone, parent] of model.parents) insertParent.run(zone, parent);
    for (const [postalCode, commune] of model.postalCodes) insertPostalCode.run(postalCode, commune);
    for (const [code, commune] of model.codeAliases) insertAlias.run(code, `commune:${commune}`);
    for (const name of model.names) insertName.run(name);
    model.boxes.forEach(({ zoneId, box }, i) => insertBox.run(i + 1, box.minLat, box.maxLat, box.minLon, box.maxLon, zoneId));
    db.exec("INSERT INTO zone_names (zone_names) VALUES ('optimize')");
  })();
  db.pragma(`user_version = ${ZONE_SCHEMA_VERSION}`);
  db.exec('ANALYZE');
  db.exec('VACUUM');
  const broken = db.pragma('foreign_key_check') as unknown[];
  if (broken.length > 0) throw new Error(`zones.db: ${broken.length} references to missing zones`);
}

function fsyncPath(path: string): void {
  const fd = openSync(path, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Builds the zone database at `path`, replacing any previous one only once the new one is complete. */
export function buildZoneDb(path: string, inputsHash = 'unknown'): ZoneBuildReport & { bytes: number } {
  const model = buildModel();
  const temporary = `${path}.tmp-${process.pid}`;
  rmSync(temporary, { force: true });
  const db = new Database(temporary);
  try {
    // A throw-away file until the rename: no syncs while filling it, the journal in memory
    // (better-sqlite3's defensive mode refuses journal_mode = OFF).
    db.pragma('journal_mode = MEMORY');
    db.pragma('synchronous = OFF');
    db.exec(readFileSync(join(import.meta.dirname, 'schema.sql'), 'utf8'));
    const tiles = writeZoneTiles(db, model.rows, model.borders);
    writeModel(db, model);
    db.prepare("INSERT INTO zone_build (key, value) VALUES ('inputs_hash', ?)").run(inputsHash);
    model.report.tiles = tiles;
    db.close();
    fsyncPath(temporary);
    renameSync(temporary, path);
    fsyncPath(dirname(path));
  } catch (error) {
    if (db.open) db.close();
    rmSync(temporary, { force: true });
    throw error;
  }
  return { ...model.report, bytes: statSync(path).size };
}
