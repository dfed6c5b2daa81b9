// JSON API of sync bundles for the box admin: the bundles on the USB sticks plugged in (app/backup/usb.ts
// finds them), a bundle written to a stick for a peer or for every peer, a bundle imported from a stick.
//   GET  /api/v1/sync/bundles          { sticks: [name], bundles: [{ stick, path, name, bytes, from, fromName, to, records, problem }] }
//   POST /api/v1/sync/bundles          { to: peer box id | "all", stick? } → 201 { stick, files: [{ name, path, to, peerName, records, bytes }] }
//   POST /api/v1/sync/bundles/import   { path: "<stick>/copi-sync/<file>" } → { from, fromName, records, accepted, ignored, refused }
// Bundles are written into the stick's copi-sync/ folder; any bundle at the stick's root is listed too.
import { lstatSync, readdirSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import { Hono } from 'hono';
import { z } from 'zod';
import { AppError } from '../core/errors.ts';
import type { AppEnv } from '../core/http/env.ts';
import { readJson } from '../core/http/input.ts';
import { parse } from '../core/validation.ts';
import { listSticks, type Stick } from '../backup/usb.ts';
import { pickStickFile } from '../imports/usb.ts';
import type { Deps } from '../deps.ts';
import { bundleNamePattern, describeBundle, exportBundle, importBundle, type BundleInfo } from './bundle.ts';
import { requirePeerAdmin } from './peering.ts';

/** The folder of a stick that bundles are written into. */
export const bundleFolder = 'copi-sync';

const exportSchema = z.object({
  to: z.string().regex(/^([a-z2-7]{26}|all)$/, 'A peer’s box id, or all'),
  stick: z.string().min(1).max(200).optional(),
});
const importSchema = z.object({ path: z.string().min(1).max(1000) });

export function syncBundleApi(deps: Deps) {
  const api = new Hono<AppEnv>();
  const usbDir = deps.config.backup.usbDir;

  api.get('/sync/bundles', (c) => {
    requirePeerAdmin(c.get('viewer'));
    const sticks = listSticks(usbDir);
    return c.json({ sticks: sticks.map((stick) => stick.name), bundles: sticks.flatMap((stick) => bundlesOn(deps, stick)) });
  });

  api.post('/sync/bundles', async (c) => {
    requirePeerAdmin(c.get('viewer'));
    const body = parse(exportSchema, await readJson(c), c.get('locale'));
    const stick = stickFor(usbDir, body.stick);
    const files = await exportBundle(deps, { to: body.to, dir: bundleFolderOn(stick) });
    return c.json({
      stick: stick.name,
      files: files.map(({ name, to, peerName, records, bytes }) => ({ name, path: `${stick.name}/${bundleFolder}/${name}`, to, peerName, records, bytes })),
    }, 201);
  });

  api.post('/sync/bundles/import', async (c) => {
    requirePeerAdmin(c.get('viewer'));
    const body = parse(importSchema, await readJson(c), c.get('locale'));
    return c.json(await importBundle(deps, fileOnStick(usbDir, body.path)));
  });

  return api;
}

export interface StickBundle extends BundleInfo {
  stick: string;
  /** From the mount folder: `<stick>/copi-sync/<name>`, what the import takes. */
  path: string;
  name: string;
  bytes: number;
}

/** The bundles of a stick's root and copi-sync/ folder, with what their headers say. */
export function bundlesOn(deps: Deps, stick: Stick): StickBundle[] {
  const bundles: StickBundle[] = [];
  for (const folder of ['', bundleFolder]) {
    if (folder && !lstatOrNull(join(stick.path, folder))?.isDirectory()) continue;
    for (const name of readdirOrEmpty(join(stick.path, folder)).sort()) {
      if (!bundleNamePattern.test(name)) continue;
      const absolute = join(stick.path, folder, name);
      const stats = lstatOrNull(absolute);
      if (!stats) continue;
      const info = stats.isFile() ? describeBundle(deps, absolute)
        : { from: null, fromName: null, to: null, records: null, problem: 'A link to another file: copy the file itself onto the stick' };
      bundles.push({ stick: stick.name, path: [stick.name, folder, name].filter(Boolean).join('/'), name, bytes: stats.size, ...info });
    }
  }
  return bundles;
}

/** The stick named, or the only one plugged in. */
export function stickFor(usbDir: string, name: string | undefined): Stick {
  const sticks = listSticks(usbDir);
  if (name !== undefined) {
    const stick = sticks.find((candidate) => candidate.name === name);
    if (!stick) throw new AppError('not_found', `No USB stick named "${name}" is plugged in`, 'stick');
    return stick;
  }
  if (sticks.length === 0) throw new AppError('conflict', 'No USB stick is plugged in: plug one in and try again', 'stick');
  if (sticks.length > 1) throw new AppError('validation', 'Several USB sticks are plugged in: choose one', 'stick');
  return sticks[0];
}

export function bundleFolderOn(stick: Stick): string {
  const folder = join(stick.path, bundleFolder);
  const stats = lstatOrNull(folder);
  if (stats && !stats.isDirectory()) throw new AppError('conflict', `${stick.name}/${bundleFolder} is not a folder: rename or remove it`, 'stick');
  return folder;
}

/** A path from the mount folder (`<stick>/…`, or absolute under it), checked to stay on the stick. */
export function fileOnStick(usbDir: string, path: string): string {
  const prefix = `${usbDir.replace(/\/+$/, '')}/`;
  const relative = path.startsWith(prefix) ? path.slice(prefix.length) : path;
  const slash = relative.indexOf('/');
  if (slash <= 0) throw new AppError('bad_request', `"${path}" is not a file on a USB stick`, 'path');
  return pickStickFile(usbDir, relative.slice(0, slash), relative.slice(slash + 1)).absolute;
}

function lstatOrNull(path: string): Stats | null {
  try {
    return lstatSync(path);
  } catch {
    return null;
  }
}

function readdirOrEmpty(path: string): string[] {
  try {
    return readdirSync(path);
  } catch {
    return []; // pulled out while we looked
  }
}
