// Settings of this box: its identity, name, language, time zone, look (logo, colours, welcome text), Wi-Fi and
// the per-origin sequence that numbers every change.
import { sql, transaction, type Db } from '../core/db/database.ts';
import { boxIdOf, keysOf, newEpoch, newKeyPair, type BoxKeys } from './identity.ts';
import type { WifiSettings } from '../wifi/network.ts';

export interface BoxSettings {
  boxId: string;
  name: string;
  timezone: string;
  /** The box's language, chosen in the first-boot wizard (a visitor's own choice still wins). */
  locale: string;
  /** Colours chosen by the box admin (#rrggbb), null for CoPi's own (see ./theme.ts). */
  accent: string | null;
  ink: string | null;
  /** The uploaded logo (see ./logo.ts), null when the box shows its name only. */
  logo: BoxLogo | null;
  /** Markdown shown on the home page; empty for CoPi's own sentence. */
  welcome: string;
}

export interface BoxLogo {
  mime: 'image/png' | 'image/jpeg';
  /** Changes with each upload: the logo's address carries it, so browsers may keep a logo for good. */
  version: string;
}

const get = (db: Db, key: string) =>
  (db.prepare('SELECT value FROM box_settings WHERE key = ?').get(key) as { value: string } | undefined)?.value;

export function setSetting(db: Db, key: string, value: string) {
  db.prepare(
    'INSERT INTO box_settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  ).run(key, value);
}

/** Creates the box identity on first start: a key pair, the box id derived from it, an epoch. */
export function loadBoxSettings(db: Db): BoxSettings {
  if (!get(db, 'box_id')) {
    transaction(db, () => {
      setSetting(db, 'sequence', '0');
      setSetting(db, 'name', 'CoPi');
      setSetting(db, 'timezone', 'Europe/Paris');
    });
  }
  if (!get(db, 'sync_private_key')) transaction(db, () => makeIdentity(db));
  return {
    boxId: get(db, 'box_id')!, name: get(db, 'name') ?? 'CoPi', timezone: get(db, 'timezone') ?? 'Europe/Paris', locale: get(db, 'locale') ?? 'fr',
    accent: get(db, 'accent') ?? null, ink: get(db, 'ink') ?? null, logo: logoOf(get(db, 'logo')), welcome: get(db, 'welcome') ?? '',
  };
}

// Boxes made before federation had a random id: their elements move to the key's id.
function makeIdentity(db: Db) {
  takeIdentity(db, newKeyPair());
}

/**
 * Gives a database this key pair and a new epoch; its elements made under an earlier id move to the new one.
 * Call inside a transaction. (Also for a restored backup made before federation: it takes the live box's keys.)
 */
export function takeIdentity(db: Db, pair: { publicKey: string; privateKeyDer: string }) {
  const boxId = boxIdOf(pair.publicKey);
  const before = get(db, 'box_id');
  if (before && before !== boxId) db.prepare('UPDATE elements SET origin_box = ? WHERE origin_box = ?').run(boxId, before);
  setSetting(db, 'box_id', boxId);
  setSetting(db, 'sync_public_key', pair.publicKey);
  setSetting(db, 'sync_private_key', pair.privateKeyDer);
  startNewEpoch(db);
}

/** The key pair of a database made by loadBoxSettings, as takeIdentity takes it; null before. */
export function identityOf(db: Db): { publicKey: string; privateKeyDer: string } | null {
  const publicKey = get(db, 'sync_public_key');
  const privateKeyDer = get(db, 'sync_private_key');
  return publicKey && privateKeyDer ? { publicKey, privateKeyDer } : null;
}

const keysCache = new WeakMap<Db, BoxKeys>();

/** The box's signing keys (made by loadBoxSettings; a restore may bring another box's). */
export function boxKeys(db: Db): BoxKeys {
  const publicKey = get(db, 'sync_public_key')!;
  let keys = keysCache.get(db);
  if (keys?.publicKey !== publicKey) keysCache.set(db, (keys = keysOf(publicKey, get(db, 'sync_private_key')!)));
  return keys!;
}

/** The epoch of this box's data; a restore from a backup starts a new one (app/sync/PROTOCOL.md). */
export const boxEpoch = (db: Db) => get(db, 'sync_epoch')!;

export function startNewEpoch(db: Db) {
  setSetting(db, 'sync_epoch', newEpoch());
}

const logoOf = (value: string | undefined): BoxLogo | null => (value ? (JSON.parse(value) as BoxLogo) : null);

/** Sets a setting, or removes it for null; call inside the write's transaction. */
export function setOrClearSetting(db: Db, key: string, value: string | null) {
  if (value === null) db.prepare('DELETE FROM box_settings WHERE key = ?').run(key);
  else setSetting(db, key, value);
}

/** The access point as the box ships it (appliance/etc/hostapd/hostapd.conf) until the wizard changes it. */
export const shippedWifi: WifiSettings = { ssid: 'CoPi', passphrase: '', country: 'FR' };

export function loadWifiSettings(db: Db): WifiSettings {
  return { ssid: get(db, 'wifi_ssid') ?? shippedWifi.ssid, passphrase: get(db, 'wifi_passphrase') ?? '', country: get(db, 'wifi_country') ?? shippedWifi.country };
}

/** Saves what the first-boot wizard chose; call inside its transaction. */
export function saveBoxSetup(db: Db, setup: { name: string; locale: string; timezone: string; wifi: WifiSettings }) {
  setSetting(db, 'name', setup.name);
  setSetting(db, 'locale', setup.locale);
  setSetting(db, 'timezone', setup.timezone);
  setSetting(db, 'wifi_ssid', setup.wifi.ssid);
  setSetting(db, 'wifi_passphrase', setup.wifi.passphrase);
  setSetting(db, 'wifi_country', setup.wifi.country);
}

export function saveBoxName(db: Db, name: string) {
  setSetting(db, 'name', name);
}

/** What the box admin sets on the settings page; call inside its transaction. */
export function saveBoxIdentity(db: Db, identity: { name: string; locale: string; welcome: string }) {
  setSetting(db, 'name', identity.name);
  setSetting(db, 'locale', identity.locale);
  setOrClearSetting(db, 'welcome', identity.welcome || null);
}

export function saveBoxColours(db: Db, colours: { accent: string | null; ink: string | null }) {
  setOrClearSetting(db, 'accent', colours.accent);
  setOrClearSetting(db, 'ink', colours.ink);
}

export function saveBoxLogo(db: Db, logo: BoxLogo | null) {
  setOrClearSetting(db, 'logo', logo ? JSON.stringify(logo) : null);
}

/** Next number of this box's change sequence; call inside the write's transaction. */
export function nextSequence(db: Db): number {
  const row = sql(db, "UPDATE box_settings SET value = CAST(value AS INTEGER) + 1 WHERE key = 'sequence' RETURNING value")
    .get() as { value: string };
  return Number(row.value);
}

/** Takes `count` numbers of the sequence at once (a large import); returns the first. Call inside the write's transaction. */
export function reserveSequences(db: Db, count: number): number {
  const row = sql(db, "UPDATE box_settings SET value = CAST(value AS INTEGER) + ? WHERE key = 'sequence' RETURNING value")
    .get(count) as { value: string };
  return Number(row.value) - count + 1;
}
