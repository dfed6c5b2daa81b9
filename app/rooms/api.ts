// JSON API for shared rooms: /api/v1/rooms…
import { Hono } from 'hono';
import { z } from 'zod';
import { notFound } from '../core/errors.ts';
import type { AppEnv } from '../core/http/env.ts';
import { readJson } from '../core/http/input.ts';
import { parse } from '../core/validation.ts';
import { nowMs } from '../core/time.ts';
import type { Deps } from '../deps.ts';
import { signedIn } from '../permissions/visibility.ts';
import {
  approveBooking, cancelBooking, cancelBookingDate, createRoom, listRooms, readRoom, refuseBooking, requestBooking, roomWeek, updateRoom,
} from './actions.ts';
import { myBookings } from './my-bookings.ts';
import { photosJson, photosOfRoom, setRoomPhotos, uploadRoomPhotos } from './photos.ts';
import { mondayOf, todayIn } from './local-time.ts';

export const listQuery = z.object({ place: z.uuid() }).strict();
export const weekQuery = z.object({ week: z.iso.date().optional() }).strict();

export function roomsApi(deps: Deps) {
  const api = new Hono<AppEnv>();

  api.get('/rooms', (c) => {
    const { place } = parse(listQuery, c.req.query(), c.get('locale'));
    return c.json({ items: listRooms(deps, c.get('viewer'), place) });
  });

  api.post('/rooms', async (c) => c.json(createRoom(deps, c.get('viewer'), await readJson(c), c.get('locale')), 201));

  // Before /rooms/:id: "bookings" is never a room id.
  api.get('/rooms/bookings', (c) => c.json(myBookings(deps, signedIn(c.get('viewer')))));

  api.post('/rooms/bookings/:id/approve', async (c) =>
    c.json(approveBooking(deps, c.get('viewer'), c.req.param('id'), await readJson(c), c.get('locale'))));

  api.post('/rooms/bookings/:id/refuse', async (c) =>
    c.json(refuseBooking(deps, c.get('viewer'), c.req.param('id'), await readJson(c), c.get('locale'))));

  api.post('/rooms/bookings/:id/cancel', (c) => c.json(cancelBooking(deps, c.get('viewer'), c.req.param('id'))));

  api.post('/rooms/bookings/:id/cancel-date', async (c) =>
    c.json(cancelBookingDate(deps, c.get('viewer'), c.req.param('id'), await readJson(c), c.get('locale'))));

  api.get('/rooms/:id', (c) => {
    const view = readRoom(deps, c.get('viewer'), c.req.param('id'));
    if (!view) throw notFound('Room');
    const photos = photosJson(c.get('t'), view.room.name, photosOfRoom(deps.db, view.room.id));
    return c.json({ ...view.room, photos, place: { id: view.place.id, name: view.place.name, slug: view.place.slug } });
  });

  /** The room's photos, in order: ids of images of the place's media library. */
  api.put('/rooms/:id/photos', async (c) => {
    const view = readRoom(deps, c.get('viewer'), c.req.param('id'));
    const photos = setRoomPhotos(deps, c.get('viewer'), c.req.param('id'), await readJson(c), c.get('locale'));
    return c.json({ items: photosJson(c.get('t'), view?.room.name ?? '', photos) });
  });

  /** Images uploaded as multipart/form-data: saved in the place's media library and added to the room's photos. */
  api.post('/rooms/:id/photos', async (c) => {
    await uploadRoomPhotos(deps, c, c.req.param('id'));
    const view = readRoom(deps, c.get('viewer'), c.req.param('id'))!;
    return c.json({ items: photosJson(c.get('t'), view.room.name, photosOfRoom(deps.db, view.room.id)) }, 201);
  });

  api.patch('/rooms/:id', async (c) => c.json(updateRoom(deps, c.get('viewer'), c.req.param('id'), await readJson(c), c.get('locale'))));

  /** The room's slots in one week (Monday to Sunday, box time): ?week=YYYY-MM-DD (any day of it). */
  api.get('/rooms/:id/week', (c) => {
    const view = readRoom(deps, c.get('viewer'), c.req.param('id'));
    if (!view) throw notFound('Room');
    const { week } = parse(weekQuery, c.req.query(), c.get('locale'));
    return c.json(roomWeek(deps, view.room.id, mondayOf(week ?? todayIn(nowMs(), deps.box.timezone))));
  });

  api.post('/rooms/:id/bookings', async (c) => {
    const result = requestBooking(deps, c.get('viewer'), c.req.param('id'), await readJson(c), c.get('locale'));
    return c.json({ ...result.booking, slots: result.slots }, 201);
  });

  return api;
}
