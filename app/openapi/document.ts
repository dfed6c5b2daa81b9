// The API's OpenAPI 3.1 description, generated from the same zod schemas that validate requests.
// Each concept's paths are listed in their own file here; document.test.ts checks that every route of the
// app is described, and nothing else.
import { accountsPaths } from './accounts.ts';
import { agendaPaths } from './agenda.ts';
import { boxPaths } from './box.ts';
import { communityPaths } from './community.ts';
import { coopPaths } from './coop.ts';
import { discoveryPaths } from './discovery.ts';
import { elementsPaths } from './elements.ts';
import { exchangePaths } from './exchange.ts';
import { importsPaths } from './imports.ts';
import { syncPaths } from './sync.ts';
import { inboxPaths } from './inbox.ts';
import { mediaPaths } from './media.ts';
import { publishingPaths } from './publishing.ts';
import { roomsPaths } from './rooms.ts';

let cached: object | null = null;

export function openApiDocument(): object {
  cached ??= {
    openapi: '3.1.0',
    info: {
      title: 'CoPi API', version: '1',
      description: 'Same permissions as the pages. Errors are { "error": { "code", "message", "field"? } }. '
        + 'The paths of a module the box admin turned off (GET /api/v1/modules) answer 404.',
    },
    components: {
      securitySchemes: { token: { type: 'http', scheme: 'bearer' }, session: { type: 'apiKey', in: 'cookie', name: 'copi_session' } },
      schemas: { Error: { type: 'object', required: ['error'], properties: { error: { type: 'object', required: ['code', 'message'],
        properties: { code: { type: 'string' }, message: { type: 'string' }, field: { type: 'string' } } } } } },
    },
    security: [{ token: [] }, { session: [] }, {}],
    paths: {
      ...boxPaths(),
      ...accountsPaths(),
      ...elementsPaths(),
      ...mediaPaths(),
      ...discoveryPaths(),
      ...agendaPaths(),
      ...roomsPaths(),
      ...communityPaths(),
      ...inboxPaths(),
      ...exchangePaths(),
      ...coopPaths(),
      ...publishingPaths(),
      ...importsPaths(),
      ...syncPaths(),
    },
  };
  return cached;
}
