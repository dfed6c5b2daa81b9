// The OpenAPI document against the routes the app really registers: an API added without its description,
// or a description left behind by a removed API, fails here.
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { createTestBox } from '../testing/test-box.ts';

interface Operation { parameters?: { name: string; in: string }[]; requestBody?: { content: Record<string, { schema: { properties: Record<string, { enum?: string[] }> } }> } }
interface Document { openapi: string; paths: Record<string, Record<string, Operation>> }

const box = createTestBox();
afterAll(() => box.close());
const document = async () => (await (await box.request('/api/v1/openapi.json')).json()) as Document;

/** "GET /api/v1/elements/{id}" for each route of the app; Hono's `:id` (or `:id{regex}`) written as `{id}`. */
function appOperations(): string[] {
  const app = createApp(box.deps, { dbPath: box.dbPath });
  const operations = app.routes
    // Middleware (app.use) is registered as method ALL: it answers no request of its own.
    .filter((route) => route.method !== 'ALL')
    .map((route) => `${route.method} ${route.path.replace(/:(\w+)(\{[^}]*\})?/g, '{$1}')}`);
  return [...new Set(operations)];
}

const documentedOperations = (doc: Document) =>
  Object.entries(doc.paths).flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`));

describe('the OpenAPI document', () => {
  it('describes every route the app serves under /api/v1, with its method', async () => {
    const documented = new Set(documentedOperations(await document()));
    const undocumented = appOperations().filter((operation) => operation.split(' ')[1].startsWith('/api/v1/') && !documented.has(operation));
    expect(undocumented).toEqual([]);
  });

  it('describes nothing the app does not serve', async () => {
    const served = new Set(appOperations());
    expect(documentedOperations(await document()).filter((operation) => !served.has(operation))).toEqual([]);
  });

  it('declares every parameter of a path in each of its operations', async () => {
    const doc = await document();
    const mismatches = Object.entries(doc.paths).flatMap(([path, operations]) => {
      const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
      return Object.entries(operations).flatMap(([method, operation]) => {
        const declared = (operation.parameters ?? []).filter((parameter) => parameter.in === 'path').map((parameter) => parameter.name).sort();
        return declared.join() === inPath.join() ? [] : [`${method.toUpperCase()} ${path}: ${declared.join() || 'none'}`];
      });
    });
    expect(mismatches).toEqual([]);
  });

  it('takes request bodies from the schemas that validate them', async () => {
    const doc = await document();
    const body = (path: string, method: string) => doc.paths[path][method].requestBody!.content['application/json'].schema.properties;
    expect(body('/api/v1/coop/proposals/{id}/ballot', 'put').choice.enum).toEqual(['for', 'against', 'blank']);
    expect(body('/api/v1/market', 'post').currency.enum).toEqual(['EUR', 'CHF', 'G1']);
    // An ad is never private, whatever the element schema allows.
    expect(body('/api/v1/market', 'post').visibility.enum).toEqual(['public', 'members']);
    expect(Object.keys(body('/api/v1/maps', 'post'))).toEqual(expect.arrayContaining(['title', 'types', 'tags', 'zones', 'colours']));
  });
});
