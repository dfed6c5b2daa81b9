// Finding things: search, zones and territories, the map's clusters.
import { searchParamsSchema } from '../search/params.ts';
import { customZoneSchema } from '../zones/custom.ts';
import { viewSchema } from '../map/api.ts';
import { json, queryOf, responses, tagged, textParam, type Paths } from './describe.ts';

const zoneId = [textParam('id', 'commune:, epci:, dep:, region:, country:FR or custom:')];

export const discoveryPaths = (): Paths => tagged('Search, zones and map', {
  '/api/v1/search': {
    get: { summary: 'Unified search: results (ranked by text, then distance), facets and total; no cap, paged by cursor',
      parameters: queryOf(searchParamsSchema), responses: responses('{ zones, items, total, facets, nextCursor }') },
  },
  '/api/v1/zones/{id}': { get: { summary: 'A zone (commune:, epci:, dep:, region:, country:FR or custom:): counts per type, sub-zones, first elements', parameters: zoneId, responses: responses('Zone summary') } },
  '/api/v1/custom-zones': {
    get: { summary: 'Territories defined on this box', responses: responses('{ items }') },
    post: { summary: 'Define a territory: a union of zones or a polygon (box admin)', requestBody: json(customZoneSchema), responses: responses('Territory', '201') },
  },
  '/api/v1/custom-zones/{id}': { delete: { summary: 'Remove a territory (box admin)', parameters: [textParam('id')], responses: responses('Removed', '204') } },
  '/api/v1/map/clusters': {
    get: { summary: 'What the map shows in a bounding box at a zoom level: clusters and single elements, filtered like a search',
      parameters: [...queryOf(viewSchema), ...queryOf(searchParamsSchema.omit({ cursor: true, limit: true }))], responses: responses('{ total, features }') },
  },
});
