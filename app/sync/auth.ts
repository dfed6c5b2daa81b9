// Signed requests between peers (PROTOCOL.md, "HTTP endpoints"): the caller signs the method, path, callee
// and a fresh nonce with its box key; the callee checks the signature against the key of a peer its admin
// added, and refuses a nonce it has already served. No clock is involved.
import { randomBytes } from 'node:crypto';
import { sql, transaction, type Db } from '../core/db/database.ts';
import { AppError } from '../core/errors.ts';
import { signBytes, verifySignature, type BoxKeys } from '../box/identity.ts';
import { findPeer, type Peer } from './storage.ts';

const message = (method: string, pathAndQuery: string, callee: string, nonce: string) =>
  `copi-sync-v1\n${method.toUpperCase()}\n${pathAndQuery}\n${callee}\n${nonce}`;

/** Headers that sign a request from this box to `callee`. */
export function signedHeaders(keys: BoxKeys, method: string, pathAndQuery: string, callee: string): Record<string, string> {
  const nonce = randomBytes(16).toString('base64url');
  return { 'copi-box': keys.boxId, 'copi-nonce': nonce, 'copi-signature': signBytes(keys, message(method, pathAndQuery, callee, nonce)) };
}

const keptNonces = 20_000;

/** The peer that signed this request; throws 401/403 otherwise. */
export function callingPeer(db: Db, ownBoxId: string, request: { method: string; pathAndQuery: string; header(name: string): string | undefined }): Peer {
  const caller = request.header('copi-box');
  const nonce = request.header('copi-nonce');
  const signature = request.header('copi-signature');
  if (!caller || !nonce || !signature || nonce.length > 64) throw new AppError('unauthenticated', 'This request is not signed by a box');
  const peer = findPeer(db, caller);
  if (!peer) throw new AppError('forbidden', `Box ${caller} is not a peer of this box: its admin must add it first`);
  if (!verifySignature(peer.publicKey, message(request.method, request.pathAndQuery, ownBoxId, nonce), signature)) {
    throw new AppError('unauthenticated', 'Bad request signature');
  }
  transaction(db, () => {
    const fresh = sql(db, 'INSERT OR IGNORE INTO sync_nonces (nonce, seen) VALUES (?, coalesce((SELECT max(seen) FROM sync_nonces), 0) + 1)').run(nonce).changes === 1;
    if (!fresh) throw new AppError('unauthenticated', 'This request was already served (replayed nonce)');
    sql(db, 'DELETE FROM sync_nonces WHERE seen <= (SELECT max(seen) FROM sync_nonces) - ?').run(keptNonces);
  });
  return peer;
}
