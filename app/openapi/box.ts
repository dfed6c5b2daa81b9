// The box itself: liveness, readiness, this document, the captive-portal API, and which modules it offers.
import { offSchema } from '../modules/actions.ts';
import { json, responses, tagged, type Paths } from './describe.ts';

export const boxPaths = (): Paths => tagged('Box', {
  '/healthz': { get: { summary: 'Liveness', responses: responses('Alive') } },
  '/readyz': { get: { summary: 'Ready to serve', responses: { 200: { description: 'Ready' }, 503: { description: 'Starting' } } } },
  '/api/v1/openapi.json': { get: { summary: 'This document', responses: responses('OpenAPI 3.1 document') } },
  '/api/v1/captive-portal': {
    get: { summary: 'RFC 8908 captive-portal state of the asking Wi-Fi client (the URI DHCP option 114 gives phones)', responses: responses('application/captive+json') },
  },
  '/api/v1/modules': {
    get: { summary: 'The modules of this box, each on or off; the paths of a module turned off answer 404', responses: responses('{ modules: [{ id, on }] }') },
    put: { summary: 'Turn off exactly the modules listed, every other one on; their data is kept (box admin)', requestBody: json(offSchema), responses: responses('{ modules }') },
  },
});
