// For tests of records and bundles between real box databases without HTTP: one box made a peer of another
// straight in its database (what peering does once the other box said hello), sharing every shareable type.
import { transaction } from '../../core/db/database.ts';
import { boxKeys } from '../../box/settings.ts';
import type { TestBox } from '../../testing/test-box.ts';
import { search } from '../../search/search.ts';
import { shareableTypes } from '../own.ts';
import { savePeer } from '../storage.ts';

export interface DirectPeerOptions { relayTo?: boolean; acceptRelayed?: 'none' | 'trusted' | 'all'; shareZones?: string[] }

export function addPeerDirectly(from: TestBox, to: TestBox, name: string, options: DirectPeerOptions = {}) {
  const keys = boxKeys(to.deps.db);
  transaction(from.deps.db, () => savePeer(from.deps.db, {
    boxId: keys.boxId, publicKey: keys.publicKey, url: 'http://unused', name,
    shareTypes: [...shareableTypes], shareZones: options.shareZones ?? [], relayTo: options.relayTo ?? false,
    acceptRelayed: options.acceptRelayed ?? 'trusted', schedule: '', createdAt: new Date().toISOString(), lastSyncAt: null, lastError: null,
  }));
}

/** The names a box's search finds for these words (anonymous visitor). */
export const foundOn = (box: TestBox, words: string) => search(box.deps.db, null, { q: words, offset: 0, limit: 20 }).items.map((item) => item.name);
