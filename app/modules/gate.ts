// Requests to a turned-off module's pages or API answer 404, saying which module is off.
import type { MiddlewareHandler } from 'hono';
import { AppError } from '../core/errors.ts';
import type { AppEnv } from '../core/http/env.ts';
import type { Deps } from '../deps.ts';
import { moduleOfPath, modules, modulesOff } from './modules.ts';

export function moduleGate(deps: Deps): MiddlewareHandler<AppEnv> {
  return async function turnedOffModules(c, next) {
    const module = moduleOfPath(c.req.path);
    if (module && modulesOff(deps.db).has(module)) throw new AppError('not_found', modules[module].offMessage);
    return next();
  };
}
