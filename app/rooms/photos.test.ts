// Room photos: uploaded on the room's form into the place's media library, or chosen among its images;
// shown on the room page and in the place's list of rooms.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestBox, type Session, type TestBox } from '../testing/test-box.ts';
import { apiUpload, csrfOf, formData, jpegWithGps, png } from '../media/testing.ts';

let box: TestBox;
let placeAdmin: Session;
let visitor: Session;
let place: { id: string; slug: string };
let roomId: string;

beforeAll(async () => {
  box = createTestBox();
  placeAdmin = await box.register('lieu-admin');
  visitor = await box.register('visiteur');
  place = (await (await box.json('/api/v1/elements', 'POST', { type: 'poi', kind: 'place', name: 'Tiers-lieu photo' }, placeAdmin)).json()) as typeof place;
  const room = await box.json('/api/v1/rooms', 'POST', { placeId: place.id, name: 'Grande salle', capacity: 80 }, placeAdmin);
  roomId = ((await room.json()) as { id: string }).id;
});
afterAll(() => box.close());

const uploadOnForm = async (as: Session, files: { name: string; data: Buffer | string }[], language = 'fr') => {
  const csrf = await csrfOf(box, as, `/rooms/${roomId}`);
  return box.request(`/rooms/${roomId}/photos`, { method: 'POST', as, headers: { 'accept-language': language }, body: formData({ _csrf: csrf }, files) });
};

describe('room photos', () => {
  it('uploaded on the room form go to the place\'s library, in the room\'s folder, and show on the room page and the room list', async () => {
    const response = await uploadOnForm(placeAdmin, [{ name: 'scene.jpg', data: await jpegWithGps() }, { name: 'bar.png', data: await png(300, 200) }]);
    expect(response.status).toBe(303);
    const files = box.deps.db.prepare('SELECT name, folder FROM media_files WHERE element_id = ? ORDER BY name').all(place.id);
    expect(files).toEqual([{ name: 'bar.png', folder: 'Salles/Grande salle' }, { name: 'scene.jpg', folder: 'Salles/Grande salle' }]);

    const page = await (await box.request(`/rooms/${roomId}`, { as: visitor })).text();
    expect(page).toMatch(/<img src="\/media\/[\w-]+\/thumb" alt="Grande salle, photo 1"/);
    expect(page).toMatch(/<img src="\/media\/[\w-]+\/thumb" alt="Grande salle, photo 2"/);
    const placePage = await (await box.request(`/e/${place.slug}`)).text();
    expect(placePage).toMatch(/<img src="\/media\/[\w-]+\/thumb" alt="Grande salle, photo 1"/);
    const api = (await (await box.request(`/api/v1/rooms/${roomId}`, { headers: { 'accept-language': 'en' } })).json()) as { photos: { alt: string; url: string }[] };
    expect(api.photos.map((photo) => photo.alt)).toEqual(['Grande salle, photo 1', 'Grande salle, photo 2']);
    expect((await box.request(api.photos[0].url)).status).toBe(200);
  });

  it('are chosen among the place\'s images, in order; documents and other places\' images are refused', async () => {
    const upload = await apiUpload(box, placeAdmin, place.id, [{ name: 'facade.png', data: await png(120, 80) }, { name: 'reglement.txt', data: 'Règlement' }]);
    const [facade, rules] = ((await upload.json()) as { items: { id: string }[] }).items;
    const current = box.deps.db.prepare('SELECT media_id FROM room_photos WHERE room_id = ? ORDER BY position').all(roomId) as { media_id: string }[];
    const chosen = await box.json(`/api/v1/rooms/${roomId}/photos`, 'PUT', { mediaIds: [facade.id, current[1].media_id] }, placeAdmin);
    expect(chosen.status).toBe(200);
    const page = await (await box.request(`/rooms/${roomId}`)).text();
    expect(page.indexOf(facade.id)).toBeGreaterThan(-1);
    expect(page).not.toContain(current[0].media_id);
    const bad = await box.json(`/api/v1/rooms/${roomId}/photos`, 'PUT', { mediaIds: [rules.id] }, placeAdmin);
    expect(bad.status).toBe(422);

    // The folder is named in the uploader's language.
    expect((await uploadOnForm(placeAdmin, [{ name: 'entree.png', data: await png() }], 'de')).status).toBe(303);
    expect(box.deps.db.prepare("SELECT folder FROM media_files WHERE name = 'entree.png'").get()).toEqual({ folder: 'Räume/Grande salle' });

    // The edit page's checkboxes do the same without JavaScript.
    const csrf = await csrfOf(box, placeAdmin, `/rooms/${roomId}/edit`);
    const edit = await (await box.request(`/rooms/${roomId}/edit`, { as: placeAdmin })).text();
    expect(edit).toContain(`name="photo:${facade.id}" checked`);
    const form = await box.request(`/rooms/${roomId}/photos/choose`, {
      method: 'POST', as: placeAdmin, headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ _csrf: csrf, [`photo:${current[0].media_id}`]: 'on' }).toString(),
    });
    expect(form.status).toBe(303);
    expect(box.deps.db.prepare('SELECT media_id FROM room_photos WHERE room_id = ?').all(roomId)).toEqual([{ media_id: current[0].media_id }]);
  });

  it('only images, and only from the place\'s admins', async () => {
    const text = await uploadOnForm(placeAdmin, [{ name: 'plan.txt', data: 'pas une image' }], 'en');
    expect(text.status).toBe(415);
    expect(await text.text()).toContain('Only images are accepted here');
    expect(box.deps.db.prepare("SELECT count(*) AS n FROM media_files WHERE name = 'plan.txt'").get()).toEqual({ n: 0 });
    expect((await uploadOnForm(visitor, [{ name: 'x.png', data: await png() }])).status).toBe(403);
  });

  it('go when their image is deleted from the library', async () => {
    const [{ media_id: id }] = box.deps.db.prepare('SELECT media_id FROM room_photos WHERE room_id = ?').all(roomId) as { media_id: string }[];
    expect((await box.json(`/api/v1/elements/${place.id}/media/${id}`, 'DELETE', undefined, placeAdmin)).status).toBe(204);
    expect(box.deps.db.prepare('SELECT count(*) AS n FROM room_photos WHERE room_id = ?').get(roomId)).toEqual({ n: 0 });
  });

  it('keep the box\'s body limit for anything but an upload', async () => {
    const huge = JSON.stringify({ mediaIds: ['x'.repeat(2 * 1024 * 1024)] });
    const response = await box.request(`/api/v1/rooms/${roomId}/photos`, { method: 'PUT', as: placeAdmin, headers: { 'content-type': 'application/json' }, body: huge });
    expect(response.status).toBe(413);
  });
});
