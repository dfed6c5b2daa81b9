// A Communecter export: the JSON its API answers (`/api/<type>/get/...`: `{meta, entities: {<mongoId>: {...}}}`),
// or an array of such entities. Organizations, projects, events and places become elements keyed by their
// Communecter id; persons are not imported (on a box people create their own account). Links between
// entities of the same file (members, contributors, organizers, parents) come along. The file is read twice,
// both times streamed: first for the links (an entity may name one that comes later), then for the elements.
import { pipeline, type Readable } from 'node:stream';
import { parser, type Token } from 'stream-json/parser.js';
import Assembler from 'stream-json/assembler.js';
import { AppError } from '../../core/errors.ts';
import { kindsByType } from '../../elements/model.ts';
import { openImportStream, type ImportFile } from '../read/file.ts';
import type { ElementFormat, ImportedFields, ImportedLink, ImportItem, ReadContext } from '../model.ts';
import { cleanEmail, cleanPhone, cleanTag, cleanUrl, cutText, frenchNumber } from './clean.ts';

export const communecterFormat: ElementFormat = {
  id: 'communecter',
  label: 'Communecter export (JSON of its API)',
  // An export comes a page or a type at a time: what one file does not list has not vanished.
  marksVanished: false,
  defaultSource: 'Communecter (communecter.org)',
  defaultLicence: 'Open data of Communecter (licence stated by each element)',
  maxBytes: 512 * 1024 ** 2,
  recognizes: (name, head) => /\.json$/i.test(name) && /"entities"|"@type"/.test(head),
  read: readCommunecter,
};

type EntityType = 'person' | 'organization' | 'project' | 'event' | 'poi';
type Entity = Record<string, unknown>;

async function* readCommunecter(context: ReadContext): AsyncIterable<ImportItem> {
  const graph = await collectLinks(context.file);
  const { linksTo, outside, withPersons } = graph.resolve();
  let persons = 0;
  for await (const read of readEntities(context.stream, context.file.name)) {
    if ('broken' in read) {
      yield { line: read.position, rejected: { reason: read.broken }, truncated: true };
      continue;
    }
    const item = itemOf(read.position, read.key, read.value, linksTo);
    if ('skipped' in item && item.skipped === 'person') persons++;
    yield item;
  }
  if (persons > 0) context.warn(`${count(persons, 'person')} not imported: on a box, people create their own account.`);
  if (withPersons > 0) context.warn(`${count(withPersons, 'link')} with persons left out (persons are not imported).`);
  if (outside > 0) {
    context.warn(`${count(outside, 'link')} to Communecter elements that are not in this file left out: `
      + 'export them in the same file to keep those links.');
  }
}

const count = (n: number, word: string) => `${n} ${word}${n > 1 ? 's' : ''}`;

// ---------------------------------------------------------------------------------------------------------
// Reading entities one at a time from the token stream, whatever the file's shape.

type ReadEntity = { position: number; key: string | null; value: unknown } | { position: number; broken: string };

/** The entities of the file, each assembled alone: `{entities: {id: …}}` or `[…]`. Never the whole file. */
async function* readEntities(stream: Readable, name: string): AsyncIterable<ReadEntity> {
  const tokens = parser.asStream({ streamValues: false });
  pipeline(stream, tokens, () => {});
  let depth = 0;
  let entitiesDepth: number | null = null;
  let entitiesInArray = false;
  let sawEntities = false;
  let lastKey: string | null = null;
  let position = 0;
  let entity: { asm: Assembler; key: string | null } | null = null;
  try {
    for await (const token of tokens as AsyncIterable<Token>) {
      if (entity) {
        entity.asm.consume(token);
        if (entity.asm.done) {
          yield { position, key: entity.key, value: entity.asm.current };
          entity = null;
        }
        continue;
      }
      if (token.name === 'keyValue') {
        lastKey = String(token.value);
        continue;
      }
      const opens = token.name === 'startObject' || token.name === 'startArray';
      if (depth === 0) {
        if (!opens) throw notAnExport(name, 'it holds a single value');
        if (token.name === 'startArray') [entitiesDepth, entitiesInArray, sawEntities] = [1, true, true];
      } else if (depth === entitiesDepth && !token.name.startsWith('end')) {
        position++;
        entity = { asm: new Assembler(), key: entitiesInArray ? null : lastKey };
        entity.asm.consume(token);
        if (entity.asm.done) {
          yield { position, key: entity.key, value: entity.asm.current };
          entity = null;
        }
        continue;
      } else if (depth === 1 && lastKey === 'entities' && opens) {
        [entitiesDepth, entitiesInArray, sawEntities] = [2, token.name === 'startArray', true];
      }
      if (opens) depth++;
      if (token.name === 'endObject' || token.name === 'endArray') {
        depth--;
        if (entitiesDepth !== null && depth < entitiesDepth) entitiesDepth = null;
      }
    }
  } catch (error) {
    if (error instanceof AppError) throw error;
    const message = (error as Error).message.replace(/^Parser (cannot parse input: )?/, '');
    if (!sawEntities) throw new AppError('validation', `${name} is not valid JSON (${message}): export it again from Communecter`);
    const complete = entity ? position - 1 : position;
    yield { position: complete + 1, broken: `The file ends early or is damaged after its entity ${complete} (${message}): the entities before were read` };
    return;
  }
  if (!sawEntities) throw notAnExport(name, 'it has no "entities"');
}

const notAnExport = (name: string, why: string) =>
  new AppError('validation', `${name} is not a Communecter export: ${why} (expected {"meta": …, "entities": {…}} or a list of entities)`);

// ---------------------------------------------------------------------------------------------------------
// Links: read first, kept as small edges between ids, put on the element they point to.

interface Edge { from: string; to: string; kind: ImportedLink['kind']; isAdmin: boolean }
interface Ref { id: string; type: EntityType | null; isAdmin: boolean }

class LinkGraph {
  readonly types = new Map<string, EntityType | null>();
  private readonly edges = new Map<string, Edge>();
  private readonly personIds = new Set<string>();

  add(from: Ref | string, to: Ref | string, kind: Edge['kind'], isAdmin = false) {
    for (const end of [from, to]) if (typeof end !== 'string' && end.type === 'person') this.personIds.add(end.id);
    const edge = { from: typeof from === 'string' ? from : from.id, to: typeof to === 'string' ? to : to.id, kind, isAdmin };
    if (edge.from === edge.to) return;
    const id = `${edge.from} ${edge.to} ${kind}`;
    const known = this.edges.get(id);
    this.edges.set(id, { ...edge, isAdmin: isAdmin || (known?.isAdmin ?? false) });
  }

  /** The links each element of the file receives, and how many were left out. */
  resolve() {
    const linksTo = new Map<string, ImportedLink[]>();
    let outside = 0;
    let withPersons = 0;
    const isPerson = (id: string) => this.types.get(id) === 'person' || (!this.types.has(id) && this.personIds.has(id));
    for (const edge of this.edges.values()) {
      if (isPerson(edge.from) || isPerson(edge.to)) withPersons++;
      else if (!this.types.has(edge.from) || !this.types.has(edge.to)) outside++;
      else {
        const links = linksTo.get(edge.to) ?? [];
        links.push({ fromKey: keyOf(edge.from), kind: edge.kind, ...(edge.isAdmin ? { isAdmin: true } : {}) });
        linksTo.set(edge.to, links);
      }
    }
    return { linksTo, outside, withPersons };
  }
}

/** First pass: every entity's id and type, and the links it declares. A broken file is reported by the second pass. */
async function collectLinks(file: ImportFile): Promise<LinkGraph> {
  const graph = new LinkGraph();
  try {
    for await (const read of readEntities(openImportStream(file).stream, file.name)) {
      if ('broken' in read || !isObject(read.value)) continue;
      const id = entityId(read.key, read.value);
      if (!id) continue;
      const type = entityType(read.value);
      graph.types.set(id, type);
      if (type) declaredLinks(graph, { id, type, isAdmin: false }, read.value);
    }
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
  }
  return graph;
}

/** The links an entity lists, both ways, in CoPi's kinds (who is member of, contributes to, organizes, carries what). */
function declaredLinks(graph: LinkGraph, self: Ref, entity: Entity) {
  const links = isObject(entity.links) ? entity.links : {};
  for (const ref of refsOf(links.members)) graph.add(ref, self, 'member', ref.isAdmin);
  for (const ref of refsOf(links.memberOf)) graph.add(self, ref, 'member', ref.isAdmin);
  for (const ref of refsOf(links.contributors)) graph.add(ref, self, 'contributor', ref.isAdmin);
  for (const ref of refsOf(links.organizer)) graph.add(ref, self, 'organizer');
  for (const ref of refsOf(links.subEvents)) graph.add(self, ref, 'parent');
  if (self.type === 'organization' || self.type === 'project') {
    for (const ref of refsOf(links.projects)) graph.add(self, ref, 'contributor', ref.isAdmin);
    for (const ref of refsOf(links.events)) graph.add(self, ref, 'organizer');
  }
  for (const ref of [...refsOf(entity.organizer), ...singleRef(entity.organizerId, entity.organizerType)]) graph.add(ref, self, 'organizer');
  for (const ref of [...refsOf(entity.parent), ...singleRef(entity.parentId, entity.parentType)]) {
    if (self.type === 'project') graph.add(ref, self, 'parent');
    else if (self.type === 'event') graph.add(ref, self, ref.type === 'event' ? 'parent' : 'organizer');
  }
}

/** References as Communecter writes them: `{id: {type, isAdmin}}` in the database, `[{name, url…}]` in its API. */
function refsOf(value: unknown): Ref[] {
  if (Array.isArray(value)) {
    return value.flatMap((item) => {
      if (!isObject(item)) return [];
      const id = text(item.id) || idOf(item._id) || idFromUrl(item.url);
      return id ? [{ id, type: typeOf(item.type ?? item['@type'] ?? item.collection) ?? typeFromUrl(item.url), isAdmin: truthy(item.isAdmin) }] : [];
    });
  }
  if (!isObject(value)) return [];
  return Object.entries(value).map(([id, item]) => ({
    id, type: isObject(item) ? typeOf(item.type ?? item.collection) : null, isAdmin: isObject(item) && truthy(item.isAdmin),
  }));
}

const singleRef = (id: unknown, type: unknown): Ref[] => (text(id) ? [{ id: text(id), type: typeOf(type), isAdmin: false }] : []);

const idPattern = /(?:\/id\/|\.id\.)([0-9a-zA-Z]{6,40})/;
function idFromUrl(url: unknown): string {
  const urls = typeof url === 'string' ? [url] : isObject(url) ? [url.api, url.communecter].filter((u) => typeof u === 'string') : [];
  for (const candidate of urls) {
    const match = idPattern.exec(candidate as string);
    if (match) return match[1];
  }
  return '';
}

function typeFromUrl(url: unknown): EntityType | null {
  const urls = typeof url === 'string' ? [url] : isObject(url) ? [url.api, url.communecter].filter((u) => typeof u === 'string') : [];
  for (const candidate of urls) {
    const match = /#(\w+)\.detail|\/type\/(\w+)\/id\/|\/api\/(\w+)\/get\//.exec(candidate as string);
    if (match) return typeOf(match[1] ?? match[2] ?? match[3]);
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------------
// One entity → one item.

const typeNames: Record<string, EntityType> = {
  person: 'person', persons: 'person', citoyen: 'person', citoyens: 'person',
  organization: 'organization', organizations: 'organization', ngo: 'organization', localbusiness: 'organization',
  group: 'organization', governmentorganization: 'organization',
  project: 'project', projects: 'project', event: 'event', events: 'event',
  poi: 'poi', pois: 'poi', place: 'poi', places: 'poi',
};
const typeOf = (value: unknown): EntityType | null => typeNames[text(value).toLowerCase()] ?? null;

const organizationKinds: Record<string, string> = {
  ngo: 'association', association: 'association', localbusiness: 'business', group: 'group', governmentorganization: 'public_body',
};

function entityType(entity: Entity): EntityType | null {
  return typeOf(entity['@type']) ?? typeOf(entity.collection) ?? typeOf(entity.typeSig)
    ?? (organizationKinds[text(entity.type).toLowerCase()] ? 'organization' : null);
}

function entityId(key: string | null, entity: Entity): string {
  return key || idOf(entity._id) || text(entity.id) || idFromUrl(entity.url);
}

const idOf = (value: unknown) => (isObject(value) ? text(value.$id ?? value.$oid) : text(value));
const keyOf = (id: string) => `communecter:${id}`;

function itemOf(line: number, key: string | null, value: unknown, linksTo: Map<string, ImportedLink[]>): ImportItem {
  if (!isObject(value)) return { line, rejected: { reason: `Entity ${line} of the file is not an object` } };
  const id = entityId(key, value);
  if (!id) return { line, rejected: { field: 'id', reason: `Entity ${line} of the file has no Communecter id` } };
  const sourceKey = keyOf(id);
  const type = entityType(value);
  const address = isObject(value.address) ? value.address : {};
  if (type === 'person') return { line, key: sourceKey, skipped: 'person' };
  if (!type) {
    return { line, key: sourceKey, rejected: { field: '@type', reason: `Communecter entity ${id} has no type this box imports ("${text(value['@type'] ?? value.type)}")` } };
  }
  const name = text(value.name);
  if (!name) return { line, key: sourceKey, rejected: { field: 'name', reason: `Communecter entity ${id} has no name` } };
  const country = text(address.addressCountry).toUpperCase();
  if (country && !frenchCountries.has(country)) return { line, key: sourceKey, skipped: 'outside' };
  const fields = fieldsOf(type, name, value, address);
  if (!fields.postalCode && !fields.communeInsee && fields.lat === undefined) {
    return { line, key: sourceKey, rejected: { field: 'address', reason: `Communecter entity ${id} (${name}) has no postal code, INSEE code nor position` } };
  }
  const links = linksTo.get(id);
  return { line, key: sourceKey, fields, ...(links?.length ? { links } : {}) };
}

// Overseas departments and territories write their own ISO code as the country.
const frenchCountries = new Set(['FR', 'FRANCE', 'RE', 'GP', 'MQ', 'GF', 'YT', 'PM', 'BL', 'MF', 'NC', 'PF', 'WF']);

function fieldsOf(type: Exclude<EntityType, 'person'>, name: string, entity: Entity, address: Entity): ImportedFields {
  const postalCode = text(address.postalCode);
  const insee = text(address.codeInsee).toUpperCase();
  const [lat, lon] = positionOf(entity);
  const fields: ImportedFields = {
    type, kind: kindOf(type, entity), name: cutText(name, 120),
    shortDescription: cutText(text(entity.shortDescription), 280),
    description: cutText(text(entity.description), 20000),
    tags: tagsOf(entity.tags),
    street: cutText(text(address.streetAddress), 200),
    postalCode: /^\d{5}$/.test(postalCode) ? postalCode : '',
    communeInsee: /^[0-9][0-9AB][0-9]{3}$/.test(insee) ? insee : undefined,
    locality: cutText(text(address.addressLocality), 120),
    ...(lat !== undefined && lon !== undefined ? { lat, lon } : {}),
    url: cleanUrl(isObject(entity.url) ? text(entity.url.website) : text(entity.url)),
    contactEmail: cleanEmail(text(entity.email)),
    contactPhone: cleanPhone(firstPhone(entity.telephone ?? entity.phone)),
  };
  if (type === 'event') {
    fields.startsAt = dateOf(entity.startDate);
    fields.endsAt = dateOf(entity.endDate);
    fields.allDay = truthy(entity.allDay);
  }
  return fields;
}

function kindOf(type: Exclude<EntityType, 'person'>, entity: Entity): string | undefined {
  const given = text(entity.typeCommunecter ?? entity.type).toLowerCase();
  if (type === 'organization') return organizationKinds[given] ?? organizationKinds[text(entity['@type']).toLowerCase()] ?? 'association';
  if (type === 'event') return given === 'others' ? 'other' : kindsByType.event.find((kind) => kind.toLowerCase() === given) ?? 'other';
  if (type === 'poi') return kindsByType.poi.find((kind) => kind.toLowerCase() === given) ?? 'place';
  return undefined;
}

function positionOf(entity: Entity): [number | undefined, number | undefined] {
  const geo = isObject(entity.geo) ? entity.geo : {};
  const lat = frenchNumber(text(geo.latitude));
  const lon = frenchNumber(text(geo.longitude));
  if (lat !== undefined && lon !== undefined && (lat !== 0 || lon !== 0)) return [lat, lon];
  const point = isObject(entity.geoPosition) && Array.isArray(entity.geoPosition.coordinates) ? entity.geoPosition.coordinates : [];
  const [x, y] = point.map((value) => frenchNumber(text(value)));
  return x !== undefined && y !== undefined && (x !== 0 || y !== 0) ? [y, x] : [undefined, undefined];
}

function tagsOf(value: unknown): string[] {
  const tags = Array.isArray(value) ? value.map((tag) => cleanTag(text(tag))).filter(Boolean) : [];
  return [...new Set(tags)].slice(0, 20);
}

/** Communecter keeps phones as `{fixe: [...], mobile: [...]}`; older exports as a string. */
function firstPhone(value: unknown): string {
  if (Array.isArray(value)) return value.map(firstPhone).find(Boolean) ?? '';
  if (isObject(value)) return [value.fixe, value.mobile].map(firstPhone).find(Boolean) ?? '';
  return text(value);
}

/** A date as Communecter exports it: ISO text, "2026-05-16 18:00:00", MongoDate `{sec}`, `{$date}`, or seconds. */
function dateOf(value: unknown): string | undefined {
  if (isObject(value)) {
    if (typeof value.sec === 'number') return new Date(value.sec * 1000).toISOString();
    const date = isObject(value.$date) ? Number(value.$date.$numberLong) : value.$date;
    return typeof date === 'string' || typeof date === 'number' ? dateOf(date) : undefined;
  }
  if (typeof value === 'number') return new Date(value < 1e11 ? value * 1000 : value).toISOString();
  const given = text(value);
  const french = /^(\d{2})\/(\d{2})\/(\d{4})(?:\s+(\d{2}):(\d{2}))?$/.exec(given);
  if (french) return `${french[3]}-${french[2]}-${french[1]}T${french[4] ?? '00'}:${french[5] ?? '00'}:00`;
  if (/^\d{4}-\d{2}-\d{2}$/.test(given)) return `${given}T00:00:00`;
  return given.replace(/^(\d{4}-\d{2}-\d{2})\s+(\d)/, '$1T$2') || undefined;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string => (typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '');
const truthy = (value: unknown) => value === true || value === 'true' || value === 1;
