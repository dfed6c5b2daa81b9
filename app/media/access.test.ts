// Who may add, see, move and delete files, how they are served, what goes when their element goes; useful links.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addLink } from '../links/storage.ts';
import { createTestBox, type Session, type TestBox } from '../testing/test-box.ts';
import type { MediaFile } from './model.ts';
import { apiUpload, csrfOf, jpegWithGps } from './testing.ts';

let box: TestBox;
let admin: Session;
let member: Session;
let outsider: Session;
let closedId: string;
let closedSlug: string;

type Item = MediaFile & { url: string; thumbnailUrl: string | null };

const create = async (as: Session, body: Record<string, unknown>) =>
  (await (await box.json('/api/v1/elements', 'POST', body, as)).json()) as { id: string; slug: string };

async function uploadOne(as: Session, elementId: string, name: string, data: Buffer | string): Promise<Item> {
  const response = await apiUpload(box, as, elementId, [{ name, data }]);
  const body = (await response.json()) as { items: Item[] };
  if (response.status !== 201) throw new Error(`${response.status} ${JSON.stringify(body)}`);
  return body.items[0];
}

beforeAll(async () => {
  box = createTestBox();
  admin = await box.register('admin');
  member = await box.register('member');
  outsider = await box.register('outsider');
  ({ id: closedId, slug: closedSlug } = await create(admin, { type: 'organization', kind: 'association', name: 'Cercle fermé', visibility: 'members' }));
  addLink(box.deps.db, { fromId: member.personId, toId: closedId, kind: 'member' });
});
afterAll(() => box.close());

describe('permissions', () => {
  it('a person who is not a member cannot upload, before anything is read or stored', async () => {
    const open = await create(admin, { type: 'organization', kind: 'association', name: 'Ouvert à tous' });
    const response = await apiUpload(box, outsider, open.id, [{ name: 'a.txt', data: 'hello' }]);
    expect(response.status).toBe(403);
    expect(((await response.json()) as { error: { message: string } }).error.message).toBe('Only the members of this element can add files to it');
    expect((await apiUpload(box, outsider, closedId, [{ name: 'a.txt', data: 'hello' }])).status).toBe(404);
    const anonymous = await box.request(`/api/v1/elements/${open.id}/media`, { method: 'POST', body: new FormData() });
    expect(anonymous.status).toBe(401);
  });

  it('whoever cannot see a members-only element cannot list or download its files', async () => {
    const file = await uploadOne(member, closedId, 'plan.jpg', await jpegWithGps());
    expect((await box.request(file.url, { as: member })).status).toBe(200);
    expect((await box.request(file.thumbnailUrl!, { as: admin })).status).toBe(200);
    for (const as of [outsider, undefined]) {
      expect((await box.request(file.url, { as })).status).toBe(404);
      expect((await box.request(file.thumbnailUrl!, { as })).status).toBe(404);
      expect((await box.request(`/api/v1/elements/${closedId}/media`, { as })).status).toBe(404);
      expect((await box.request(`/e/${closedSlug}/media`, { as })).status).toBe(404);
    }
  });

  it('only admins and the uploader may move or delete a file', async () => {
    const mine = await uploadOne(member, closedId, 'notes.txt', 'mes notes');
    const theirs = await uploadOne(admin, closedId, 'bilan.txt', 'le bilan');
    const other = await box.register('other-member');
    addLink(box.deps.db, { fromId: other.personId, toId: closedId, kind: 'member' });
    expect((await box.json(`/api/v1/elements/${closedId}/media/${mine.id}`, 'DELETE', undefined, other)).status).toBe(403);
    expect((await box.json(`/api/v1/elements/${closedId}/media/${theirs.id}`, 'PATCH', { folder: 'X' }, member)).status).toBe(403);
    const moved = await box.json(`/api/v1/elements/${closedId}/media/${mine.id}`, 'PATCH', { folder: ' Archives / 2026 ' }, member);
    expect(((await moved.json()) as Item).folder).toBe('Archives/2026');
    expect((await box.json(`/api/v1/elements/${closedId}/media/${mine.id}`, 'DELETE', undefined, member)).status).toBe(204);
    expect((await box.json(`/api/v1/elements/${closedId}/media/${theirs.id}`, 'DELETE', undefined, admin)).status).toBe(204);
    expect(existsSync(join(box.deps.config.media.dir, mine.id))).toBe(false);
    expect((await box.request(mine.url, { as: member })).status).toBe(404);
  });
});

describe('serving', () => {
  it('sends an image inline and a document as an attachment, with its detected type, nosniff, a sandbox and a long cache', async () => {
    const image = await uploadOne(admin, closedId, 'Fête d’été.jpg', await jpegWithGps());
    const response = await box.request(image.url, { as: admin });
    expect(response.headers.get('content-type')).toBe('image/jpeg');
    expect(response.headers.get('content-disposition')).toBe(`inline; filename="F_te d__t_.jpg"; filename*=UTF-8''F%C3%AAte%20d%E2%80%99%C3%A9t%C3%A9.jpg`);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
    expect(response.headers.get('cache-control')).toBe('private, max-age=31536000, immutable');
    expect(Number(response.headers.get('content-length'))).toBe(image.bytes);
    expect(Buffer.from(await response.arrayBuffer()).length).toBe(image.bytes);
    const again = await box.request(image.url, { as: admin, headers: { 'if-none-match': response.headers.get('etag')! } });
    expect(again.status).toBe(304);

    const text = await uploadOne(admin, closedId, 'lisez-moi', 'Bonjour');
    const download = await box.request(text.url, { as: admin });
    expect(download.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(download.headers.get('content-disposition')).toMatch(/^attachment; filename="lisez-moi.txt"/);
    expect(await download.text()).toBe('Bonjour');
    expect((await box.request(`/media/${text.id}/thumb`, { as: admin })).status).toBe(404);
  });
});

describe('deleting an element', () => {
  it('removes its files, rows and bytes, and its useful links', async () => {
    const doomed = await create(admin, { type: 'project', name: 'Projet éphémère' });
    const file = await uploadOne(admin, doomed.id, 'photo.jpg', await jpegWithGps());
    await box.json(`/api/v1/elements/${doomed.id}/useful-links`, 'POST', { url: 'https://example.org', title: 'Site' }, admin);
    const paths = [join(box.deps.config.media.dir, file.id), join(box.deps.config.media.dir, `${file.id}.thumb`)];
    expect(paths.every((path) => existsSync(path))).toBe(true);
    expect((await box.json(`/api/v1/elements/${doomed.id}`, 'DELETE', undefined, admin)).status).toBe(204);
    expect(paths.some((path) => existsSync(path))).toBe(false);
    const rows = box.deps.db.prepare('SELECT (SELECT count(*) FROM media_files WHERE element_id = :id) + (SELECT count(*) FROM useful_links WHERE element_id = :id) AS n')
      .get({ id: doomed.id }) as { n: number };
    expect(rows.n).toBe(0);
  });
});

describe('useful links', () => {
  it('are added, edited and removed by the admins, http(s) only, and shown on the element page', async () => {
    const base = `/api/v1/elements/${closedId}/useful-links`;
    const added = await box.json(base, 'POST', { url: 'https://framadate.org/abc', title: 'Sondage', description: 'Pour la date' }, admin);
    expect(added.status).toBe(201);
    const link = (await added.json()) as { id: string };
    for (const url of ['javascript:alert(1)', 'data:text/html,hi', 'ftp://example.org', 'not a url']) {
      const bad = await box.request(base, { method: 'POST', as: admin, headers: { 'content-type': 'application/json', 'accept-language': 'en' }, body: JSON.stringify({ url, title: 'X' }) });
      expect(bad.status).toBe(422);
      expect(((await bad.json()) as { error: { message: string } }).error.message).toBe('url: Give an address starting with http:// or https://');
    }
    expect((await box.json(base, 'POST', { url: 'https://example.org', title: 'X' }, member)).status).toBe(403);
    expect((await box.json(`${base}/${link.id}`, 'PATCH', { title: 'Sondage de date' }, admin)).status).toBe(200);
    const page = await (await box.request(`/e/${closedSlug}`, { as: member })).text();
    expect(page).toContain('href="https://framadate.org/abc" rel="nofollow noopener noreferrer">Sondage de date</a>');
    expect(page).not.toContain(`/useful-links/${link.id}/edit`);
    expect(await (await box.request(`/e/${closedSlug}`, { as: admin })).text()).toContain(`/useful-links/${link.id}/edit`);
    expect((await box.json(`${base}/${link.id}`, 'DELETE', undefined, member)).status).toBe(403);
    expect((await box.json(`${base}/${link.id}`, 'DELETE', undefined, admin)).status).toBe(204);
  });

  it('work from the page forms without JavaScript', async () => {
    const csrf = await csrfOf(box, admin, `/e/${closedSlug}/useful-links/new`);
    const post = (fields: Record<string, string>) => box.request(`/e/${closedSlug}/useful-links`, {
      method: 'POST', as: admin, headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'en' },
      body: new URLSearchParams({ _csrf: csrf, ...fields }).toString(),
    });
    const wrong = await post({ url: 'javascript:alert(1)', title: 'Piège' });
    expect(wrong.status).toBe(422);
    expect(await wrong.text()).toContain('Give an address starting with http:// or https://');
    const ok = await post({ url: 'http://mairie.example/horaires', title: 'Horaires de la mairie' });
    expect(ok.status).toBe(303);
    expect(await (await box.request(`/e/${closedSlug}`, { as: member })).text()).toContain('Horaires de la mairie');
    expect((await box.request(`/e/${closedSlug}/useful-links/new`, { as: member })).status).toBe(403);
  });
});

describe('the element page', () => {
  it('shows the latest images and a link to the library to whoever sees the element', async () => {
    const page = await (await box.request(`/e/${closedSlug}`, { as: member, headers: { 'accept-language': 'en' } })).text();
    expect(page).toContain(`href="/e/${closedSlug}/media"`);
    expect(page).toMatch(/<img src="\/media\/[\w-]+\/thumb" alt="[^"]+\.jpg"/);
  });
});
