// The release layout on the box: every release in /opt/copi-releases/<version>/, and /opt/copi a relative
// symlink to the running one, switched atomically (a new link under a temp name renamed over the old).
import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { basename, join } from 'node:path';

export const releasesFolder = 'copi-releases';

export interface Layout {
  /** /opt on the box. */
  optDir: string;
}

export const releasesDir = ({ optDir }: Layout) => join(optDir, releasesFolder);
export const releaseDir = (layout: Layout, version: string) => join(releasesDir(layout), version);
const currentLink = ({ optDir }: Layout) => join(optDir, 'copi');

/** The version /opt/copi points to, or null when it is not a release link (an image from before releases). */
export function currentRelease(layout: Layout): string | null {
  const link = currentLink(layout);
  if (!existsSync(link) || !lstatSync(link).isSymbolicLink()) return null;
  return basename(readlinkSync(link));
}

/** The version a release folder holds, from its package.json. */
export function releaseVersion(dir: string): string {
  return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;
}

export function switchTo(layout: Layout, version: string): void {
  const temp = join(layout.optDir, `.copi-link-${process.pid}`);
  rmSync(temp, { force: true });
  symlinkSync(join(releasesFolder, version), temp);
  renameSync(temp, currentLink(layout));
}

/** Removes every release but `keep` (the running one and its predecessor), and half-extracted leftovers. */
export function pruneReleases(layout: Layout, keep: string[]): void {
  for (const name of readdirSync(releasesDir(layout))) {
    if (!keep.includes(name)) rmSync(join(releasesDir(layout), name), { recursive: true, force: true });
  }
}
