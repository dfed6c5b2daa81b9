// Bad input on every element write path (JSON API and forms): a clear 4xx naming the field, never a 5xx,
// and nothing written (the whole database is compared before and after).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestBox, type Session, type TestBox } from '../testing/test-box.ts';

let box: TestBox;
let alice: Session;
let bob: Session;
let aliceToken: string;
/** An organization of Alice's, the target of the PATCH tests. */
let orgId: string;

beforeAll(async () => {
  box = createTestBox();
  alice = await box.register('alice');
  bob = await box.register('bob');
  const token = await box.json('/api/v1/me/tokens', 'POST', { name: 'scripts' }, alice);
  aliceToken = ((await token.json()) as { token: string }).token;
  const org = await box.json('/api/v1/elements', 'POST', { type: 'organization', kind: 'association', name: 'Les Amis du Lavoir', slug: 'lavoir' }, alice);
  orgId = ((await org.json()) as { id: string }).id;
});
afterAll(() => box.close());

/** Every row of every table; API tokens without `last_used_at`, which a Bearer request legitimately touches. */
function snapshot() {
  const { db } = box.deps;
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[];
  return Object.fromEntries(tables.map(({ name }) => {
    const rows = db.prepare(`SELECT * FROM "${name}"`).all() as Record<string, unknown>[];
    return [name, name === 'api_tokens' ? rows.map(({ last_used_at: _ignored, ...row }) => row) : rows];
  }));
}

/** Sends the request and checks that it is refused with this status, code and field, and that nothing was written. */
async function refused(send: () => Promise<Response>, status: number, code: string, field?: string) {
  const before = snapshot();
  const response = await send();
  const text = await response.text();
  expect(response.status, text).toBe(status);
  expect(response.headers.get('content-type') ?? '').toContain('application/json');
  const body = JSON.parse(text) as { error: { code: string; message: string; field?: string; issues?: { field: string; message: string }[] } };
  expect(body.error.code).toBe(code);
  expect(body.error.message.length).toBeGreaterThan(0);
  if (field !== undefined) expect(body.error.field).toBe(field);
  expect(snapshot()).toEqual(before);
  return body;
}

/** `as: null` sends the request signed out. */
const create = (body: unknown, as: Session | null = alice) => () => box.json('/api/v1/elements', 'POST', body, as ?? undefined);
const patch = (id: string, body: unknown, as: Session | null = alice) => () => box.json(`/api/v1/elements/${id}`, 'PATCH', body, as ?? undefined);
const raw = (path: string, method: string, body: BodyInit, headers: Record<string, string>, as?: Session) => () =>
  box.request(path, { method, body, headers, as });

const organization = { type: 'organization', kind: 'association', name: 'Jardin partagé' };
const event = { type: 'event', kind: 'concert', name: 'Bal du 14 juillet', startsAt: '2026-07-14T20:00' };

const versionOf = (id: string) => (box.deps.db.prepare('SELECT version FROM elements WHERE id = ?').get(id) as { version: number }).version;

describe('POST /api/v1/elements refuses bad input', () => {
  it('a name that is a number is refused with field name and nothing is written', async () => {
    await refused(create({ ...organization, name: 42 }), 422, 'validation', 'name');
  });

  it('a missing name is refused with field name and nothing is written', async () => {
    const { name: _name, ...withoutName } = organization;
    await refused(create(withoutName), 422, 'validation', 'name');
  });

  it('a blank name is refused with field name and nothing is written', async () => {
    await refused(create({ ...organization, name: '   ' }), 422, 'validation', 'name');
  });

  it('a missing type is refused with field type and nothing is written', async () => {
    const { type: _type, ...withoutType } = organization;
    await refused(create(withoutType), 422, 'validation', 'type');
  });

  it('an unknown type (person cannot be created here) is refused with field type', async () => {
    await refused(create({ ...organization, type: 'person' }), 422, 'validation', 'type');
  });

  it('an event without startsAt is refused with field startsAt and nothing is written', async () => {
    const { startsAt: _startsAt, ...withoutStart } = event;
    await refused(create(withoutStart), 422, 'validation', 'startsAt');
  });

  it('an organization without a kind is refused with field kind', async () => {
    await refused(create({ type: 'organization', name: 'Sans genre' }), 422, 'validation', 'kind');
  });

  it('a name of 121 characters is refused with field name and nothing is written', async () => {
    await refused(create({ ...organization, name: 'a'.repeat(121) }), 422, 'validation', 'name');
  });

  it('a name of exactly 120 characters is accepted', async () => {
    const response = await box.json('/api/v1/elements', 'POST', { ...organization, name: 'b'.repeat(120) }, alice);
    expect(response.status).toBe(201);
  });

  it('a description of 20001 characters is refused with field description and nothing is written', async () => {
    await refused(create({ ...organization, description: 'x'.repeat(20001) }), 422, 'validation', 'description');
  });

  it('a name holding a NUL character is refused with field name', async () => {
    await refused(create({ ...organization, name: 'Jardin\u0000' }), 422, 'validation', 'name');
  });

  it('a date that does not exist (2026-02-30T10:00) is refused with field startsAt and nothing is written', async () => {
    await refused(create({ ...event, startsAt: '2026-02-30T10:00' }), 422, 'validation', 'startsAt');
  });

  it('a date that is not a date at all is refused with field endsAt', async () => {
    await refused(create({ ...event, endsAt: 'tomorrow evening' }), 422, 'validation', 'endsAt');
  });

  it('an event whose end is before its start is refused with field endsAt and nothing is written', async () => {
    await refused(create({ ...event, startsAt: '2026-07-14T20:00', endsAt: '2026-07-14T19:00' }), 422, 'validation', 'endsAt');
  });

  it('an organization with dates is refused with field startsAt', async () => {
    await refused(create({ ...organization, startsAt: '2026-07-14T20:00' }), 422, 'validation', 'startsAt');
  });

  it('a latitude of 91 is refused with field lat and nothing is written', async () => {
    await refused(create({ ...organization, lat: 91, lon: 5 }), 422, 'validation', 'lat');
  });

  it('a longitude of -181 is refused with field lon and nothing is written', async () => {
    await refused(create({ ...organization, lat: 44.7, lon: -181 }), 422, 'validation', 'lon');
  });

  it('a latitude without a longitude is refused with field lon and nothing is written', async () => {
    await refused(create({ ...organization, lat: 44.7 }), 422, 'validation', 'lon');
  });

  it('a latitude that is not a number ("abc") is refused with field lat', async () => {
    await refused(create({ ...organization, lat: 'abc', lon: 5 }), 422, 'validation', 'lat');
  });

  it('an unknown parentId is refused with field parentId and nothing is written', async () => {
    await refused(create({ ...event, parentId: randomUUID() }), 422, 'validation', 'parentId');
  });

  it('a parentId that is not a uuid is refused with field parentId', async () => {
    await refused(create({ ...event, parentId: 'not-a-uuid' }), 422, 'validation', 'parentId');
  });

  it('an unknown organizerId is refused with field organizerId and nothing is written', async () => {
    await refused(create({ ...event, organizerId: randomUUID() }), 422, 'validation', 'organizerId');
  });

  it('an organizer the author does not belong to is refused with field organizerId and nothing is written', async () => {
    await refused(create({ ...event, organizerId: orgId }, bob), 422, 'validation', 'organizerId');
  });

  it('an unknown commune (INSEE 99999) is refused with field communeInsee and nothing is written', async () => {
    await refused(create({ ...organization, communeInsee: '99999' }), 422, 'validation', 'communeInsee');
  });

  it('an unknown field is refused by the strict schema, naming that field, and nothing is written', async () => {
    const body = await refused(create({ ...organization, colour: 'red' }), 422, 'validation');
    expect(body.error.message).toContain('colour');
  });

  it('a body that is not an object (a JSON array) is refused with 422', async () => {
    await refused(create([organization]), 422, 'validation');
  });

  it('a body that is not valid UTF-8 (bytes C3 28) is refused with 400 and nothing is written', async () => {
    const head = new TextEncoder().encode('{"type":"organization","kind":"association","name":"');
    const tail = new TextEncoder().encode('"}');
    const bytes = new Uint8Array([...head, 0xc3, 0x28, ...tail]);
    const body = await refused(raw('/api/v1/elements', 'POST', bytes, { 'content-type': 'application/json' }, alice), 400, 'bad_request');
    expect(body.error.message).toMatch(/UTF-8/);
  });

  it('a body that is not JSON is refused with 400 and nothing is written', async () => {
    await refused(raw('/api/v1/elements', 'POST', '{"type": "organization", "name": ', { 'content-type': 'application/json' }, alice), 400, 'bad_request');
  });

  it('a body that is not JSON, sent with a token, is refused with 415 and nothing is written', async () => {
    await refused(raw('/api/v1/elements', 'POST', 'type=organization&kind=association&name=X', {
      'content-type': 'application/x-www-form-urlencoded', authorization: `Bearer ${aliceToken}`,
    }), 415, 'unsupported_media_type');
  });

  it('a text/plain body with a valid CSRF header is refused with 415 and nothing is written', async () => {
    const csrf = /copi_csrf=([^;]+)/.exec(alice.cookie)![1];
    await refused(raw('/api/v1/elements', 'POST', JSON.stringify(organization), { 'content-type': 'text/plain', 'x-csrf-token': csrf }, alice),
      415, 'unsupported_media_type');
  });

  it('a cookie-authenticated write that is not JSON (a cross-site form) is refused with 403 and nothing is written', async () => {
    await refused(raw('/api/v1/elements', 'POST', JSON.stringify(organization), { 'content-type': 'text/plain' }, alice), 403, 'forbidden');
  });

  it('a body larger than COPI_BODY_LIMIT is refused with 413 and nothing is written', async () => {
    const big = JSON.stringify({ ...organization, description: 'x'.repeat(box.deps.config.bodyLimit + 1) });
    await refused(raw('/api/v1/elements', 'POST', big, { 'content-type': 'application/json' }, alice), 413, 'payload_too_large');
  });

  it('a body declaring a Content-Length above the limit is refused with 413 before it is read', async () => {
    const big = JSON.stringify({ ...organization, description: 'x'.repeat(2 * 1024 * 1024) });
    expect(big.length).toBeGreaterThan(box.deps.config.bodyLimit);
    await refused(raw('/api/v1/elements', 'POST', big, { 'content-type': 'application/json', 'content-length': String(big.length) }, alice),
      413, 'payload_too_large');
  });

  it('a slug already used by another element is refused with 409 field slug and nothing is written', async () => {
    await refused(create({ ...organization, slug: 'lavoir' }), 409, 'conflict', 'slug');
  });

  it('a slug with capitals or spaces is refused with field slug', async () => {
    await refused(create({ ...organization, slug: 'Le Lavoir' }), 422, 'validation', 'slug');
  });

  it('an unauthenticated create is refused with 401 and nothing is written', async () => {
    await refused(create(organization, null), 401, 'unauthenticated');
  });
});

describe('PATCH /api/v1/elements/:id refuses bad input', () => {
  it('a name that is a number is refused with field name and the element is unchanged', async () => {
    await refused(patch(orgId, { name: 42 }), 422, 'validation', 'name');
  });

  it('a null name is refused with field name and the element is unchanged', async () => {
    await refused(patch(orgId, { name: null }), 422, 'validation', 'name');
  });

  it('a latitude alone, on an element without a position, is refused with field lon', async () => {
    await refused(patch(orgId, { lat: 45 }), 422, 'validation', 'lon');
  });

  it('dates on an organization are refused with field startsAt', async () => {
    await refused(patch(orgId, { startsAt: '2026-07-14T20:00' }), 422, 'validation', 'startsAt');
  });

  it('an unknown commune is refused with field communeInsee', async () => {
    await refused(patch(orgId, { communeInsee: '99999' }), 422, 'validation', 'communeInsee');
  });

  it('changing the type is refused as an unknown field', async () => {
    const body = await refused(patch(orgId, { type: 'project' }), 422, 'validation');
    expect(body.error.message).toContain('type');
  });

  it('an organizerId is refused with field organizerId (organizers change through links)', async () => {
    await refused(patch(orgId, { organizerId: randomUUID() }), 422, 'validation', 'organizerId');
  });

  it('an event whose new end is before its start is refused with field endsAt and is unchanged', async () => {
    const created = await box.json('/api/v1/elements', 'POST', { ...event, name: 'Concert au lavoir' }, alice);
    const { id } = (await created.json()) as { id: string };
    await refused(patch(id, { endsAt: '2026-07-14T18:00' }), 422, 'validation', 'endsAt');
  });

  it('a slug already used by another element is refused with 409 field slug and the element is unchanged', async () => {
    const other = await box.json('/api/v1/elements', 'POST', { ...organization, name: 'Autre association' }, alice);
    const { id } = (await other.json()) as { id: string };
    await refused(patch(id, { slug: 'lavoir' }), 409, 'conflict', 'slug');
  });

  it('a stale version is refused with 409 field version and the element is unchanged', async () => {
    const version = versionOf(orgId);
    const first = await box.json(`/api/v1/elements/${orgId}`, 'PATCH', { shortDescription: 'Première', version }, alice);
    expect(first.status).toBe(200);
    await refused(patch(orgId, { shortDescription: 'Seconde, écrite sur une page périmée', version }), 409, 'conflict', 'version');
  });

  it('a stale If-Match header is refused with 409 field version and the element is unchanged', async () => {
    const stale = versionOf(orgId) - 1;
    await refused(() => box.request(`/api/v1/elements/${orgId}`, {
      method: 'PATCH', as: alice, headers: { 'content-type': 'application/json', 'if-match': `"${stale}"` },
      body: JSON.stringify({ shortDescription: 'Trop tard' }),
    }), 409, 'conflict', 'version');
  });

  it('a current If-Match header is accepted', async () => {
    const response = await box.request(`/api/v1/elements/${orgId}`, {
      method: 'PATCH', as: alice, headers: { 'content-type': 'application/json', 'if-match': `"${versionOf(orgId)}"` },
      body: JSON.stringify({ shortDescription: 'À jour' }),
    });
    expect(response.status).toBe(200);
  });

  it('an If-Match header that is not a version is refused with 422 field version, not a 500', async () => {
    await refused(() => box.request(`/api/v1/elements/${orgId}`, {
      method: 'PATCH', as: alice, headers: { 'content-type': 'application/json', 'if-match': 'W/"abc"' },
      body: JSON.stringify({ shortDescription: 'Peu importe' }),
    }), 422, 'validation', 'version');
  });

  it('an unauthenticated edit is refused with 401 and the element is unchanged', async () => {
    await refused(patch(orgId, { name: 'Pris' }, null), 401, 'unauthenticated');
  });

  it('an edit by someone who is not an admin of the element is refused with 403 and the element is unchanged', async () => {
    await refused(patch(orgId, { name: 'Pris par Bob' }, bob), 403, 'forbidden');
  });

  it('an edit of an unknown id is refused with 404 and nothing is written', async () => {
    await refused(patch(randomUUID(), { name: 'Personne' }), 404, 'not_found');
  });

  it('an edit with a body that is not JSON is refused with 400 and the element is unchanged', async () => {
    await refused(raw(`/api/v1/elements/${orgId}`, 'PATCH', '{name:', { 'content-type': 'application/json' }, alice), 400, 'bad_request');
  });
});

describe('DELETE /api/v1/elements/:id refuses', () => {
  it('a delete of an unknown id with 404 and nothing is written', async () => {
    await refused(() => box.request(`/api/v1/elements/${randomUUID()}`, { method: 'DELETE', as: alice, headers: { 'content-type': 'application/json' } }),
      404, 'not_found');
  });

  it('a delete by someone who is not an admin of the element with 403 and nothing is written', async () => {
    await refused(() => box.request(`/api/v1/elements/${orgId}`, { method: 'DELETE', as: bob, headers: { 'content-type': 'application/json' } }),
      403, 'forbidden');
  });

  it('an unauthenticated delete with 401 and nothing is written', async () => {
    await refused(() => box.request(`/api/v1/elements/${orgId}`, { method: 'DELETE' }), 401, 'unauthenticated');
  });

  it('a second delete of the same element with 404', async () => {
    const created = await box.json('/api/v1/elements', 'POST', { ...organization, name: 'Éphémère' }, alice);
    const { id } = (await created.json()) as { id: string };
    const first = await box.request(`/api/v1/elements/${id}`, { method: 'DELETE', as: alice, headers: { 'content-type': 'application/json' } });
    expect(first.status).toBe(204);
    await refused(() => box.request(`/api/v1/elements/${id}`, { method: 'DELETE', as: alice, headers: { 'content-type': 'application/json' } }),
      404, 'not_found');
  });
});

describe('element forms refuse bad input', () => {
  /** A signed-in visitor's cookie as a browser holds it: the session, plus the CSRF cookie read from a page's Set-Cookie. */
  async function browser(session: Session) {
    const sessionOnly = session.cookie.split('; ').filter((part) => !part.startsWith('copi_csrf=')).join('; ');
    const page = await box.request('/new/organization', { headers: { cookie: sessionOnly } });
    expect(page.status).toBe(200);
    const csrf = page.headers.getSetCookie().map((c) => /^copi_csrf=([^;]+)/.exec(c)?.[1]).find(Boolean);
    expect(csrf).toBeTruthy();
    return { cookie: `${sessionOnly}; copi_csrf=${csrf}`, csrf: csrf! };
  }

  const postForm = (path: string, fields: Record<string, string>, cookie: string) =>
    box.request(path, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie }, body: new URLSearchParams(fields).toString() });

  /** Posts the form and checks the status, and that nothing was written. */
  async function refusedForm(path: string, fields: Record<string, string>, cookie: string, status: number) {
    const before = snapshot();
    const response = await postForm(path, fields, cookie);
    const html = await response.text();
    expect(response.status, html.slice(0, 500)).toBe(status);
    expect(response.headers.get('content-type') ?? '').toContain('text/html');
    expect(snapshot()).toEqual(before);
    return html;
  }

  /** The markup of one form field, from its wrapper to the next one. */
  const fieldHtml = (html: string, name: string) => {
    const start = html.lastIndexOf('<div class="field', html.indexOf(`id="f-${name}"`));
    const end = html.indexOf('<div class="field', start + 1);
    return html.slice(start, end === -1 ? undefined : end);
  };

  it('POST /new/organization with a latitude out of range re-renders the form with 422, the error next to lat, and the values kept', async () => {
    const { cookie, csrf } = await browser(alice);
    const html = await refusedForm('/new/organization', {
      _csrf: csrf, name: 'Atelier vélo', kind: 'association', shortDescription: 'Réparer ensemble', lat: '91', lon: '5', visibility: 'public',
    }, cookie, 422);
    const lat = fieldHtml(html, 'lat');
    expect(lat).toContain('class="field invalid"');
    expect(lat).toContain('aria-invalid="true"');
    expect(lat).toContain('id="f-lat-error"');
    expect(lat).toContain('value="91"');
    expect(fieldHtml(html, 'name')).toContain('value="Atelier vélo"');
    expect(fieldHtml(html, 'name')).not.toContain('f-name-error');
    expect(fieldHtml(html, 'shortDescription')).toContain('value="Réparer ensemble"');
    expect(fieldHtml(html, 'lon')).toContain('value="5"');
  });

  it('POST /new/organization with a name of 121 characters re-renders the form with 422 and the error next to name', async () => {
    const { cookie, csrf } = await browser(alice);
    const name = 'n'.repeat(121);
    const html = await refusedForm('/new/organization', { _csrf: csrf, name, kind: 'association', visibility: 'public' }, cookie, 422);
    const field = fieldHtml(html, 'name');
    expect(field).toContain('id="f-name-error"');
    expect(field).toContain(`value="${name}"`);
  });

  it('POST /new/organization with a slug conflict on edit re-renders with the error next to slug', async () => {
    const { cookie, csrf } = await browser(alice);
    const other = await box.json('/api/v1/elements', 'POST', { ...organization, name: 'Ressourcerie', slug: 'ressourcerie' }, alice);
    const { version } = (await other.json()) as { version: number };
    const html = await refusedForm('/e/ressourcerie/edit', {
      _csrf: csrf, version: String(version), name: 'Ressourcerie', kind: 'association', visibility: 'public', slug: 'lavoir',
    }, cookie, 422);
    expect(fieldHtml(html, 'slug')).toContain('id="f-slug-error"');
    expect(fieldHtml(html, 'slug')).toContain('value="lavoir"');
  });

  it('a form POST without _csrf is refused with 403 and nothing is written', async () => {
    const { cookie } = await browser(alice);
    await refusedForm('/new/organization', { name: 'Sans jeton', kind: 'association', visibility: 'public' }, cookie, 403);
  });

  it('a form POST with a wrong _csrf is refused with 403 and nothing is written', async () => {
    const { cookie } = await browser(alice);
    await refusedForm('/new/organization', { _csrf: 'x'.repeat(43), name: 'Mauvais jeton', kind: 'association', visibility: 'public' }, cookie, 403);
  });

  it('a form POST whose _csrf matches no cookie (a cross-site post) is refused with 403 and nothing is written', async () => {
    const { csrf } = await browser(alice);
    const sessionOnly = alice.cookie.split('; ').filter((part) => !part.startsWith('copi_csrf=')).join('; ');
    await refusedForm('/new/organization', { _csrf: csrf, name: 'Sans cookie', kind: 'association', visibility: 'public' }, sessionOnly, 403);
  });

  it('a form POST of someone else\'s CSRF token is refused with 403 and nothing is written', async () => {
    const { cookie } = await browser(alice);
    const { csrf: bobsToken } = await browser(bob);
    await refusedForm('/new/organization', { _csrf: bobsToken, name: 'Jeton de Bob', kind: 'association', visibility: 'public' }, cookie, 403);
  });

  it('an edit form POST without _csrf is refused with 403 and the element is unchanged', async () => {
    const { cookie } = await browser(alice);
    await refusedForm('/e/lavoir/edit', { name: 'Renommé', kind: 'association', visibility: 'public', version: String(versionOf(orgId)) }, cookie, 403);
  });

  it('a delete form POST without _csrf is refused with 403 and the element is kept', async () => {
    const { cookie } = await browser(alice);
    await refusedForm('/e/lavoir/delete', {}, cookie, 403);
  });

  it('an edit form POST with a stale version is refused with 409, keeps the values typed and offers the current version', async () => {
    const { cookie, csrf } = await browser(alice);
    const html = await refusedForm('/e/lavoir/edit', {
      _csrf: csrf, name: 'Les Amis du Lavoir', kind: 'association', visibility: 'public', shortDescription: 'Mon texte à moi',
      version: String(versionOf(orgId) - 1),
    }, cookie, 409);
    expect(html).toContain('role="alert"');
    expect(html).toContain('Mon texte à moi');
    expect(html).toContain(`name="version" value="${versionOf(orgId)}"`);
  });

  it('a form POST that is not a form (JSON) is refused with 415 and nothing is written', async () => {
    const { cookie } = await browser(alice);
    const before = snapshot();
    const response = await box.request('/new/organization', {
      method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify(organization),
    });
    expect(response.status).toBe(415);
    expect(snapshot()).toEqual(before);
  });

  it('a form POST that is not valid UTF-8 is refused with 400 and nothing is written', async () => {
    const { cookie, csrf } = await browser(alice);
    const before = snapshot();
    const bytes = new Uint8Array([...new TextEncoder().encode(`_csrf=${csrf}&kind=association&visibility=public&name=`), 0xc3, 0x28]);
    const response = await box.request('/new/organization', {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie }, body: bytes,
    });
    expect(response.status).toBe(400);
    expect(snapshot()).toEqual(before);
  });
});
