// In front of every route: a client of the box's Wi-Fi asking for any other site than the box gets the portal
// page, or, once it has pressed "Enter", its OS's exact "online" answer to a connectivity probe.
import type { MiddlewareHandler } from 'hono';
import type { AppEnv, Ctx } from '../core/http/env.ts';
import type { Deps } from '../deps.ts';
import type { EnteredClients } from './entered.ts';
import { clientAddress, inNetwork, portalUrls, requestHost } from './network.ts';
import { findProbe, type Probe } from './probes.ts';
import { wizardPending } from '../setup/state.ts';

export function portalGate(deps: Deps, entered: EnteredClients): MiddlewareHandler<AppEnv> {
  const { portal } = deps.config;
  const urls = portalUrls(portal);
  const boxHosts = new Set(['', portal.address, hostOf(deps.config.publicUrl)]);

  return async function portalGateMiddleware(c, next) {
    if (!portal.enabled) return next();
    // Ethernet, loopback and anything else outside the Wi-Fi reach the box as they ask.
    const client = clientAddress(c);
    if (!client || !inNetwork(client, portal)) return next();
    const host = requestHost(c);
    if (boxHosts.has(host)) return next();

    const probe = findProbe(host, c.req.path);
    if (probe && entered.remainingMs(client) > 0) return probeAnswer(c, probe);
    c.header('cache-control', 'no-store');
    // A box not set up yet (COPI_WIZARD=1) takes its first visitor to the wizard instead of the portal page.
    return c.redirect(wizardPending(deps) ? `${urls.box}setup` : urls.page, 302);
  };
}

function probeAnswer(c: Ctx, probe: Probe) {
  const { status, contentType, body } = probe.answer;
  c.header('cache-control', 'no-store');
  if (status === 204) return c.body(null, 204);
  if (contentType) c.header('content-type', contentType);
  return c.body(body, status);
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname.replace(/^\[|\]$/g, '');
  } catch {
    return '';
  }
}
