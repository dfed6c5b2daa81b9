// JSON API of federation for the box admin: this box's identity, its peers, sync now.
//   GET    /api/v1/sync                  { boxId, fingerprint, name, peers }
//   POST   /api/v1/sync/peers            { url, fingerprint, shareTypes?, shareZones?, relayTo?, acceptRelayed?, schedule? }
//   PATCH  /api/v1/sync/peers/:id        the same settings
//   DELETE /api/v1/sync/peers/:id
//   POST   /api/v1/sync/peers/:id/sync   pull and push now (and a digest repair every ten minutes); answers the outcome
import { Hono } from 'hono';
import type { AppEnv } from '../core/http/env.ts';
import { readJson } from '../core/http/input.ts';
import type { Deps } from '../deps.ts';
import { fingerprintOf } from '../box/identity.ts';
import { AppError } from '../core/errors.ts';
import { syncJobs } from './jobs.ts';
import { addPeer, dropPeer, requirePeerAdmin, updatePeer } from './peering.ts';
import { listPeers } from './storage.ts';

export function syncApi(deps: Deps) {
  const api = new Hono<AppEnv>();
  api.get('/sync', (c) => {
    requirePeerAdmin(c.get('viewer'));
    return c.json({ boxId: deps.box.boxId, fingerprint: fingerprintOf(deps.box.boxId), name: deps.box.name, peers: listPeers(deps.db) });
  });
  // Schedules follow the peers at once (the jobs also look every minute).
  const refreshed = <T>(value: T) => {
    syncJobs(deps).refresh();
    return value;
  };
  api.post('/sync/peers', async (c) => c.json(refreshed(await addPeer(deps, c.get('viewer'), await readJson(c))), 201));
  api.patch('/sync/peers/:id', async (c) => c.json(refreshed(updatePeer(deps, c.get('viewer'), c.req.param('id'), await readJson(c)))));
  api.delete('/sync/peers/:id', (c) => {
    dropPeer(deps, c.get('viewer'), c.req.param('id'));
    return refreshed(c.body(null, 204));
  });
  api.post('/sync/peers/:id/sync', async (c) => {
    requirePeerAdmin(c.get('viewer'));
    const outcome = await syncJobs(deps).syncAndWait(c.req.param('id'));
    if (outcome === 'busy') throw new AppError('conflict', 'A sync with this peer is already under way');
    return c.json(outcome);
  });
  return api;
}
