// The bytes of an .ics file as text: UTF-8 (with or without BOM) or UTF-16 with a BOM as declared, else
// Windows-1252 (a superset of Latin-1 for text, what older calendar exports write). Whatever is not an
// iCalendar at all is refused here, before any parsing.
import { AppError } from '../../core/errors.ts';

/** The largest .ics file an import reads. */
export const maxIcsBytes = 10 * 1024 * 1024;

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function decodeIcs(bytes: Uint8Array): string {
  if (bytes.length > maxIcsBytes) throw tooLarge();
  let text: string;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) text = new TextDecoder('utf-16le').decode(bytes.subarray(2));
  else if (bytes[0] === 0xfe && bytes[1] === 0xff) text = new TextDecoder('utf-16be').decode(bytes.subarray(2));
  else {
    try {
      text = utf8.decode(bytes); // a UTF-8 BOM is skipped by the decoder
    } catch {
      text = new TextDecoder('windows-1252').decode(bytes);
    }
  }
  return checkIcsText(text);
}

export const tooLarge = () => new AppError('payload_too_large', 'The calendar file is larger than 10 MB');

/** Text that looks like an iCalendar, without its BOM; a clear 422 otherwise. */
export function checkIcsText(text: string): string {
  if (text.length > maxIcsBytes) throw tooLarge();
  const body = text.replace(/^\uFEFF/, '').replace(/^\s+/, '');
  // NUL and most other control characters never occur in a calendar: a binary file was sent.
  if (/[\u0000-\u0008\u000e-\u001f]/.test(body.slice(0, 65_536))) throw new AppError('validation', 'This is not a calendar file: it holds binary data', 'file');
  if (!/^BEGIN:VCALENDAR\r?\n/i.test(body)) throw new AppError('validation', 'This is not a calendar file: it does not start with BEGIN:VCALENDAR', 'file');
  if (!/\nEND:VCALENDAR\s*$/i.test(body)) throw new AppError('validation', 'The calendar file is cut short: END:VCALENDAR is missing at its end', 'file');
  return body;
}
