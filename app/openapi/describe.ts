// The pieces every path table of the OpenAPI document is written with: bodies and query parameters come
// from the zod schemas that validate the requests, so the description cannot drift from the validation.
import { z } from 'zod';

export interface Operation {
  summary: string;
  tags?: string[];
  parameters?: object[];
  requestBody?: object;
  responses: object;
}
export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
export type Paths = Record<string, Partial<Record<Method, Operation>>>;

/** The JSON Schema of what a request may send (the input side of transforms and defaults). */
export function schema(s: z.ZodType): object {
  // The document's dialect is already JSON Schema 2020-12: no need to repeat it in every schema.
  const { $schema: _dialect, ...rest } = z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' });
  return rest;
}

/** A JSON request body validated by this schema. */
export const json = (s: z.ZodType) => ({ required: true, content: { 'application/json': { schema: schema(s) } } });

/** A multipart/form-data upload: its text fields (sent before the files), then one or more files. */
export const multipart = (fields: Record<string, string>) => ({
  required: true,
  content: {
    'multipart/form-data': {
      schema: {
        type: 'object', required: ['file'],
        properties: {
          ...Object.fromEntries(Object.entries(fields).map(([name, description]) => [name, { type: 'string', description }])),
          file: { type: 'array', items: { type: 'string', format: 'binary' } },
        },
      },
    },
  },
});

const error = { description: 'Error', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } };
export const responses = (ok: string, code = '200') => ({ [code]: { description: ok }, '4XX': error });

/** The query parameters of a query schema, one per property. */
export function queryOf(s: z.ZodType) {
  const { properties, required = [] } = schema(s) as { properties: Record<string, object>; required?: string[] };
  return Object.entries(properties).map(([name, p]) => ({ name, in: 'query', required: required.includes(name), schema: p }));
}

export const uuidParam = (name: string) => ({ name, in: 'path', required: true, schema: { type: 'string', format: 'uuid' } });
export const textParam = (name: string, description?: string) => ({ name, in: 'path', required: true, schema: { type: 'string' }, description });
/** The common case: a path with one `{id}` that is a UUID. */
export const id = [uuidParam('id')];

/** The same paths with every operation filed under this tag (how documentation viewers group them). */
export function tagged(tag: string, paths: Paths): Paths {
  return Object.fromEntries(Object.entries(paths).map(([path, operations]) => [
    path, Object.fromEntries(Object.entries(operations).map(([method, operation]) => [method, { tags: [tag], ...operation }])),
  ]));
}
