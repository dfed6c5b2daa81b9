// Wall-clock times of the box's time zone, turned into instants with an explicit offset.

/** The UTC offset of a time zone at an instant, as "+01:00". */
function offsetAt(timeZone: string, instant: Date): string {
  const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
    .formatToParts(instant).find((part) => part.type === 'timeZoneName')?.value ?? 'GMT';
  return name === 'GMT' ? '+00:00' : name.replace('GMT', '');
}

/** "2026-12-01T18:00" read in `timeZone` → "2026-12-01T18:00:00+01:00"; values with an offset pass through. */
export function withOffset(value: string, timeZone = 'Europe/Paris'): string {
  if (/(Z|[+-]\d{2}:\d{2})$/.test(value)) return value;
  const local = value.length === 16 ? `${value}:00` : value;
  const guess = new Date(`${local}Z`);
  const offset = offsetAt(timeZone, new Date(guess.getTime() - offsetMinutes(offsetAt(timeZone, guess)) * 60_000));
  return `${local}${offset}`;
}

const offsetMinutes = (offset: string) => {
  const sign = offset.startsWith('-') ? -1 : 1;
  const [hours, minutes] = offset.slice(1).split(':').map(Number);
  return sign * (hours * 60 + minutes);
};
