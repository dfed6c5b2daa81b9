// Accounts: registering, signing in, the first admin's setup link, reset links, deleting an account.
import { z } from 'zod';
import { transaction } from '../core/db/database.ts';
import { AppError, forbidden, notFound } from '../core/errors.ts';
import { fieldError, parse, text } from '../core/validation.ts';
import type { Locale } from '../core/i18n/index.ts';
import type { Deps } from '../deps.ts';
import { signedIn, type Viewer } from '../permissions/visibility.ts';
import { anonymizePerson, insertElement, tombstoneElement, uniqueSlug } from '../elements/storage.ts';
import { deleteElementMedia, removeMediaBytes } from '../media/store.ts';
import { dummyHash, hashPassword, verifyPassword } from './passwords.ts';
import { normalizeSetupCode, setupCodeValid } from '../setup/code.ts';
import {
  countBoxAdmins, createApiToken, createOneTimeLink, createSession, findAccount, findAccountByUsername, findOneTimeLink,
  deleteAccountRow, insertAccount, markOneTimeLinkUsed, setPasswordHash, usernameTaken, type Account,
} from './storage.ts';

const password = z.string().min(10, 'At least 10 characters').max(200);

export const registerSchema = z.object({
  username: z.string().trim().min(3, 'At least 3 characters').max(32).regex(/^[a-zA-Z0-9_.-]+$/, 'Letters, digits, dot, dash and underscore only'),
  password,
  name: z.preprocess((v) => (v === '' ? undefined : v), text(120).trim().min(1).optional()),
  setupToken: z.string().max(100).optional(),
}).strict();

export const loginSchema = z.object({ username: z.string().trim().min(1).max(32), password: z.string().min(1).max(200) }).strict();
export const passwordSchema = z.object({ password }).strict();
export const tokenNameSchema = z.object({ name: text(60).trim().min(1) }).strict();

export async function register(deps: Deps, input: unknown, locale: Locale = 'en'): Promise<Account> {
  const data = parse(registerSchema, input, locale);
  if (usernameTaken(deps.db, data.username)) throw new AppError('conflict', 'This username is taken', 'username');
  const passwordHash = await hashPassword(data.password);
  return transaction(deps.db, () => {
    let isBoxAdmin = false;
    if (data.setupToken !== undefined) {
      // The setup link's token is the box's setup code (app/setup/code.ts), typed or not with its dashes.
      const code = normalizeSetupCode(data.setupToken);
      if (!code || !findOneTimeLink(deps.db, 'setup', code)) throw new AppError('bad_request', 'This setup link was already used or has expired', 'setupToken');
      markOneTimeLinkUsed(deps.db, code);
      isBoxAdmin = true;
    }
    return createAccount(deps, { username: data.username, name: data.name ?? data.username, passwordHash, isBoxAdmin });
  });
}

/** The person and its account; call inside a transaction (register, and the first-boot wizard's last step). */
export function createAccount(deps: Deps, account: { username: string; name: string; passwordHash: string; isBoxAdmin: boolean }): Account {
  if (usernameTaken(deps.db, account.username)) throw new AppError('conflict', 'This username is taken', 'username');
  const personId = insertElement(deps.db, deps.box.boxId, {
    type: 'person', kind: null, slug: uniqueSlug(deps.db, account.username), name: account.name, shortDescription: '', description: '', tags: [],
    street: '', postalCode: '', communeInsee: null, locality: '', lat: null, lon: null, visibility: 'members',
    contactEmail: '', contactPhone: '', url: '', stage: null, startsAt: null, endsAt: null, allDay: false, parentId: null,
  }, null);
  insertAccount(deps.db, personId, account.username, account.passwordHash, account.isBoxAdmin);
  return findAccount(deps.db, personId)!;
}

/** Checks the password; the caller applies the rate limit before calling. */
export async function authenticate(deps: Deps, input: unknown, locale: Locale = 'en'): Promise<Account> {
  const data = parse(loginSchema, input, locale);
  const account = findAccountByUsername(deps.db, data.username);
  const ok = await verifyPassword(data.password, account?.passwordHash ?? dummyHash);
  if (!account || !account.passwordHash || !ok) throw new AppError('unauthenticated', 'Wrong username or password', 'password');
  return account;
}

export const startSession = (deps: Deps, account: Account) => transaction(deps.db, () => createSession(deps.db, account.personId));

/** The setup link (`/setup/<code>`) is the setup code's other form: valid while the code is. */
export const setupLinkValid = (deps: Deps, token: string) => setupCodeValid(deps, token);

/** A box admin issues a one-time password reset link for someone (no email on an offline box). */
export function issueResetLink(deps: Deps, viewer: Viewer | null, personId: string): string {
  if (!viewer?.isBoxAdmin) throw forbidden('Only a box admin can issue reset links');
  return transaction(deps.db, () => {
    if (!findAccount(deps.db, personId)) throw notFound('Account');
    return createOneTimeLink(deps.db, 'reset', personId, 48);
  });
}

export const resetLinkAccount = (deps: Deps, token: string) => {
  const link = findOneTimeLink(deps.db, 'reset', token);
  return link?.personId ? findAccount(deps.db, link.personId) : null;
};

export async function resetPassword(deps: Deps, token: string, input: unknown, locale: Locale = 'en'): Promise<Account> {
  const data = parse(passwordSchema, input, locale);
  const passwordHash = await hashPassword(data.password);
  return transaction(deps.db, () => {
    const link = findOneTimeLink(deps.db, 'reset', token);
    if (!link?.personId) throw new AppError('bad_request', 'This reset link was already used or has expired');
    markOneTimeLinkUsed(deps.db, token);
    setPasswordHash(deps.db, link.personId, passwordHash);
    return findAccount(deps.db, link.personId)!;
  });
}

export function newApiToken(deps: Deps, viewer: Viewer | null, input: unknown, locale: Locale = 'en') {
  const person = signedIn(viewer);
  const data = parse(tokenNameSchema, input, locale);
  return transaction(deps.db, () => createApiToken(deps.db, person.personId, data.name));
}

/** Deletes the account and leaves a tombstone of the person; elements they created stay with their other admins. */
export async function deleteAccount(deps: Deps, anyone: Viewer | null, input: unknown, locale: Locale = 'en') {
  const viewer = signedIn(anyone);
  const data = parse(z.object({ password: z.string().min(1).max(200) }).strict(), input, locale);
  const account = findAccount(deps.db, viewer.personId);
  if (!account?.passwordHash || !(await verifyPassword(data.password, account.passwordHash))) {
    throw fieldError('password', 'Wrong password');
  }
  const removedFiles = transaction(deps.db, () => {
    if (account.isBoxAdmin && countBoxAdmins(deps.db) <= 1) throw new AppError('conflict', 'You are the last box admin: name another admin first');
    deleteAccountRow(deps.db, viewer.personId);
    anonymizePerson(deps.db, viewer.personId);
    tombstoneElement(deps.db, viewer.personId);
    // The person's own media library goes with them (files they added to other elements stay there).
    return deleteElementMedia(deps.db, viewer.personId);
  });
  removeMediaBytes(deps.config, removedFiles);
}

