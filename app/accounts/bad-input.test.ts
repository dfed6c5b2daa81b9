// Bad input on every account write path: register, sign in (with its rate limit), tokens, reset and setup
// links, account deletion. Each is refused with a clear 4xx naming the field, never a 5xx, and writes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import { createTestBox, type Session, type TestBox } from '../testing/test-box.ts';
import { issueSetupCode } from '../setup/code.ts';

const goodPassword = 'correct horse battery';

let box: TestBox;
let alice: Session;
let root: Session;

beforeAll(async () => {
  box = createTestBox();
  alice = await box.register('alice');
  root = await box.register('root', { admin: true });
});
afterAll(() => box.close());

/** Every row of every table of a box. */
function snapshot(of: TestBox = box) {
  const { db } = of.deps;
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[];
  return Object.fromEntries(tables.map(({ name }) => [name, db.prepare(`SELECT * FROM "${name}"`).all()]));
}

interface ErrorBody { error: { code: string; message: string; field?: string } }

/** Sends the request and checks that it is refused with this status, code and field, and that nothing was written. */
async function refused(send: () => Promise<Response>, status: number, code: string, field?: string, of: TestBox = box) {
  const before = snapshot(of);
  const response = await send();
  const text = await response.text();
  expect(response.status, text).toBe(status);
  const body = JSON.parse(text) as ErrorBody;
  expect(body.error.code).toBe(code);
  expect(body.error.message.length).toBeGreaterThan(0);
  if (field !== undefined) expect(body.error.field).toBe(field);
  expect(snapshot(of)).toEqual(before);
  return { response, body };
}

const count = (table: string, of: TestBox = box) => (of.deps.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

/** A visitor's CSRF cookie, read from the Set-Cookie of a page, and the cookie header to send back. */
async function csrfFrom(of: TestBox, path: string, cookie = '') {
  const page = await of.request(path, { headers: cookie ? { cookie } : {} });
  expect(page.status).toBe(200);
  const csrf = page.headers.getSetCookie().map((c) => /^copi_csrf=([^;]+)/.exec(c)?.[1]).find(Boolean);
  expect(csrf).toBeTruthy();
  return { csrf: csrf!, cookie: [cookie, `copi_csrf=${csrf}`].filter(Boolean).join('; ') };
}

/** A signed-in browser: the session cookie without its CSRF cookie, then a fresh one from a page. */
const browser = (of: TestBox, session: Session, path = '/me') =>
  csrfFrom(of, path, session.cookie.split('; ').filter((part) => !part.startsWith('copi_csrf=')).join('; '));

const postForm = (of: TestBox, path: string, fields: Record<string, string>, cookie: string) =>
  of.request(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie }, body: new URLSearchParams(fields).toString() });

describe('registering refuses bad input', () => {
  const register = (body: unknown) => () => box.json('/api/v1/auth/register', 'POST', body);

  it('a password shorter than 10 characters is refused with field password and no account is created', async () => {
    await refused(register({ username: 'newbie', password: 'short' }), 422, 'validation', 'password');
  });

  it('a username with spaces or punctuation is refused with field username and no account is created', async () => {
    await refused(register({ username: 'bad name!', password: goodPassword }), 422, 'validation', 'username');
  });

  it('a username of two characters is refused with field username', async () => {
    await refused(register({ username: 'ab', password: goodPassword }), 422, 'validation', 'username');
  });

  it('a username that is not a string is refused with field username', async () => {
    await refused(register({ username: 12345, password: goodPassword }), 422, 'validation', 'username');
  });

  it('a username already taken is refused with 409 field username and nothing is written', async () => {
    await refused(register({ username: 'alice', password: goodPassword }), 409, 'conflict', 'username');
  });

  it('a username taken with other capitals is refused with 409 field username', async () => {
    await refused(register({ username: 'ALICE', password: goodPassword }), 409, 'conflict', 'username');
  });

  it('an extra field (isBoxAdmin) is refused by the strict schema and no account is created', async () => {
    const { body } = await refused(register({ username: 'sneaky', password: goodPassword, isBoxAdmin: true }), 422, 'validation');
    expect(body.error.message).toContain('isBoxAdmin');
  });

  it('a blank display name is refused with field name', async () => {
    await refused(register({ username: 'blankname', password: goodPassword, name: '   ' }), 422, 'validation', 'name');
  });

  it('a body that is not JSON is refused with 400 and no account is created', async () => {
    await refused(() => box.request('/api/v1/auth/register', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"username":' }),
      400, 'bad_request');
  });

  it('a body that is a form is refused with 415 and no account is created', async () => {
    await refused(() => box.request('/api/v1/auth/register', {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `username=formy&password=${goodPassword}`,
    }), 415, 'unsupported_media_type');
  });

  it('the register form with a short password re-renders with 422, the error next to password, the username kept and the password not echoed', async () => {
    const { csrf, cookie } = await csrfFrom(box, '/register');
    const before = snapshot();
    const response = await postForm(box, '/register', { _csrf: csrf, username: 'formuser', name: 'Form User', password: 'short1' }, cookie);
    const html = await response.text();
    expect(response.status).toBe(422);
    expect(html).toContain('id="f-password-error"');
    expect(html).toContain('value="formuser"');
    expect(html).toContain('value="Form User"');
    expect(html).not.toContain('short1');
    expect(snapshot()).toEqual(before);
  });

  it('the register form without _csrf is refused with 403 and no account is created', async () => {
    const { cookie } = await csrfFrom(box, '/register');
    const before = snapshot();
    const response = await postForm(box, '/register', { username: 'nocsrf', password: goodPassword }, cookie);
    expect(response.status).toBe(403);
    expect(snapshot()).toEqual(before);
  });
});

describe('signing in refuses bad input', () => {
  it('a wrong password is refused with 401 field password and no session is created', async () => {
    await refused(() => box.json('/api/v1/auth/login', 'POST', { username: 'alice', password: 'wrong password' }), 401, 'unauthenticated', 'password');
  });

  it('an unknown username is refused exactly like a wrong password (401 field password)', async () => {
    const { body } = await refused(() => box.json('/api/v1/auth/login', 'POST', { username: 'nobody', password: 'wrong password' }),
      401, 'unauthenticated', 'password');
    const wrongPassword = await box.json('/api/v1/auth/login', 'POST', { username: 'alice', password: 'wrong password' });
    expect(body.error.message).toBe(((await wrongPassword.json()) as ErrorBody).error.message);
  });

  it('an empty password is refused with 422 field password', async () => {
    await refused(() => box.json('/api/v1/auth/login', 'POST', { username: 'alice', password: '' }), 422, 'validation', 'password');
  });

  it('an extra field is refused by the strict schema and no session is created', async () => {
    await refused(() => box.json('/api/v1/auth/login', 'POST', { username: 'alice', password: goodPassword, remember: true }), 422, 'validation');
  });

  it('the sign-in form with a wrong password re-renders with 422, the error next to password and the username kept', async () => {
    const { csrf, cookie } = await csrfFrom(box, '/login');
    const before = snapshot();
    const response = await postForm(box, '/login', { _csrf: csrf, username: 'alice', password: 'wrong password' }, cookie);
    const html = await response.text();
    expect(response.status).toBe(422);
    expect(html).toContain('id="f-password-error"');
    expect(html).toContain('value="alice"');
    expect(html).not.toContain('wrong password');
    expect(snapshot()).toEqual(before);
  });
});

describe('the sign-in rate limit', () => {
  /** A fresh box (its own limiter), with carol registered. */
  async function limitedBox() {
    const fresh = createTestBox();
    await fresh.register('carol');
    return fresh;
  }
  const login = (of: TestBox, password: string, username = 'carol', headers: Record<string, string> = {}) =>
    of.request('/api/v1/auth/login', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ username, password }) });

  async function failEightTimes(of: TestBox) {
    for (let i = 0; i < 8; i++) expect((await login(of, `wrong password ${i}`)).status).toBe(401);
  }

  it('after 8 failed sign-ins the next one is refused with 429 and Retry-After, even with the correct password, and no session is created', async () => {
    const fresh = await limitedBox();
    try {
      await failEightTimes(fresh);
      const { response } = await refused(() => login(fresh, goodPassword), 429, 'rate_limited', undefined, fresh);
      const retryAfter = Number(response.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(600);
    } finally {
      fresh.close();
    }
  });

  it('a forged X-Forwarded-For (or Forwarded, X-Real-IP) header does not bypass the limit', async () => {
    const fresh = await limitedBox();
    try {
      await failEightTimes(fresh);
      await refused(() => login(fresh, goodPassword, 'carol', {
        'x-forwarded-for': '203.0.113.7', forwarded: 'for=203.0.113.7', 'x-real-ip': '203.0.113.7',
      }), 429, 'rate_limited', undefined, fresh);
    } finally {
      fresh.close();
    }
  });

  it('after 8 failures from one address, sign-ins for other usernames from that address are refused with 429 too', async () => {
    const fresh = await limitedBox();
    try {
      await fresh.register('dave');
      await failEightTimes(fresh);
      await refused(() => login(fresh, goodPassword, 'dave'), 429, 'rate_limited', undefined, fresh);
    } finally {
      fresh.close();
    }
  });

  it('the sign-in form is refused with 429 and Retry-After once the limit is reached', async () => {
    const fresh = await limitedBox();
    try {
      await failEightTimes(fresh);
      const { csrf, cookie } = await csrfFrom(fresh, '/login');
      const before = snapshot(fresh);
      const response = await postForm(fresh, '/login', { _csrf: csrf, username: 'carol', password: goodPassword }, cookie);
      expect(response.status).toBe(429);
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(snapshot(fresh)).toEqual(before);
    } finally {
      fresh.close();
    }
  });

  it('the per-username limit holds across addresses, whatever the case or surrounding spaces of the username', async () => {
    const fresh = await limitedBox();
    try {
      // The same box seen through the real Node adapter: each request from its own socket address.
      const app = createApp(fresh.deps, { dbPath: fresh.dbPath });
      const from = (address: string, username: string, password: string) => Promise.resolve(app.request('/api/v1/auth/login', {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }),
      }, { incoming: { socket: { remoteAddress: address } } }));
      for (let i = 0; i < 8; i++) expect((await from(`198.51.100.${i}`, 'carol', `wrong password ${i}`)).status).toBe(401);
      for (const [i, variant] of ['carol', 'CAROL', ' carol', 'carol  ', '\tCarol\n'].entries()) {
        await refused(() => from(`192.0.2.${i}`, variant, goodPassword), 429, 'rate_limited', undefined, fresh);
      }
    } finally {
      fresh.close();
    }
  });
});

describe('API tokens refuse bad input', () => {
  it('a token with an empty name is refused with field name and no token is created', async () => {
    await refused(() => box.json('/api/v1/me/tokens', 'POST', { name: '' }, alice), 422, 'validation', 'name');
  });

  it('a token whose name is only spaces is refused with field name and no token is created', async () => {
    await refused(() => box.json('/api/v1/me/tokens', 'POST', { name: '   ' }, alice), 422, 'validation', 'name');
  });

  it('a token with no name at all is refused with field name', async () => {
    await refused(() => box.json('/api/v1/me/tokens', 'POST', {}, alice), 422, 'validation', 'name');
  });

  it('a token created while signed out is refused with 401', async () => {
    await refused(() => box.json('/api/v1/me/tokens', 'POST', { name: 'script' }), 401, 'unauthenticated');
  });

  it('the token form with an empty name re-renders /me with 422 and the error next to the name', async () => {
    const { csrf, cookie } = await browser(box, alice);
    const before = snapshot();
    const response = await postForm(box, '/me/tokens', { _csrf: csrf, name: '' }, cookie);
    expect(response.status).toBe(422);
    expect(await response.text()).toContain('id="f-name-error"');
    expect(snapshot()).toEqual(before);
  });

  it('revoking an unknown token is refused with 404', async () => {
    await refused(() => box.request('/api/v1/me/tokens/01a00000-0000-7000-8000-000000000000', { method: 'DELETE', as: alice }), 404, 'not_found');
  });
});

describe('password reset links', () => {
  // Resetting a password ends the person's sessions: a person of their own, not Alice.
  let erin: Session;
  beforeAll(async () => { erin = await box.register('erin'); });
  async function issueResetLink(personId: string) {
    const response = await box.json('/api/v1/admin/reset-links', 'POST', { personId }, root);
    expect(response.status).toBe(201);
    return ((await response.json()) as { url: string }).url.split('/reset/')[1];
  }
  const hashOf = (personId: string) => (box.deps.db.prepare('SELECT password_hash FROM accounts WHERE person_id = ?').get(personId) as { password_hash: string }).password_hash;

  it('a reset link can be used once; the second use is refused with 404 and the password is unchanged', async () => {
    const token = await issueResetLink(erin.personId);
    const { csrf, cookie } = await csrfFrom(box, `/reset/${token}`);
    const first = await postForm(box, `/reset/${token}`, { _csrf: csrf, password: 'a brand new password' }, cookie);
    expect(first.status).toBe(303);
    const hash = hashOf(erin.personId);
    const before = snapshot();
    const second = await postForm(box, `/reset/${token}`, { _csrf: csrf, password: 'an attacker password' }, cookie);
    expect(second.status).toBe(404);
    expect(hashOf(erin.personId)).toBe(hash);
    expect(snapshot()).toEqual(before);
    expect((await box.request(`/reset/${token}`)).status).toBe(404);
  });

  it('a reset with a too-short password is refused with 422 next to the field and leaves the link usable', async () => {
    const token = await issueResetLink(erin.personId);
    const { csrf, cookie } = await csrfFrom(box, `/reset/${token}`);
    const before = snapshot();
    const refusedReset = await postForm(box, `/reset/${token}`, { _csrf: csrf, password: 'short' }, cookie);
    expect(refusedReset.status).toBe(422);
    expect(await refusedReset.text()).toContain('id="f-password-error"');
    expect(snapshot()).toEqual(before);
    expect((await postForm(box, `/reset/${token}`, { _csrf: csrf, password: goodPassword }, cookie)).status).toBe(303);
  });

  it('a reset without _csrf is refused with 403 and leaves the password and the link untouched', async () => {
    const token = await issueResetLink(erin.personId);
    const { cookie } = await csrfFrom(box, `/reset/${token}`);
    const before = snapshot();
    expect((await postForm(box, `/reset/${token}`, { password: 'a csrf-less password' }, cookie)).status).toBe(403);
    expect(snapshot()).toEqual(before);
    expect((await box.request(`/reset/${token}`)).status).toBe(200);
  });

  it('an unknown reset link is refused with 404', async () => {
    const { csrf, cookie } = await csrfFrom(box, '/login');
    const before = snapshot();
    expect((await postForm(box, '/reset/not-a-real-token-at-all', { _csrf: csrf, password: goodPassword }, cookie)).status).toBe(404);
    expect(snapshot()).toEqual(before);
  });

  it('a reset link issued by someone who is not a box admin is refused with 403', async () => {
    await refused(() => box.json('/api/v1/admin/reset-links', 'POST', { personId: root.personId }, alice), 403, 'forbidden');
  });

  it('a reset link for an unknown person is refused with 404, and for a non-uuid with field personId', async () => {
    await refused(() => box.json('/api/v1/admin/reset-links', 'POST', { personId: '01a00000-0000-7000-8000-000000000000' }, root), 404, 'not_found');
    await refused(() => box.json('/api/v1/admin/reset-links', 'POST', { personId: 'alice' }, root), 422, 'validation', 'personId');
  });
});

describe('the first-admin setup link (the setup code\'s other form)', () => {
  it('its first use makes a box admin; its second use is refused and creates nothing', async () => {
    const fresh = createTestBox();
    try {
      const token = issueSetupCode(fresh.deps);
      expect(token).toBeTruthy();
      const { csrf, cookie } = await csrfFrom(fresh, `/setup/${token}`);
      const first = await postForm(fresh, `/setup/${token}`, { _csrf: csrf, username: 'founder', password: goodPassword }, cookie);
      expect(first.status).toBe(303);
      expect(first.headers.get('location')).toBe('/admin');
      expect(fresh.deps.db.prepare("SELECT is_box_admin FROM accounts WHERE username = 'founder'").get()).toEqual({ is_box_admin: 1 });

      // Second use, through the form: re-rendered with the error, no account.
      const before = snapshot(fresh);
      const second = await postForm(fresh, `/setup/${token}`, { _csrf: csrf, username: 'usurper', password: goodPassword }, cookie);
      expect(second.status).toBe(422);
      expect(snapshot(fresh)).toEqual(before);
      // ... through the API: 400 field setupToken, no account.
      await refused(() => fresh.json('/api/v1/auth/register', 'POST', { username: 'usurper', password: goodPassword, setupToken: token }),
        400, 'bad_request', 'setupToken', fresh);
      // ... and the page itself is gone.
      expect((await fresh.request(`/setup/${token}`)).status).toBe(404);
      expect(count('accounts', fresh)).toBe(1);
      // With an admin, no new setup link is issued.
      expect(issueSetupCode(fresh.deps)).toBeNull();
    } finally {
      fresh.close();
    }
  });

  it('a setup attempt with a too-short password is refused with 422 and leaves the link usable', async () => {
    const fresh = createTestBox();
    try {
      const token = issueSetupCode(fresh.deps)!;
      const { csrf, cookie } = await csrfFrom(fresh, `/setup/${token}`);
      const before = snapshot(fresh);
      const refusedSetup = await postForm(fresh, `/setup/${token}`, { _csrf: csrf, username: 'founder', password: 'short' }, cookie);
      expect(refusedSetup.status).toBe(422);
      expect(await refusedSetup.text()).toContain('id="f-password-error"');
      expect(snapshot(fresh)).toEqual(before);
      expect((await fresh.request(`/setup/${token}`)).status).toBe(200);
    } finally {
      fresh.close();
    }
  });

  it('an older setup link stops working once a new one is issued', async () => {
    const fresh = createTestBox();
    try {
      const old = issueSetupCode(fresh.deps)!;
      issueSetupCode(fresh.deps);
      await refused(() => fresh.json('/api/v1/auth/register', 'POST', { username: 'founder', password: goodPassword, setupToken: old }),
        400, 'bad_request', 'setupToken', fresh);
    } finally {
      fresh.close();
    }
  });
});

describe('deleting one\'s account', () => {
  it('a wrong password is refused with field password and nothing is deleted', async () => {
    await refused(() => box.json('/api/v1/me', 'DELETE', { password: 'wrong password' }, alice), 422, 'validation', 'password');
    expect((await box.request('/api/v1/me', { as: alice })).status).toBe(200);
  });

  it('a missing password is refused with field password and nothing is deleted', async () => {
    await refused(() => box.json('/api/v1/me', 'DELETE', {}, alice), 422, 'validation', 'password');
  });

  it('the delete form with a wrong password re-renders /me with 422 and nothing is deleted', async () => {
    const { csrf, cookie } = await browser(box, alice);
    const before = snapshot();
    const response = await postForm(box, '/me/delete', { _csrf: csrf, password: 'wrong password' }, cookie);
    expect(response.status).toBe(422);
    expect(await response.text()).toContain('id="f-password-error"');
    expect(snapshot()).toEqual(before);
  });

  it('the delete form without _csrf is refused with 403 and nothing is deleted', async () => {
    const { cookie } = await browser(box, alice);
    const before = snapshot();
    expect((await postForm(box, '/me/delete', { password: goodPassword }, cookie)).status).toBe(403);
    expect(snapshot()).toEqual(before);
  });

  it('the last box admin cannot delete their account (409) and nothing is deleted', async () => {
    await refused(() => box.json('/api/v1/me', 'DELETE', { password: goodPassword }, root), 409, 'conflict');
  });
});
