// The box's identity for federation: an Ed25519 key pair made at first start, the box id derived from its
// public key, the fingerprint admins compare when they peer two boxes, and the epoch of its data.
// Format and reasons: app/sync/PROTOCOL.md.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, sign, verify, type KeyObject } from 'node:crypto';

export interface BoxKeys {
  boxId: string;
  /** Raw 32-byte public key, base64url. */
  publicKey: string;
  privateKey: KeyObject;
}

const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';

/** A box id as boxIdOf writes it, and a public key as it travels (base64url of 32 bytes). */
export const boxIdPattern = /^[a-z2-7]{26}$/;
export const publicKeyPattern = /^[A-Za-z0-9_-]{43}$/;

/** RFC 4648 base32, lower case, no padding. */
function base32(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31];
  return out;
}

/** The box id of a public key (base64url raw key): 26 base32 characters of its SHA-256. */
export function boxIdOf(publicKey: string): string {
  return base32(createHash('sha256').update(Buffer.from(publicKey, 'base64url')).digest()).slice(0, 26);
}

/** The short code an admin reads on one box and types on the other: `ABCD-EFGH-IJKL-MNOP`. */
export function fingerprintOf(boxId: string): string {
  return boxId.slice(0, 16).toUpperCase().match(/.{4}/g)!.join('-');
}

/** A fingerprint as typed (any case, with or without dashes or spaces), or null when it cannot be one. */
export function normalFingerprint(typed: string): string | null {
  const plain = typed.toLowerCase().replace(/[\s-]/g, '');
  return /^[a-z2-7]{16}$/.test(plain) ? fingerprintOf(plain) : null;
}

export function newKeyPair(): { publicKey: string; privateKeyDer: string } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return {
    publicKey: publicKey.export({ format: 'jwk' }).x!,
    privateKeyDer: privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'),
  };
}

export function keysOf(publicKey: string, privateKeyDer: string): BoxKeys {
  return { boxId: boxIdOf(publicKey), publicKey, privateKey: createPrivateKey({ key: Buffer.from(privateKeyDer, 'base64'), format: 'der', type: 'pkcs8' }) };
}

export const newEpoch = () => randomBytes(8).toString('hex');

export const signBytes = (keys: BoxKeys, bytes: Buffer | string) => sign(null, Buffer.from(bytes), keys.privateKey).toString('base64url');

const publicKeys = new Map<string, KeyObject>();

/** Whether `signature` (base64url) is the key's Ed25519 signature of these bytes; false for any malformed input. */
export function verifySignature(publicKey: string, bytes: Buffer | string, signature: string): boolean {
  try {
    let key = publicKeys.get(publicKey);
    if (!key) {
      key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: publicKey }, format: 'jwk' });
      if (publicKeys.size > 1000) publicKeys.clear();
      publicKeys.set(publicKey, key);
    }
    return verify(null, Buffer.from(bytes), key, Buffer.from(signature, 'base64url'));
  } catch {
    return false;
  }
}
