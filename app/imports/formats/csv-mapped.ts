// Any CSV, read through the admin's mapping of its columns to element fields. The mapping rules here are
// shared with the GeoJSON points (mapping over properties) and the SCDL (kinds, positions): a value is
// cleaned the same way whichever file it came from, and a bad one is named by the column that held it.
import { createHash } from 'node:crypto';
import { AppError } from '../../core/errors.ts';
import { kindsByType } from '../../elements/model.ts';
import { readCsv } from '../read/csv.ts';
import { checkImportFile, openImportStream } from '../read/file.ts';
import { EncodingTally } from '../read/text.ts';
import type { ElementFormat, ImportedFields, ImportItem, ReadContext } from '../model.ts';
import { cleanEmail, cleanPhone, cleanTag, cleanUrl, cutText, frenchDate, frenchNumber, joinWords } from './clean.ts';

export const mappableFields = [
  'key', 'name', 'type', 'kind', 'shortDescription', 'description', 'tags', 'street', 'postalCode', 'communeInsee', 'locality',
  'lat', 'lon', 'url', 'contactEmail', 'contactPhone', 'startsAt', 'endsAt',
] as const;
export type MappableField = (typeof mappableFields)[number];

export const importableTypes = ['organization', 'project', 'event', 'poi'] as const;
export type ImportableType = (typeof importableTypes)[number];

/** The kind an element gets when its file says none that fits (projects have no kind). */
const defaultKinds: Record<ImportableType, string | undefined> = { organization: 'group', project: undefined, event: 'other', poi: 'place' };

/** Lower case, no accents, words separated by one space: how header names and kinds are compared. */
export const plainWords = (text: string) =>
  text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();

// ---------- Guessing a mapping from header names ----------

// Whole header names first (so "code postal" is not taken for a "code" key), then words inside longer names.
const exactNames: [MappableField, string[]][] = [
  ['postalCode', ['code postal', 'codepostal', 'cp', 'postcode', 'postal code', 'zip', 'zipcode', 'zip code', 'adr codepostal']],
  ['communeInsee', ['code insee', 'codeinsee', 'insee', 'codgeo', 'code commune', 'cog', 'depcom', 'code insee commune']],
  ['locality', ['commune', 'ville', 'city', 'localite', 'locality', 'town', 'nom commune', 'libelle commune', 'adr commune']],
  ['street', ['adresse', 'address', 'rue', 'voie', 'street', 'adresse postale', 'adr', 'adresse 1']],
  ['lat', ['lat', 'latitude', 'y', 'lat wgs84', 'latitude wgs84', 'equip lat']],
  ['lon', ['lon', 'lng', 'long', 'longitude', 'x', 'lon wgs84', 'longitude wgs84', 'equip long']],
  ['url', ['site', 'web', 'url', 'site web', 'site internet', 'website', 'siteweb', 'lien', 'link']],
  ['contactEmail', ['email', 'e mail', 'courriel', 'mail', 'adresse mail', 'adresse email', 'adresse courriel']],
  ['contactPhone', ['telephone', 'tel', 'phone', 'numero de telephone', 'portable', 'mobile', 'tel fixe']],
  ['shortDescription', ['resume', 'description courte', 'short description', 'summary', 'accroche', 'sous titre']],
  ['description', ['description', 'descriptif', 'presentation', 'details', 'texte']],
  ['tags', ['tags', 'tag', 'mots cles', 'mot cle', 'mots clefs', 'keywords', 'etiquettes', 'themes']],
  ['type', ['type', 'type d element', 'element type']],
  ['kind', ['categorie', 'category', 'kind', 'sous type', 'genre', 'nature']],
  ['startsAt', ['date de debut', 'debut', 'date debut', 'start', 'starts at', 'start date', 'date']],
  ['endsAt', ['date de fin', 'fin', 'date fin', 'end', 'ends at', 'end date']],
  ['key', ['id', 'identifiant', 'uid', 'ref', 'reference', 'code', 'numero']],
  ['name', ['nom', 'name', 'titre', 'title', 'libelle', 'raison sociale', 'denomination', 'intitule']],
];

const wordHints: [MappableField, RegExp][] = [
  ['postalCode', /\bpostal|\bcp\b/],
  ['communeInsee', /\binsee\b|\bcodgeo\b/],
  ['locality', /\bcommune\b|\bville\b|\bcity\b/],
  ['street', /\badresse\b|\baddress\b|\brue\b|\bvoie\b/],
  ['lat', /\blatitude\b/],
  ['lon', /\blongitude\b/],
  ['contactEmail', /mail\b|\bcourriel\b/],
  ['contactPhone', /\btel\b|\btelephone\b|\bphone\b/],
  ['url', /\bsite\b|\bweb\b|\burl\b/],
  ['tags', /\bmots? cles?\b|\btags?\b/],
  ['description', /\bdescription\b/],
  ['kind', /\bcategorie\b|\bcategory\b/],
  ['name', /\bnom\b|\bname\b|\btitre\b|\btitle\b|\blibelle\b/],
];

/** A first mapping (column as written → field) from common French and English header names; each field at most once. */
export function suggestMapping(columns: string[]): Record<string, string> {
  const mapping: Record<string, string> = {};
  const taken = new Set<string>();
  const plain = columns.map(plainWords);
  const assign = (index: number, field: MappableField) => {
    if (taken.has(field) || columns[index] in mapping) return;
    mapping[columns[index]] = field;
    taken.add(field);
  };
  for (const [field, names] of exactNames) {
    const index = plain.findIndex((name, i) => names.includes(name) && !(columns[i] in mapping));
    if (index >= 0) assign(index, field);
  }
  for (const [field, hint] of wordHints) {
    const index = plain.findIndex((name, i) => hint.test(name) && !(columns[i] in mapping));
    if (index >= 0) assign(index, field);
  }
  // In the file's order, as the admin page lists the columns.
  return Object.fromEntries(columns.filter((column) => column in mapping).map((column) => [column, mapping[column]]));
}

// ---------- Kinds, positions and dates, as files write them ----------

const kindHints: Partial<Record<ImportableType, [RegExp, string][]>> = {
  poi: [
    [/biblioth|mediath|\blivres?\b|lecture/, 'sharedLibrary'],
    [/dechet|recycl|ressourcerie/, 'recoveryCenter'],
    [/compost/, 'compostPickup'],
    [/parking|stationnement|covoiturage/, 'parking'],
    [/poubelle|corbeille|apport volontaire|conteneur/, 'trash'],
    [/musee|monument|patrimoine|histor|chateau|eglise|chapelle|lavoir/, 'history'],
    [/street ?art|graff/, 'streetArts'],
    [/sculpture|fresque|oeuvre/, 'artPiece'],
    [/kiosque|theatre de verdure|amphitheatre|scene ouverte/, 'openScene'],
    [/belvedere|point de vue|panorama|table d orientation/, 'something2See'],
  ],
  organization: [
    [/association|\basso\b/, 'association'],
    [/entreprise|societe|\bsarl\b|\bsas\b|commerce|business|artisan/, 'business'],
    [/mairie|collectivite|public|\becole\b|college|\blycee\b|administration/, 'public_body'],
    [/collectif|groupe?\b|group/, 'group'],
  ],
  event: [
    [/concert/, 'concert'], [/marche\b|market/, 'market'], [/reunion|assemblee|meeting/, 'meeting'], [/atelier|workshop/, 'workshop'],
    [/festival/, 'festival'], [/conference/, 'conference'], [/cours\b|formation|course/, 'course'], [/concours|tournoi|competition/, 'competition'],
    [/exposition|\bexpo\b|exhibition/, 'exhibition'], [/debat|debate/, 'debate'], [/film|cinema|projection/, 'film'],
    [/repas|fete|soiree|apero|get ?together/, 'getTogether'], [/financement participatif|crowdfunding/, 'crowdfunding'], [/\bstand\b/, 'stand'],
  ],
};

/** The kind of an element of this type that a text names (a kind as the box spells it, or a French word for one). */
export function kindOf(type: ImportableType, ...texts: (string | undefined)[]): string | undefined {
  const kinds: readonly string[] = kindsByType[type];
  for (const text of texts) {
    if (!text?.trim()) continue;
    const exact = kinds.find((kind) => kind.toLowerCase() === text.trim().toLowerCase());
    if (exact) return exact;
    const plain = plainWords(text);
    const hint = kindHints[type]?.find(([pattern]) => pattern.test(plain));
    if (hint) return hint[1];
  }
  return undefined;
}

const crsAdvice = 'export the file in WGS84 / EPSG:4326 (degrees)';

/**
 * Why a position cannot be taken as it is, or null when it can. Lambert-93 (the French official projection,
 * in metres) is what most French GIS exports use by default: say so rather than drop the place in the sea.
 */
export function positionProblem(lat: number, lon: number): string | null {
  const lambertX = (value: number) => value >= 100_000 && value <= 1_300_000;
  const lambertY = (value: number) => value >= 6_000_000 && value <= 7_200_000;
  if ((lambertX(lon) && lambertY(lat)) || (lambertX(lat) && lambertY(lon))) {
    return `The position ${lon}, ${lat} looks like Lambert-93 metres (EPSG:2154), not degrees: ${crsAdvice}`;
  }
  if (Math.abs(lat) > 90 || Math.abs(lon) > 180) {
    return `The position ${lat}, ${lon} is not in degrees (latitude −90 to 90, longitude −180 to 180): ${crsAdvice}`;
  }
  const inMainlandFrance = (la: number, lo: number) => la >= 41 && la <= 51.5 && lo >= -5.5 && lo <= 10;
  if (inMainlandFrance(lon, lat) && !inMainlandFrance(lat, lon)) {
    return `Latitude ${lat} and longitude ${lon} look swapped: the latitude comes first in France (about 41 to 51)`;
  }
  return null;
}

/** "01/03/2026", "2026-03-01 14:30", "01/03/2026 14h30" or an ISO instant → a date-time the element form takes. */
export function frenchDateTime(value: string): { at: string; allDay: boolean } | undefined {
  const text = value.trim();
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/.test(text) && !Number.isNaN(Date.parse(text))) return { at: text, allDay: false };
  const match = /^(\S+)(?:\s+(?:à\s+)?|T)(\d{1,2})[:h](\d{2})(?::(\d{2}))?$/i.exec(text);
  const date = frenchDate(match ? match[1] : text);
  if (!date) return undefined;
  if (!match) return { at: `${date}T00:00:00`, allDay: true };
  const [hours, minutes, seconds] = [Number(match[2]), Number(match[3]), Number(match[4] ?? 0)];
  if (hours > 23 || minutes > 59 || seconds > 59) return undefined;
  const pad = (number: number) => String(number).padStart(2, '0');
  return { at: `${date}T${pad(hours)}:${pad(minutes)}:${pad(seconds)}`, allDay: false };
}

/** Spreadsheets drop the leading zero of Ain's or Aisne's codes (01000 → 1000): put it back. */
const fiveDigits = (value: string) => (/^\d{4}$/.test(value) ? `0${value}` : value);

// ---------- A mapping applied to one record ----------

/** Fields and the columns (lower-cased keys, and names as written) that feed them. */
export interface MappingPlan {
  columns: Partial<Record<MappableField, { key: string; label: string }[]>>;
  type: ImportableType;
}

/** Checks a mapping (column → field) and a default type; the AppError names what is wrong. */
export function mappingPlan(mapping: Record<string, string>, type: string | undefined): MappingPlan {
  const defaultType = importableType(type);
  const columns: MappingPlan['columns'] = {};
  for (const [column, field] of Object.entries(mapping)) {
    if (!field) continue; // a column left unmapped in the form
    if (!(mappableFields as readonly string[]).includes(field)) {
      throw new AppError('validation', `The column "${column}" is mapped to "${field}", which is not a field: choose one of ${mappableFields.join(', ')}`, 'mapping');
    }
    (columns[field as MappableField] ??= []).push({ key: column.trim().toLowerCase(), label: column.trim() });
  }
  if (!columns.name) throw new AppError('validation', 'The mapping gives no column for the name: map one column to "name"', 'mapping');
  return { columns, type: defaultType };
}

/** The type chosen for elements no column gives one to (places when none is chosen). */
export function importableType(type: string | undefined): ImportableType {
  const chosen = type?.trim() || 'poi';
  if (!(importableTypes as readonly string[]).includes(chosen)) {
    throw new AppError('validation', `Unknown element type "${chosen}": choose one of ${importableTypes.join(', ')}`, 'type');
  }
  return chosen as ImportableType;
}

const typeWords: Record<string, ImportableType> = {
  organization: 'organization', organisation: 'organization', association: 'organization', structure: 'organization',
  project: 'project', projet: 'project', event: 'event', evenement: 'event', poi: 'poi', lieu: 'poi', place: 'poi', equipement: 'poi',
};

export type MappedResult =
  | { fields: ImportedFields; keyValue?: string }
  | { rejected: { field: string; reason: string } };

/** The element fields of one record (values keyed by lower-cased column names), or the first bad value, named by its column. */
export function mapRecord(values: Record<string, string>, plan: MappingPlan): MappedResult {
  const { columns } = plan;
  const first = (field: MappableField) => {
    for (const column of columns[field] ?? []) if (values[column.key]?.trim()) return { value: values[column.key].trim(), column: column.label };
    return { value: '', column: columns[field]?.[0]?.label ?? field };
  };
  const all = (field: MappableField) => (columns[field] ?? []).map((column) => values[column.key]?.trim() ?? '').filter(Boolean);
  const reject = (field: string, reason: string) => ({ rejected: { field, reason } });

  const typeValue = first('type');
  const type = typeValue.value ? typeWords[plainWords(typeValue.value)] : plan.type;
  if (!type) return reject(typeValue.column, `"${typeValue.value}" is not a type: one of ${importableTypes.join(', ')} (or organisation, projet, événement, lieu)`);
  const name = first('name');
  if (!name.value) return reject(name.column, `No name (column "${name.column}")`);

  const tags = all('tags').flatMap((value) => value.split(/[,;|]/)).map(cleanTag).filter(Boolean);
  const kindValue = first('kind').value;
  const kind = kindOf(type, kindValue) ?? defaultKinds[type];
  // A category the box has no kind for still says something: keep it as a tag.
  if (kindValue && !kindOf(type, kindValue)) tags.push(cleanTag(kindValue));

  const position: { lat?: number; lon?: number } = {};
  for (const field of ['lat', 'lon'] as const) {
    const { value, column } = first(field);
    if (!value) continue;
    const number = frenchNumber(value);
    if (number === undefined) return reject(column, `"${value}" is not a number (column "${column}")`);
    position[field] = number;
  }
  if (position.lat !== undefined && position.lon !== undefined) {
    const problem = positionProblem(position.lat, position.lon);
    if (problem) return reject(first('lat').column, problem);
  }

  const dates: { startsAt?: string; endsAt?: string; allDay?: boolean } = {};
  for (const field of ['startsAt', 'endsAt'] as const) {
    const { value, column } = first(field);
    if (!value) continue;
    const date = frenchDateTime(value);
    if (!date) return reject(column, `"${value}" is not a date (column "${column}"; write 01/03/2026 or 01/03/2026 14:30)`);
    dates[field] = date.at;
    if (field === 'startsAt') dates.allDay = date.allDay;
  }

  const postalCode = fiveDigits(first('postalCode').value);
  const keyValue = first('key').value;
  return {
    ...(keyValue ? { keyValue } : {}),
    fields: {
      type, ...(kind ? { kind } : {}), name: cutText(name.value, 120),
      shortDescription: cutText(all('shortDescription').join(' '), 280),
      description: all('description').join('\n\n'),
      tags: [...new Set(tags)].slice(0, 20),
      street: joinWords(...all('street')),
      postalCode: /^\d{5}$/.test(postalCode) ? postalCode : '',
      communeInsee: fiveDigits(first('communeInsee').value).toUpperCase() || undefined,
      locality: first('locality').value,
      ...position,
      url: cleanUrl(first('url').value),
      contactEmail: cleanEmail(first('contactEmail').value),
      contactPhone: cleanPhone(first('contactPhone').value),
      ...dates,
    },
  };
}

/** A short key that stays the same from one import to the next while the element's identity does. */
export function identityHash(...parts: (string | number | undefined)[]): string {
  const identity = parts.map((part) => (typeof part === 'string' ? plainWords(part) : String(part ?? ''))).join('|');
  return createHash('sha256').update(identity).digest('hex').slice(0, 16);
}

// ---------- The generic CSV format ----------

export const csvFormat: ElementFormat = {
  id: 'csv',
  label: 'CSV file (columns mapped to fields)',
  defaultSource: 'CSV file',
  defaultLicence: 'Not stated',
  maxBytes: 256 * 1024 ** 2,
  recognizes: (name) => /\.(csv|tsv|txt)$/i.test(name),
  read: readMappedCsv,
};

async function* readMappedCsv(context: ReadContext): AsyncIterable<ImportItem> {
  let plan: MappingPlan | null = null;
  const rows = readCsv(context.stream, context.tally, ({ columns, delimiter }) => {
    if (columns.length === 0) throw new AppError('validation', `${context.file.name} is empty: no header line`);
    const mapping = context.options.mapping ?? suggestMapping(columns);
    if (!context.options.mapping) {
      context.warn(`No mapping was given; the columns were guessed: ${Object.entries(mapping).map(([column, field]) => `${column} → ${field}`).join(', ') || 'none'}`);
    }
    const have = new Set(columns.map((column) => column.toLowerCase()));
    const absent = Object.keys(mapping).filter((column) => mapping[column] && !have.has(column.trim().toLowerCase()));
    if (absent.length > 0) {
      throw new AppError('validation', `The mapping names columns this file does not have: ${absent.map((column) => `"${column}"`).join(', ')} `
        + `(read with "${delimiter === '\t' ? 'tab' : delimiter}" between values; columns found: ${columns.join(', ')})`, 'mapping');
    }
    plan = mappingPlan(mapping, context.options.type);
  });
  for await (const row of rows) {
    if ('problem' in row) {
      yield { line: row.line, rejected: { field: row.field, reason: row.problem }, truncated: row.truncated };
      continue;
    }
    const mapped = mapRecord(row.values, plan!);
    if ('rejected' in mapped) {
      yield { line: row.line, rejected: mapped.rejected };
      continue;
    }
    const { fields, keyValue } = mapped;
    const key = `csv:${keyValue ?? identityHash(fields.name, fields.street, fields.postalCode, fields.locality)}`;
    yield { line: row.line, key, fields };
  }
}

// ---------- Preview, for the mapping step of the admin page ----------

/** The header, delimiter, encoding and first rows of a CSV file (keyed by the columns as written). */
export async function readCsvPreview(path: string, rows = 5): Promise<{ columns: string[]; delimiter: string; encoding: string; sample: Record<string, string>[] }> {
  const file = checkImportFile(path, { maxBytes: Number.MAX_SAFE_INTEGER });
  const { stream } = openImportStream(file);
  const tally = new EncodingTally();
  let header = { columns: [] as string[], delimiter: ',' };
  const sample: Record<string, string>[] = [];
  try {
    for await (const row of readCsv(stream, tally, (found) => { header = found; })) {
      if ('problem' in row) continue;
      sample.push(Object.fromEntries(header.columns.map((column) => [column, row.values[column.toLowerCase()] ?? ''])));
      if (sample.length >= rows) break;
    }
  } finally {
    stream.destroy();
  }
  return { columns: header.columns, delimiter: header.delimiter, encoding: tally.encoding, sample };
}
