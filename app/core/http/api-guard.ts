// CSRF for the JSON API: a POST authenticated by the session cookie must be a JSON request,
// which another site cannot send without a CORS preflight this box never grants. PATCH and DELETE
// always need that preflight, and the session cookie is SameSite=Lax besides.
import type { MiddlewareHandler } from 'hono';
import { AppError } from '../errors.ts';
import type { AppEnv } from './env.ts';

export function apiCsrfGuard(): MiddlewareHandler<AppEnv> {
  return async function apiCsrfGuardMiddleware(c, next) {
    if (c.req.method === 'POST' && c.get('authBy') === 'session') {
      const json = (c.req.header('content-type') ?? '').startsWith('application/json');
      if (!json && c.req.header('x-csrf-token') !== c.get('csrf')) {
        throw new AppError('forbidden', 'Cookie-authenticated API writes must be JSON requests (or carry X-CSRF-Token)');
      }
    }
    await next();
  };
}
