// Release versions as package.json writes them (semver without build metadata): compared the semver way,
// a pre-release (0.2.0-rc.1) coming before its release (0.2.0).
export const versionPattern = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$/;

/** Negative when `a` is older than `b`, 0 when equal, positive when newer. */
export function compareVersions(a: string, b: string): number {
  const [pa, pb] = [parse(a), parse(b)];
  for (let i = 0; i < 3; i++) if (pa.core[i] !== pb.core[i]) return pa.core[i]! - pb.core[i]!;
  if (!pa.pre.length || !pb.pre.length) return pb.pre.length - pa.pre.length;
  for (let i = 0; i < Math.min(pa.pre.length, pb.pre.length); i++) {
    const order = comparePreRelease(pa.pre[i]!, pb.pre[i]!);
    if (order !== 0) return order;
  }
  return pa.pre.length - pb.pre.length;
}

function parse(version: string): { core: number[]; pre: string[] } {
  const match = versionPattern.exec(version);
  if (!match) throw new Error(`not a release version: ${version}`);
  return { core: [match[1], match[2], match[3]].map(Number), pre: match[4]?.split('.') ?? [] };
}

/** Numeric identifiers compare as numbers and come before alphanumeric ones (semver §11). */
function comparePreRelease(a: string, b: string): number {
  const [na, nb] = [/^\d+$/.test(a), /^\d+$/.test(b)];
  if (na && nb) return Number(a) - Number(b);
  if (na !== nb) return na ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
