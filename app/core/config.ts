// Every setting of the box is an environment variable with a typed default, read once here.
import { isIPv4 } from 'node:net';
import { resolve } from 'node:path';

export interface Config {
  host: string;
  port: number;
  dataDir: string;
  /** Seed the demo territory and content on an empty database. */
  seedDemo: boolean;
  /** Largest request body accepted, in bytes. */
  bodyLimit: number;
  /** Page cache per SQLite connection, in KiB (small: a Pi Zero 2 W has 512 MB). */
  cacheKiB: number;
  /** Base URL printed in setup and invitation links; defaults to http://HOST:PORT. */
  publicUrl: string;
  logRequests: boolean;
  /** Captive portal for clients of the box's own Wi-Fi (see app/portal/ and appliance/). */
  portal: PortalConfig;
  /** Nightly backups, USB sticks and restore (see app/backup/). */
  backup: BackupConfig;
  /** First-boot wizard and the privileged helper (see app/setup/). */
  setup: SetupConfig;
  /** Files and images of the elements' media libraries (see app/media/). */
  media: MediaConfig;
}

export interface MediaConfig {
  /** Where the uploaded files live, each named by its id only. */
  dir: string;
  /** Largest document accepted, in bytes. */
  documentLimit: number;
  /** Largest image accepted before it is resized and re-encoded, in bytes. */
  imageLimit: number;
  /** All the files of the box together, in bytes: past it, uploads are refused. */
  quota: number;
  /** Largest image accepted, in pixels (width × height): a tiny file can claim to be huge. */
  maxPixels: number;
}

export interface SetupConfig {
  /** While the box has no admin, send every visitor's page (and the portal) to the first-boot wizard. */
  wizard: boolean;
  /** The privileged helper's socket (Wi-Fi, clock, reboot); null: those changes apply only on the box. */
  privilegedSocket: string | null;
  /** The public keys an update bundle must be signed with (in the image, outside /opt: an update cannot replace them). */
  updateKeysDir: string;
}

export interface BackupConfig {
  /** Folder of the nightly backups (and of the copies made before each restore). */
  dir: string;
  /** "HH:MM" on the box's clock, in its time zone; null: no nightly backup. */
  at: string | null;
  /** Where the appliance mounts USB sticks, one folder each; nothing is watched when it does not exist. */
  usbDir: string;
  /** Largest backup file accepted by the restore page's upload, in bytes (the upload is held in memory). */
  uploadLimit: number;
}

export interface PortalConfig {
  enabled: boolean;
  /** The box's IPv4 address on its Wi-Fi: portal links use it (a bare name becomes a web search on Android). */
  address: string;
  /** Prefix length of the Wi-Fi network: only clients inside it are sent to the portal. */
  prefix: number;
  /** How long a client that pressed "Enter" gets the "online" answers, in hours. */
  hours: number;
}

export const defaultUpdateKeysDir = '/usr/lib/copi/update-keys';

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const host = env.HOST ?? '127.0.0.1';
  const port = integer(env.PORT, 8080, 'PORT', 0, 65535);
  return {
    host,
    port,
    dataDir: resolve(env.COPI_DATA ?? 'data'),
    seedDemo: (env.COPI_DEMO ?? '1') !== '0',
    bodyLimit: integer(env.COPI_BODY_LIMIT, 1024 * 1024, 'COPI_BODY_LIMIT', 1024, 512 * 1024 * 1024),
    cacheKiB: integer(env.COPI_CACHE_KIB, 4096, 'COPI_CACHE_KIB', 256, 1024 * 1024),
    publicUrl: env.COPI_PUBLIC_URL ?? `http://${host}:${port}`,
    logRequests: env.COPI_LOG_REQUESTS === '1',
    portal: {
      enabled: env.COPI_PORTAL === '1',
      ...ipv4Network(env.COPI_PORTAL_ADDRESS, '10.42.0.1/24', 'COPI_PORTAL_ADDRESS'),
      hours: integer(env.COPI_PORTAL_HOURS, 24, 'COPI_PORTAL_HOURS', 1, 24 * 30),
    },
    backup: {
      dir: env.COPI_BACKUP_DIR ? resolve(env.COPI_BACKUP_DIR) : resolve(env.COPI_DATA ?? 'data', 'backups'),
      at: timeOfDay(env.COPI_BACKUP_AT, '03:30', 'COPI_BACKUP_AT'),
      usbDir: resolve(env.COPI_USB_DIR ?? '/media/copi'),
      uploadLimit: integer(env.COPI_RESTORE_UPLOAD_MIB, 64, 'COPI_RESTORE_UPLOAD_MIB', 1, 4096) * 1024 * 1024,
    },
    setup: {
      wizard: env.COPI_WIZARD === '1',
      privilegedSocket: env.COPI_PRIVILEGED_SOCKET ? resolve(env.COPI_PRIVILEGED_SOCKET) : null,
      updateKeysDir: resolve(env.COPI_UPDATE_KEYS ?? defaultUpdateKeysDir),
    },
    media: {
      dir: resolve(env.COPI_DATA ?? 'data', 'media'),
      documentLimit: integer(env.COPI_MEDIA_DOCUMENT_MIB, 10, 'COPI_MEDIA_DOCUMENT_MIB', 1, 1024) * 1024 * 1024,
      imageLimit: integer(env.COPI_MEDIA_IMAGE_MIB, 25, 'COPI_MEDIA_IMAGE_MIB', 1, 1024) * 1024 * 1024,
      quota: integer(env.COPI_MEDIA_QUOTA_MIB, 2048, 'COPI_MEDIA_QUOTA_MIB', 1, 1024 * 1024) * 1024 * 1024,
      maxPixels: integer(env.COPI_MEDIA_MAX_MEGAPIXELS, 40, 'COPI_MEDIA_MAX_MEGAPIXELS', 1, 250) * 1_000_000,
    },
  };
}

function ipv4Network(raw: string | undefined, fallback: string, name: string): { address: string; prefix: number } {
  const [address, prefix] = (raw || fallback).split('/');
  if (!isIPv4(address) || !/^\d{1,2}$/.test(prefix ?? '') || Number(prefix) < 8 || Number(prefix) > 30) {
    throw new Error(`${name} must be an IPv4 address with a prefix length from 8 to 30 (like 10.42.0.1/24), got "${raw}"`);
  }
  return { address, prefix: Number(prefix) };
}

function timeOfDay(raw: string | undefined, fallback: string, name: string): string | null {
  const value = raw || fallback;
  if (value === 'off') return null;
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(value)) throw new Error(`${name} must be a time like 03:30, or off, got "${raw}"`);
  return value;
}

function integer(raw: string | undefined, fallback: number, name: string, min: number, max: number): number {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
  }
  return value;
}
