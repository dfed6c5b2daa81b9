// Sessions, tokens and resets as a person and a script use them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestBox, type TestBox } from '../testing/test-box.ts';

let box: TestBox;
beforeAll(() => { box = createTestBox(); });
afterAll(() => box.close());

describe('accounts', () => {
  it('keep the session in an HttpOnly, SameSite cookie, and logging out ends it', async () => {
    const response = await box.json('/api/v1/auth/register', 'POST', { username: 'marie', password: 'correct horse battery' });
    const session = response.headers.getSetCookie().find((c) => c.startsWith('copi_session='))!;
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Lax/i);
    const cookie = session.split(';')[0];
    expect((await box.request('/api/v1/me', { headers: { cookie } })).status).toBe(200);
    await box.request('/api/v1/auth/logout', { method: 'POST', headers: { cookie, 'content-type': 'application/json' } });
    expect((await box.request('/api/v1/me', { headers: { cookie } })).status).toBe(401);
  });

  it('store no password in clear, only a scrypt hash', async () => {
    const row = box.deps.db.prepare("SELECT password_hash FROM accounts WHERE username = 'marie'").get() as { password_hash: string };
    expect(row.password_hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(row.password_hash).not.toContain('correct horse');
  });

  it('let a script act with a personal token until it is revoked', async () => {
    const paul = await box.register('paul');
    const made = (await (await box.json('/api/v1/me/tokens', 'POST', { name: 'import script' }, paul)).json()) as { token: string; id: string };
    const bearer = { authorization: `Bearer ${made.token}`, 'content-type': 'application/json' };
    const created = await box.request('/api/v1/elements', { method: 'POST', headers: bearer, body: JSON.stringify({ type: 'project', name: 'Projet scripté' }) });
    expect(created.status).toBe(201);
    expect((await box.request(`/api/v1/me/tokens/${made.id}`, { method: 'DELETE', as: paul })).status).toBe(204);
    const refused = await box.request('/api/v1/elements', { method: 'POST', headers: bearer, body: JSON.stringify({ type: 'project', name: 'Trop tard' }) });
    expect(refused.status).toBe(401);
  });

  it('let a box admin hand over a one-time reset link that sets a new password', async () => {
    const admin = await box.register('admin', { admin: true });
    const forgetful = await box.register('oublieux');
    const { url } = (await (await box.json('/api/v1/admin/reset-links', 'POST', { personId: forgetful.personId }, admin)).json()) as { url: string };
    const path = new URL(url).pathname;
    const page = await box.request(path);
    const csrf = page.headers.getSetCookie().find((c) => c.startsWith('copi_csrf='))!.split(';')[0];
    const body = new URLSearchParams({ _csrf: csrf.split('=')[1], password: 'a brand new password' });
    const reset = await box.request(path, { method: 'POST', headers: { cookie: csrf, 'content-type': 'application/x-www-form-urlencoded' }, body });
    expect(reset.status).toBe(303);
    expect((await box.json('/api/v1/auth/login', 'POST', { username: 'oublieux', password: 'a brand new password' })).status).toBe(200);
    expect((await box.json('/api/v1/auth/login', 'POST', { username: 'oublieux', password: 'correct horse battery' })).status).toBe(401);
  });

  it('delete an account with its profile, keeping what others still run', async () => {
    const leaving = await box.register('partante');
    const org = (await (await box.json('/api/v1/elements', 'POST', { type: 'organization', kind: 'group', name: 'Club de lecture' }, leaving)).json()) as { id: string };
    expect((await box.json('/api/v1/me', 'DELETE', { password: 'correct horse battery' }, leaving)).status).toBe(204);
    expect(box.deps.db.prepare("SELECT 1 FROM accounts WHERE username = 'partante'").get()).toBeUndefined();
    const person = box.deps.db.prepare('SELECT name, deleted_at FROM elements WHERE id = ?').get(leaving.personId) as { name: string; deleted_at: string };
    expect(person.name).toBe('');
    expect(person.deleted_at).not.toBeNull();
    expect((await box.request(`/api/v1/elements/${org.id}`)).status).toBe(200);
  });
});
