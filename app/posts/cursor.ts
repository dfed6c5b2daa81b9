// Opaque cursors of newest-first lists: the id (a UUIDv7, so creation order) of the last item shown.
// The next page holds what is older than it, so items added meanwhile never shift a page nor repeat.
import { fieldError } from '../core/validation.ts';

/** Above every UUID: "before the newest". */
export const newest = '~';

export const encodeCursor = (id: string) => Buffer.from(id).toString('base64url');

/** The id a cursor stands for ('~' without one); an unreadable cursor is a 422 on `cursor`. */
export function decodeCursor(cursor: string | undefined | null): string {
  if (!cursor) return newest;
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(id)) throw fieldError('cursor', 'Unknown cursor');
  return id;
}
