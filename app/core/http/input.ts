// Reads a request body as JSON or as a form, refusing invalid UTF-8 and wrong content types.
import { AppError } from '../errors.ts';
import type { Ctx } from './env.ts';

const utf8 = new TextDecoder('utf-8', { fatal: true });

async function bodyText(c: Ctx): Promise<string> {
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  try {
    return utf8.decode(bytes);
  } catch {
    throw new AppError('bad_request', 'The request body is not valid UTF-8');
  }
}

export async function readJson(c: Ctx): Promise<unknown> {
  const type = c.req.header('content-type') ?? '';
  if (!type.startsWith('application/json')) throw new AppError('unsupported_media_type', 'Send JSON with Content-Type: application/json');
  const raw = await bodyText(c);
  try {
    return raw === '' ? {} : JSON.parse(raw);
  } catch {
    throw new AppError('bad_request', 'The request body is not valid JSON');
  }
}

/** Form fields as strings (the last value wins); the `_csrf` field must match the visitor's CSRF cookie. */
export async function readForm(c: Ctx): Promise<Record<string, string>> {
  const type = c.req.header('content-type') ?? '';
  if (!type.startsWith('application/x-www-form-urlencoded')) throw new AppError('unsupported_media_type', 'Send a form');
  const params = new URLSearchParams(await bodyText(c));
  if (params.get('_csrf') !== c.get('csrf')) {
    throw new AppError('forbidden', 'This form has expired or did not come from this box; reload the page and try again');
  }
  const fields: Record<string, string> = {};
  for (const [key, value] of params) if (key !== '_csrf') fields[key] = value;
  return fields;
}
