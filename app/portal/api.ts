// The RFC 8908 captive-portal API, at the URI that DHCP option 114 (RFC 8910) gives phones.
// Plain HTTP, though RFC 8908 wants HTTPS: an offline box cannot hold a certificate that phones trust.
// Clients that insist on HTTPS skip it and fall back on their probes (gate.ts), which work either way.
import { Hono } from 'hono';
import type { AppEnv } from '../core/http/env.ts';
import type { Deps } from '../deps.ts';
import type { EnteredClients } from './entered.ts';
import { clientAddress, portalUrls } from './network.ts';

export function portalApi(deps: Deps, entered: EnteredClients) {
  const api = new Hono<AppEnv>();
  const urls = portalUrls(deps.config.portal);

  api.get('/captive-portal', (c) => {
    const client = clientAddress(c);
    const remainingMs = client ? entered.remainingMs(client) : 0;
    const state = remainingMs > 0
      ? { captive: false, 'seconds-remaining': Math.floor(remainingMs / 1000), 'can-extend-session': true }
      : { captive: true };
    c.header('cache-control', 'private, no-store');
    c.header('content-type', 'application/captive+json');
    return c.body(JSON.stringify({ ...state, 'user-portal-url': urls.page, 'venue-info-url': urls.box }));
  });

  return api;
}
