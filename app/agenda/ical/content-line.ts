// RFC 5545 content lines: TEXT escaping, date-time values and folding at 75 octets. Pure functions,
// shared by the writer and its tests.
import { Temporal } from 'temporal-polyfill';

/** A TEXT value: backslash, semicolon, comma and newlines escaped; other control characters dropped. */
export function escapeText(value: string): string {
  return value
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n')
    // RFC 5545 TEXT allows HTAB but no other control character.
    .replace(/[\u0000-\u0008\u000a-\u001f\u007f]/g, '');
}

const maxOctets = 75;
const encoder = new TextEncoder();

/**
 * A content line folded so that no physical line is over 75 octets (the CRLF not counted), never
 * inside a UTF-8 sequence nor between the halves of a surrogate pair. Continuation lines start with
 * one space, which counts toward their 75.
 */
export function fold(line: string): string {
  // Fast path: 25 UTF-16 units are at most 75 octets.
  if (line.length <= 25 || encoder.encode(line).length <= maxOctets) return line;
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  let limit = maxOctets;
  for (const char of line) {
    const size = utf8Length(char.codePointAt(0)!);
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
      limit = maxOctets - 1;
    }
    current += char;
    octets += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

const utf8Length = (codePoint: number) => (codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4);

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** `20260310T170000Z` for an instant. */
export function utcStamp(instant: string): string {
  const date = new Date(instant);
  return `${date.getUTCFullYear()}${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}T${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}Z`;
}

/** `20260310T180000`: the wall-clock time of an instant in a time zone (for `;TZID=`). */
export function localStamp(instant: string, timezone: string): string {
  const local = Temporal.Instant.from(new Date(instant).toISOString()).toZonedDateTimeISO(timezone);
  return `${dateStamp(local)}T${pad(local.hour)}${pad(local.minute)}${pad(local.second)}`;
}

/** `20260310`: the date of an instant in a time zone (for `;VALUE=DATE`). */
export function localDate(instant: string, timezone: string): Temporal.PlainDate {
  return Temporal.Instant.from(new Date(instant).toISOString()).toZonedDateTimeISO(timezone).toPlainDate();
}

export const dateStamp = (date: { year: number; month: number; day: number }) => `${pad(date.year, 4)}${pad(date.month)}${pad(date.day)}`;
