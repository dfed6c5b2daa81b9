// Backup file names and which ones to keep. Pure functions over names, so a month of nights is a test,
// not a month.

export type BackupPrefix = 'copi' | 'pre-restore';

/** copi-20250314-033000.db (box time), with -2, -3… when two land in the same second. */
const namePattern = /^(copi|pre-restore)-(\d{8})-(\d{6})(?:-(\d+))?\.db$/;

export const isBackupName = (name: string, prefix?: BackupPrefix) => {
  const match = namePattern.exec(name);
  return match !== null && (prefix === undefined || match[1] === prefix);
};

/** "20250314-033000": the date and time of `now` on the box's clock, in its time zone. */
export function stamp(now: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
    }).formatToParts(now).map((part) => [part.type, part.value]),
  );
  return `${parts.year}${parts.month}${parts.day}-${parts.hour}${parts.minute}${parts.second}`;
}

export function backupName(prefix: BackupPrefix, now: Date, timeZone: string, taken: (name: string) => boolean): string {
  const base = `${prefix}-${stamp(now, timeZone)}`;
  let name = `${base}.db`;
  for (let n = 2; taken(name); n++) name = `${base}-${n}.db`;
  return name;
}

/** Newest first: names sort by date, time, then the same-second counter. */
function newestFirst(names: string[]): { name: string; day: string }[] {
  return names
    .map((name) => ({ name, match: namePattern.exec(name) }))
    .filter((entry): entry is { name: string; match: RegExpExecArray } => entry.match !== null)
    .map(({ name, match }) => ({ name, day: match[2], key: `${match[2]}${match[3]}${(match[4] ?? '1').padStart(6, '0')}` }))
    .sort((a, b) => (a.key < b.key ? 1 : a.key > b.key ? -1 : 0));
}

/** Monday-based week number since 1970, for a "YYYYMMDD" day. */
function weekOf(day: string): number {
  const days = Date.UTC(Number(day.slice(0, 4)), Number(day.slice(4, 6)) - 1, Number(day.slice(6, 8))) / 86_400_000;
  return Math.floor((days + 3) / 7); // 1970-01-01 was a Thursday
}

export interface RotationPolicy {
  daily: number;
  weekly: number;
}

/** Nightly backups: a week of days to undo a recent mistake, a month of weeks to find one noticed late. */
export const nightlyPolicy: RotationPolicy = { daily: 7, weekly: 4 };

/**
 * The backups to keep: the newest of each of the `daily` most recent days that have one, then, among the
 * older ones, the newest of each of the `weekly` most recent weeks that have one — at most daily + weekly
 * files. Counted in days and weeks *that have a backup*, never by age: a box left switched off for months
 * still has its last backups when it comes back.
 */
export function backupsToKeep(names: string[], policy: RotationPolicy = nightlyPolicy): Set<string> {
  const keep = new Set<string>();
  const days = new Set<string>();
  const weeks = new Set<number>();
  for (const { name, day } of newestFirst(names)) {
    if (days.has(day)) continue; // an older backup of a day already kept
    if (days.size < policy.daily) {
      days.add(day);
      keep.add(name);
      continue;
    }
    const week = weekOf(day);
    if (weeks.size < policy.weekly && !weeks.has(week)) {
      weeks.add(week);
      keep.add(name);
    }
    days.add(day);
  }
  return keep;
}

/** The backups among `names`, newest first (other files left out). */
export const sortNewestFirst = (names: string[]) => newestFirst(names).map((entry) => entry.name);

/** The `count` newest (the copies made before each restore). */
export const newest = (names: string[], count: number) => new Set(newestFirst(names).slice(0, count).map((entry) => entry.name));
