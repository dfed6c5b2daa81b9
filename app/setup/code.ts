// The one-time setup code: the secret that opens the first-boot wizard (and the setup link, its other form).
// Short and easy to type from a label: 3 groups of 4 characters from 32 that cannot be confused (no 0/O,
// 1/I), 60 bits. Stored hashed like every one-time link; its plain text only in the data folder, for the
// journal at each start and the box's label, and removed once the box has an admin.
import { randomInt } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { transaction } from '../core/db/database.ts';
import type { Deps } from '../deps.ts';
import { countBoxAdmins, createOneTimeLink, findOneTimeLink } from '../accounts/storage.ts';

const alphabet = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
const codeLength = 12;
// A code printed on a label must outlive any clock: it stops working when used or replaced, not with time.
const codeHours = 100 * 365 * 24;

export const setupCodeFile = (dataDir: string) => join(dataDir, 'setup-code.txt');

/** "abcd efgh-jklm" → "ABCDEFGHJKLM"; null when it cannot be a code. */
export function normalizeSetupCode(typed: string): string | null {
  const code = typed.toUpperCase().replace(/[\s-]/g, '');
  return code.length === codeLength && [...code].every((char) => alphabet.includes(char)) ? code : null;
}

export const formatSetupCode = (code: string) => code.match(/.{4}/g)!.join('-');

/** Whether the typed code (or a setup link's token) is the box's current, unused setup code. */
export function setupCodeValid(deps: Deps, typed: string): boolean {
  const code = normalizeSetupCode(typed);
  return code !== null && findOneTimeLink(deps.db, 'setup', code) !== null;
}

/** A new code (the previous one stops working), written to setup-code.txt; null when the box has an admin. */
export function issueSetupCode(deps: Deps): string | null {
  const code = transaction(deps.db, () => {
    if (countBoxAdmins(deps.db) > 0) return null;
    const fresh = Array.from({ length: codeLength }, () => alphabet[randomInt(alphabet.length)]).join('');
    createOneTimeLink(deps.db, 'setup', null, codeHours, fresh);
    return formatSetupCode(fresh);
  });
  if (code) writeFileSync(setupCodeFile(deps.config.dataDir), `CoPi setup code: ${code}\n`, { mode: 0o600 });
  return code;
}

/**
 * At each start: the code of setup-code.txt while it is still valid (the same code as on the label), else a
 * new one; null, and the file removed, once the box has an admin.
 */
export function setupCodeAtStart(deps: Deps): string | null {
  const file = setupCodeFile(deps.config.dataDir);
  if (countBoxAdmins(deps.db) > 0) {
    removeSetupCodeFile(deps);
    return null;
  }
  let saved: string | null = null;
  try {
    saved = /CoPi setup code: ([\w-]+)/.exec(readFileSync(file, 'utf8'))?.[1] ?? null;
  } catch {
    // No file yet: the first start.
  }
  return saved && setupCodeValid(deps, saved) ? formatSetupCode(normalizeSetupCode(saved)!) : issueSetupCode(deps);
}

export const removeSetupCodeFile = (deps: Deps) => rmSync(setupCodeFile(deps.config.dataDir), { force: true });
