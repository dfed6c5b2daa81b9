// CSRF for the JSON API: a write authenticated by the session cookie must be a JSON request,
// which another site cannot send without a CORS preflight this box never grants.
import type { MiddlewareHandler } from 'hono';
import { AppError } from '../errors.ts';
import type { AppEnv } from './env.ts';

export function apiCsrfGuard(): MiddlewareHandler<AppEnv> {
  return async function apiCsrfGuardMiddleware(c, next) {
    const safe = c.req.method === 'GET' || c.req.method === 'HEAD' || c.req.method === 'OPTIONS';
    if (!safe && c.get('authBy') === 'session') {
      const json = (c.req.header('content-type') ?? '').startsWith('application/json');
      if (!json && c.req.header('x-csrf-token') !== c.get('csrf')) {
        throw new AppError('forbidden', 'Cookie-authenticated API writes must be JSON requests (or carry X-CSRF-Token)');
      }
    }
    await next();
  };
}
