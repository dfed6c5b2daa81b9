// SQL for accounts, sessions, API tokens and one-time links.
import { sql, type Db } from '../core/db/database.ts';
import { hashSecret, newSecret, uuidv7 } from '../core/ids.ts';
import { now, nowIso } from '../core/time.ts';
import type { Viewer } from '../permissions/visibility.ts';

export interface Account {
  personId: string;
  username: string;
  passwordHash: string | null;
  isBoxAdmin: boolean;
  locale: string | null;
  createdAt: string;
}

interface AccountRow {
  person_id: string; username: string; password_hash: string | null; is_box_admin: number; locale: string | null; created_at: string;
}

const rowToAccount = (row: AccountRow): Account => ({
  personId: row.person_id, username: row.username, passwordHash: row.password_hash, isBoxAdmin: row.is_box_admin === 1,
  locale: row.locale, createdAt: row.created_at,
});

export const toViewer = (account: Account): Viewer => ({ personId: account.personId, username: account.username, isBoxAdmin: account.isBoxAdmin });

export function findAccountByUsername(db: Db, username: string): Account | null {
  const row = sql(db, 'SELECT * FROM accounts WHERE username = ?').get(username) as AccountRow | undefined;
  return row ? rowToAccount(row) : null;
}

export function findAccount(db: Db, personId: string): Account | null {
  const row = sql(db, 'SELECT * FROM accounts WHERE person_id = ?').get(personId) as AccountRow | undefined;
  return row ? rowToAccount(row) : null;
}

export function listAccounts(db: Db): (Account & { name: string; slug: string })[] {
  return (sql(db, `SELECT a.*, e.name, e.slug FROM accounts a JOIN elements e ON e.id = a.person_id ORDER BY a.username`)
    .all() as (AccountRow & { name: string; slug: string })[]).map((row) => ({ ...rowToAccount(row), name: row.name, slug: row.slug }));
}

export function insertAccount(db: Db, personId: string, username: string, passwordHash: string | null, isBoxAdmin: boolean) {
  sql(db, 'INSERT INTO accounts (person_id, username, password_hash, is_box_admin, created_at) VALUES (?, ?, ?, ?, ?)')
    .run(personId, username, passwordHash, isBoxAdmin ? 1 : 0, nowIso());
}

export function deleteAccountRow(db: Db, personId: string) {
  sql(db, 'DELETE FROM accounts WHERE person_id = ?').run(personId);
}

export const usernameTaken = (db: Db, username: string) => sql(db, 'SELECT 1 FROM accounts WHERE username = ?').get(username) !== undefined;

export function setPasswordHash(db: Db, personId: string, passwordHash: string) {
  sql(db, 'UPDATE accounts SET password_hash = ? WHERE person_id = ?').run(passwordHash, personId);
  sql(db, 'DELETE FROM sessions WHERE person_id = ?').run(personId);
}

export function setBoxAdmin(db: Db, personId: string, isBoxAdmin: boolean) {
  sql(db, 'UPDATE accounts SET is_box_admin = ? WHERE person_id = ?').run(isBoxAdmin ? 1 : 0, personId);
}

export const countBoxAdmins = (db: Db) => (sql(db, 'SELECT count(*) AS n FROM accounts WHERE is_box_admin = 1').get() as { n: number }).n;

const sessionDays = 30;

export function createSession(db: Db, personId: string): string {
  const secret = newSecret();
  const at = now();
  sql(db, 'INSERT INTO sessions (id_hash, person_id, created_at, expires_at) VALUES (?, ?, ?, ?)').run(
    hashSecret(secret), personId, at.toISOString(), new Date(at.getTime() + sessionDays * 86400_000).toISOString(),
  );
  return secret;
}

export function accountForSession(db: Db, secret: string): Account | null {
  const row = sql(db, `SELECT a.* FROM sessions s JOIN accounts a ON a.person_id = s.person_id
    WHERE s.id_hash = ? AND s.expires_at > ?`).get(hashSecret(secret), nowIso()) as AccountRow | undefined;
  return row ? rowToAccount(row) : null;
}

export function deleteSession(db: Db, secret: string) {
  sql(db, 'DELETE FROM sessions WHERE id_hash = ?').run(hashSecret(secret));
}

export interface ApiToken {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

export function createApiToken(db: Db, personId: string, name: string): { token: string; id: string } {
  const token = `copi_${newSecret()}`;
  const id = uuidv7();
  sql(db, 'INSERT INTO api_tokens (id, person_id, name, token_hash, created_at) VALUES (?, ?, ?, ?, ?)')
    .run(id, personId, name, hashSecret(token), nowIso());
  return { token, id };
}

export function accountForApiToken(db: Db, token: string): Account | null {
  const hash = hashSecret(token);
  const row = sql(db, `SELECT a.* FROM api_tokens t JOIN accounts a ON a.person_id = t.person_id WHERE t.token_hash = ?`)
    .get(hash) as AccountRow | undefined;
  if (row) sql(db, 'UPDATE api_tokens SET last_used_at = ? WHERE token_hash = ?').run(nowIso(), hash);
  return row ? rowToAccount(row) : null;
}

export function listApiTokens(db: Db, personId: string): ApiToken[] {
  return (sql(db, 'SELECT id, name, created_at, last_used_at FROM api_tokens WHERE person_id = ? ORDER BY created_at').all(personId) as
    { id: string; name: string; created_at: string; last_used_at: string | null }[])
    .map((row) => ({ id: row.id, name: row.name, createdAt: row.created_at, lastUsedAt: row.last_used_at }));
}

export function deleteApiToken(db: Db, personId: string, id: string): boolean {
  return sql(db, 'DELETE FROM api_tokens WHERE id = ? AND person_id = ?').run(id, personId).changes > 0;
}

export type OneTimePurpose = 'setup' | 'reset';

/** A new link; `token` is given only for the setup code (app/setup/code.ts), which has its own alphabet. */
export function createOneTimeLink(db: Db, purpose: OneTimePurpose, personId: string | null, hours: number, token = newSecret()): string {
  const at = now();
  if (purpose === 'setup') sql(db, "DELETE FROM one_time_links WHERE purpose = 'setup'").run();
  sql(db, 'INSERT INTO one_time_links (token_hash, purpose, person_id, created_at, expires_at) VALUES (?, ?, ?, ?, ?)').run(
    hashSecret(token), purpose, personId, at.toISOString(), new Date(at.getTime() + hours * 3600_000).toISOString(),
  );
  return token;
}

/** The link if it is valid (right purpose, not used, not expired). */
export function findOneTimeLink(db: Db, purpose: OneTimePurpose, token: string): { personId: string | null } | null {
  const row = sql(db, `SELECT person_id FROM one_time_links WHERE token_hash = ? AND purpose = ? AND used_at IS NULL AND expires_at > ?`)
    .get(hashSecret(token), purpose, nowIso()) as { person_id: string | null } | undefined;
  return row ? { personId: row.person_id } : null;
}

export function markOneTimeLinkUsed(db: Db, token: string) {
  sql(db, 'UPDATE one_time_links SET used_at = ? WHERE token_hash = ?').run(nowIso(), hashSecret(token));
}
