// JSON API for accounts: /api/v1/auth/*, /api/v1/me/*.
import { Hono } from 'hono';
import { z } from 'zod';
import { AppError, notFound } from '../core/errors.ts';
import type { AppEnv, Ctx } from '../core/http/env.ts';
import { readJson } from '../core/http/input.ts';
import { parse } from '../core/validation.ts';
import type { Deps } from '../deps.ts';
import { authenticate, deleteAccount, issueResetLink, newApiToken, register, startSession } from './actions.ts';
import type { RateLimiter } from './rate-limit.ts';
import { setSessionCookie, sessionCookie } from './session.ts';
import { deleteApiToken, deleteSession, listApiTokens } from './storage.ts';
import { getCookie, deleteCookie } from 'hono/cookie';
import type { Account } from './storage.ts';
import { signedIn } from '../permissions/visibility.ts';

export const clientAddress = (c: Ctx) =>
  (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket?.remoteAddress ?? 'local';

/** Login with the rate limit applied per address and per username. */
export async function loginWithLimit(deps: Deps, limiter: RateLimiter, c: Ctx, input: unknown): Promise<Account> {
  const username = typeof (input as { username?: unknown })?.username === 'string' ? (input as { username: string }).username.trim().toLowerCase() : '';
  const keys = [`ip:${clientAddress(c)}`, `user:${username}`];
  const wait = limiter.retryAfter(keys);
  if (wait > 0) {
    c.header('Retry-After', String(wait));
    throw new AppError('rate_limited', `Too many failed sign-ins; try again in ${Math.ceil(wait / 60)} min`);
  }
  try {
    const account = await authenticate(deps, input, c.get('locale'));
    limiter.reset([`user:${username}`]);
    return account;
  } catch (error) {
    if (error instanceof AppError && error.code === 'unauthenticated') limiter.recordFailure(keys);
    throw error;
  }
}

const accountJson = (account: Account) => ({ personId: account.personId, username: account.username, isBoxAdmin: account.isBoxAdmin });

export function accountsApi(deps: Deps, limiter: RateLimiter) {
  const api = new Hono<AppEnv>();

  api.post('/auth/register', async (c) => {
    const account = await register(deps, await readJson(c), c.get('locale'));
    setSessionCookie(c, startSession(deps, account));
    return c.json(accountJson(account), 201);
  });
  api.post('/auth/login', async (c) => {
    const account = await loginWithLimit(deps, limiter, c, await readJson(c));
    setSessionCookie(c, startSession(deps, account));
    return c.json(accountJson(account));
  });
  api.post('/auth/logout', (c) => {
    const secret = getCookie(c, sessionCookie);
    if (secret) deleteSession(deps.db, secret);
    deleteCookie(c, sessionCookie, { path: '/' });
    return c.body(null, 204);
  });
  api.get('/me', (c) => c.json(signedIn(c.get('viewer'))));
  api.delete('/me', async (c) => {
    await deleteAccount(deps, c.get('viewer'), await readJson(c), c.get('locale'));
    deleteCookie(c, sessionCookie, { path: '/' });
    return c.body(null, 204);
  });
  api.get('/me/tokens', (c) => c.json({ items: listApiTokens(deps.db, signedIn(c.get('viewer')).personId) }));
  api.post('/me/tokens', async (c) => c.json(newApiToken(deps, c.get('viewer'), await readJson(c), c.get('locale')), 201));
  api.delete('/me/tokens/:id', (c) => {
    if (!deleteApiToken(deps.db, signedIn(c.get('viewer')).personId, c.req.param('id'))) throw notFound('Token');
    return c.body(null, 204);
  });
  api.post('/admin/reset-links', async (c) => {
    const { personId } = parse(z.object({ personId: z.uuid() }).strict(), await readJson(c), c.get('locale'));
    const token = issueResetLink(deps, c.get('viewer'), personId);
    return c.json({ url: `${deps.config.publicUrl}/reset/${token}` }, 201);
  });

  return api;
}
