// Pictures and documents on a post, from the wall's form: saved in the wall's media library, shown under the post.
import sharp from 'sharp';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestBox, type Session, type TestBox } from '../testing/test-box.ts';

let box: TestBox;
let member: Session;
let wall: { id: string; slug: string };
let csrf: string;
let png: Buffer;

const count = (table: string) => (box.deps.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

function form(fields: Record<string, string>, files: { name: string; type: string; bytes: Buffer }[]) {
  const data = new FormData();
  data.append('_csrf', csrf);
  for (const [name, value] of Object.entries(fields)) data.append(name, value);
  for (const file of files) data.append('files', new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name);
  return box.request(`/e/${wall.slug}/posts`, { method: 'POST', as: member, headers: { 'accept-language': 'en' }, body: data });
}

beforeAll(async () => {
  box = createTestBox();
  member = await box.register('photographe');
  wall = (await (await box.json('/api/v1/elements', 'POST', { type: 'organization', kind: 'association', name: 'Club photo' }, member)).json()) as typeof wall;
  csrf = /name="_csrf" value="([^"]+)"/.exec(await (await box.request(`/e/${wall.slug}`, { as: member })).text())![1];
  png = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#c04020' } }).png().toBuffer();
});
afterAll(() => box.close());

describe('files on a post', () => {
  it('a post carries a picture and a document, kept in the wall’s "Posts" folder; the thumbnail links to the full image', async () => {
    const response = await form({ body: 'Les photos de la sortie', audience: 'public' }, [
      { name: 'sortie.png', type: 'image/png', bytes: png },
      { name: 'programme.txt', type: 'text/plain', bytes: Buffer.from('Programme de la sortie\n') },
    ]);
    expect(response.status, await response.clone().text()).toBe(303);
    const postId = /#post-(.+)$/.exec(response.headers.get('location')!)![1];
    const post = (await (await box.request(`/api/v1/posts/${postId}`)).json()) as { files: { id: string; kind: string; name: string }[] };
    expect(post.files.map((file) => file.kind)).toEqual(['image', 'document']);
    const folders = box.deps.db.prepare('SELECT DISTINCT folder FROM media_files WHERE element_id = ?').all(wall.id) as { folder: string }[];
    expect(folders).toEqual([{ folder: 'Posts' }]);
    const page = await (await box.request(`/posts/${postId}`)).text();
    const image = post.files[0];
    expect(page).toContain(`<a href="/media/${image.id}/${encodeURIComponent(image.name)}"><img src="/media/${image.id}/thumb"`);
    expect((await box.request(`/media/${image.id}/thumb`)).status).toBe(200);
  });

  it('at most 4 files; a refused post leaves no file behind', async () => {
    const before = count('media_files');
    const five = await form({ body: 'Trop de photos' }, Array.from({ length: 5 }, (_, i) => ({ name: `p${i}.png`, type: 'image/png', bytes: png })));
    expect(five.status).toBe(422);
    expect(await five.text()).toContain('At most 4 files per post');
    const tooLong = await form({ body: 'x'.repeat(20_000) }, [{ name: 'p.png', type: 'image/png', bytes: png }]);
    expect(tooLong.status).toBe(422);
    expect(await tooLong.text()).toContain('A post is at most 10,000 characters');
    expect(count('media_files')).toBe(before);
  });

  it('a file that is not what it claims is refused with the post', async () => {
    const before = count('posts');
    const response = await form({ body: 'Un faux' }, [{ name: 'photo.png', type: 'image/png', bytes: Buffer.from('<script>alert(1)</script>') }]);
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(count('posts')).toBe(before);
  });

  it('a picture of a members-only post is read only by those who may read the post, in the wall’s library too', async () => {
    const response = await form({ body: 'Photos du conseil', audience: 'members' }, [{ name: 'conseil.png', type: 'image/png', bytes: png }]);
    const postId = /#post-(.+)$/.exec(response.headers.get('location')!)![1];
    const [{ file_id: fileId }] = box.deps.db.prepare('SELECT file_id FROM post_files WHERE post_id = ?').all(postId) as { file_id: string }[];
    const passerby = await box.register('passante');
    for (const as of [undefined, passerby]) {
      expect((await box.request(`/media/${fileId}/thumb`, { as })).status).toBe(404);
      expect(await (await box.request(`/e/${wall.slug}/media?folder=Posts`, { as })).text()).not.toContain(fileId);
    }
    expect((await box.request(`/media/${fileId}/thumb`, { as: member })).status).toBe(200);
    expect(await (await box.request(`/e/${wall.slug}/media?folder=Posts`, { as: member })).text()).toContain(fileId);
  });

  it('deleting a post takes its comments and the files only it shows; a file another post shows stays', async () => {
    const response = await form({ body: 'À supprimer', audience: 'public' }, [
      { name: 'seule.png', type: 'image/png', bytes: png }, { name: 'partagee.png', type: 'image/png', bytes: png },
    ]);
    const postId = /#post-(.+)$/.exec(response.headers.get('location')!)![1];
    const [alone, shared] = (box.deps.db.prepare('SELECT file_id FROM post_files WHERE post_id = ? ORDER BY position').all(postId) as { file_id: string }[]).map((row) => row.file_id);
    expect((await box.json(`/api/v1/elements/${wall.id}/posts`, 'POST', { body: 'La même photo', fileIds: [shared] }, member)).status).toBe(201);
    expect((await box.json(`/api/v1/comments?subject=post:${postId}`, 'POST', { body: 'Belle sortie' }, member)).status).toBe(201);
    expect((await box.json(`/api/v1/posts/${postId}`, 'DELETE', undefined, member)).status).toBeLessThan(300);
    expect(box.deps.db.prepare("SELECT count(*) AS n FROM comments WHERE subject_type = 'post' AND subject_id = ?").get(postId)).toEqual({ n: 0 });
    expect((await box.request(`/media/${alone}/thumb`, { as: member })).status).toBe(404);
    expect(existsSync(join(box.deps.config.media.dir, alone))).toBe(false);
    expect((await box.request(`/media/${shared}/thumb`, { as: member })).status).toBe(200);
  });

  it('through the API, only files of the wall’s own library may be attached', async () => {
    const other = (await (await box.json('/api/v1/elements', 'POST', { type: 'project', name: 'Autre projet' }, member)).json()) as { id: string };
    const otherFile = box.deps.db.prepare('SELECT id FROM media_files LIMIT 1').get() as { id: string };
    const refused = await box.json(`/api/v1/elements/${other.id}/posts`, 'POST', { body: 'Avec une photo d’ailleurs', fileIds: [otherFile.id] }, member);
    expect(refused.status).toBe(422);
    const accepted = await box.json(`/api/v1/elements/${wall.id}/posts`, 'POST', { body: 'Encore cette photo', fileIds: [otherFile.id] }, member);
    expect(accepted.status).toBe(201);
  });
});
