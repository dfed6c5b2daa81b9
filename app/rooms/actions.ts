// What people do with rooms, with the permission checks: a place's admins manage its rooms and answer
// requests; an organization's admin books for the organization. No double booking, ever: the slots are
// checked free and written in one immediate transaction (SQLite's write lock taken at BEGIN), so of two
// simultaneous requests for the same slot the second sees the first's slots and gets a 409.
import { transaction } from '../core/db/database.ts';
import { AppError, forbidden, notFound } from '../core/errors.ts';
import { fieldError, parse } from '../core/validation.ts';
import { withOffset } from '../core/time.ts';
import type { Locale } from '../core/i18n/index.ts';
import type { Deps } from '../deps.ts';
import { accessTo, signedIn, type Viewer } from '../permissions/visibility.ts';
import { findElement, tombstoneElement } from '../elements/storage.ts';
import { createElement } from '../elements/actions.ts';
import { excludeDate } from '../agenda/occurrences.ts';
import type { Element } from '../elements/model.ts';
import {
  bookingDateSchema, bookingSchema, createRoomSchema, decisionSchema, roomSchema, updateRoomSchema, type Booking, type Room, type RoomInput, type SlotView,
} from './model.ts';
import {
  addNotice, countSlots, findBooking, findRoom, firstOverlap, insertBooking, insertRoom, releaseSlot, roomsOfPlace, setBookingEvent,
  setBookingStatus, slotsBetween, updateRoomRow,
} from './storage.ts';
import { planSlots, type Slot } from './slots.ts';
import { notify } from '../notifications/notify.ts';
import { adminsOf } from '../links/storage.ts';
import { localDate, slotLabel, weekOf } from './local-time.ts';

/** A request that collides with a slot already held: 409, naming the room, the date and the time. */
export class BookingConflictError extends AppError {
  readonly slot: Slot;
  readonly taken: Slot;
  constructor(room: Room, slot: Slot, taken: Slot, timezone: string) {
    const date = localDate(slot.startsAt, timezone);
    const label = slotLabel(taken.startsAt, taken.endsAt, timezone);
    const when = label.startsWith(`${date} `) && !label.includes(' – ') ? label.slice(date.length + 1) : label;
    super('conflict', `“${room.name}” is already booked on ${date}, ${when} (${timezone})`, 'startsAt');
    this.slot = slot;
    this.taken = taken;
  }
  override toJSON() {
    const base = super.toJSON();
    return { error: { ...base.error, slot: this.slot, taken: this.taken } };
  }
}

export interface RoomView {
  room: Room;
  place: Element;
  /** Admin of the place: manages the room and answers requests. */
  isPlaceAdmin: boolean;
}

/** A room as this viewer may see it (whoever may see its place), or null. */
export function readRoom(deps: Deps, viewer: Viewer | null, id: string): RoomView | null {
  const room = findRoom(deps.db, id);
  const place = room ? findElement(deps.db, room.placeId) : null;
  if (!room || !place) return null;
  const access = accessTo(deps.db, viewer, place.id);
  return access.canSee ? { room, place, isPlaceAdmin: access.isAdmin } : null;
}

function visibleRoom(deps: Deps, viewer: Viewer | null, id: string): RoomView {
  const view = readRoom(deps, viewer, id);
  if (!view) throw notFound('Room');
  return view;
}

/** Rooms of a place the viewer may see. */
export function listRooms(deps: Deps, viewer: Viewer | null, placeId: string): Room[] {
  return accessTo(deps.db, viewer, placeId).canSee ? roomsOfPlace(deps.db, placeId) : [];
}

function checkOrganizations(deps: Deps, room: RoomInput) {
  for (const id of room.organizationIds) {
    if (findElement(deps.db, id)?.type !== 'organization') throw fieldError('organizationIds', 'Unknown organization');
  }
}

export function createRoom(deps: Deps, viewer: Viewer | null, input: unknown, locale: Locale = 'en'): Room {
  const admin = signedIn(viewer);
  const { placeId, ...room } = parse(createRoomSchema, input, locale);
  return transaction(deps.db, () => {
    const place = findElement(deps.db, placeId);
    const access = accessTo(deps.db, admin, placeId);
    if (!place || !access.canSee) throw fieldError('placeId', 'Unknown place');
    if (place.type !== 'poi') throw fieldError('placeId', 'Only a place has rooms');
    if (!access.isAdmin) throw forbidden('Only the admins of the place can manage its rooms');
    checkOrganizations(deps, room);
    return findRoom(deps.db, insertRoom(deps.db, placeId, room))!;
  });
}

export function updateRoom(deps: Deps, viewer: Viewer | null, id: string, input: unknown, locale: Locale = 'en'): Room {
  const admin = signedIn(viewer);
  const patch = parse(updateRoomSchema, input, locale);
  return transaction(deps.db, () => {
    const { room, isPlaceAdmin } = visibleRoom(deps, admin, id);
    if (!isPlaceAdmin) throw forbidden('Only the admins of the place can manage its rooms');
    const merged = parse(roomSchema, { ...withoutMeta(room), ...patch }, locale);
    checkOrganizations(deps, merged);
    updateRoomRow(deps.db, id, merged);
    return findRoom(deps.db, id)!;
  });
}

const withoutMeta = ({ id: _id, placeId: _place, isDemo: _demo, createdAt: _c, updatedAt: _u, capacity, ...rest }: Room) =>
  ({ ...rest, ...(capacity === null ? {} : { capacity }) });

export interface BookingResult {
  booking: Booking;
  slots: number;
}

/**
 * An organization's admin asks for a slot, or a recurring slot. Approved at once when the room needs no
 * approval (or a place admin asks), else pending; both hold their slots, first come first served.
 */
export function requestBooking(deps: Deps, viewer: Viewer | null, roomId: string, input: unknown, locale: Locale = 'en', options: { isDemo?: boolean } = {}): BookingResult {
  const person = signedIn(viewer);
  const data = parse(bookingSchema, input, locale);
  const timezone = deps.box.timezone;
  // Checked and written out before taking the write lock: expanding a rule is the slow part.
  const plan = planSlots({ ...data, startsAt: withOffset(data.startsAt, timezone), endsAt: withOffset(data.endsAt, timezone) }, timezone);
  return transaction(deps.db, () => {
    const { room, isPlaceAdmin } = visibleRoom(deps, person, roomId);
    const organization = findElement(deps.db, data.organizationId);
    const orgAccess = accessTo(deps.db, person, data.organizationId);
    if (!organization || organization.type !== 'organization' || !orgAccess.canSee) throw fieldError('organizationId', 'Unknown organization');
    if (!orgAccess.isAdmin) throw new AppError('forbidden', 'Only an admin of the organization can book for it', 'organizationId');
    if (room.bookingPolicy === 'organizations' && !isPlaceAdmin && !room.organizationIds.includes(organization.id)) {
      throw new AppError('forbidden', 'This room is booked only by the organizations the place chose', 'organizationId');
    }
    for (const slot of plan.slots) {
      const taken = firstOverlap(deps.db, room.id, slot.startsAt, slot.endsAt);
      if (taken) throw new BookingConflictError(room, slot, taken, timezone);
    }
    const status = room.bookingPolicy === 'approval' && !isPlaceAdmin ? 'pending' : 'approved';
    const id = insertBooking(deps.db, {
      roomId: room.id, organizationId: organization.id, requestedBy: person.personId, purpose: data.purpose,
      startsAt: plan.startsAt, endsAt: plan.endsAt, timezone, rrule: plan.rrule, status, publicEvent: data.publicEvent, isDemo: options.isDemo,
    }, plan.slots);
    const booking = findBooking(deps.db, id)!;
    if (status === 'approved' && booking.publicEvent) publishEvent(deps, booking, room);
    tellBooking(deps, status === 'pending' ? 'request' : 'booked', adminsOf(deps.db, room.placeId), person.personId, booking, room);
    return { booking: findBooking(deps.db, id)!, slots: plan.slots.length };
  });
}

function answerable(deps: Deps, viewer: Viewer, bookingId: string): { booking: Booking; room: Room } {
  const booking = findBooking(deps.db, bookingId);
  const view = booking ? readRoom(deps, viewer, booking.roomId) : null;
  if (!booking || !view) throw notFound('Booking');
  if (!view.isPlaceAdmin) throw forbidden('Only the admins of the place can answer a booking request');
  if (booking.status !== 'pending') throw new AppError('conflict', 'This request was already answered');
  return { booking, room: view.room };
}

/** A place admin approves a pending request; the organization is told, and the event published if asked. */
export function approveBooking(deps: Deps, viewer: Viewer | null, bookingId: string, input: unknown, locale: Locale = 'en'): Booking {
  const admin = signedIn(viewer);
  const { message } = parse(decisionSchema, input, locale);
  return transaction(deps.db, () => {
    const { booking, room } = answerable(deps, admin, bookingId);
    setBookingStatus(deps.db, booking.id, 'approved', { by: admin.personId, message });
    addNotice(deps.db, booking, 'approved', message);
    tellBooking(deps, 'approved', adminsOf(deps.db, booking.organizationId), admin.personId, booking, room);
    if (booking.publicEvent) publishEvent(deps, booking, room);
    return findBooking(deps.db, booking.id)!;
  });
}

/** A place admin refuses a pending request with a message; its slots are free again. */
export function refuseBooking(deps: Deps, viewer: Viewer | null, bookingId: string, input: unknown, locale: Locale = 'en'): Booking {
  const admin = signedIn(viewer);
  const { message } = parse(decisionSchema, input, locale);
  return transaction(deps.db, () => {
    const { booking, room } = answerable(deps, admin, bookingId);
    setBookingStatus(deps.db, booking.id, 'refused', { by: admin.personId, message });
    addNotice(deps.db, booking, 'refused', message);
    tellBooking(deps, 'refused', adminsOf(deps.db, booking.organizationId), admin.personId, booking, room);
    return findBooking(deps.db, booking.id)!;
  });
}

/** An active booking the person may cancel (an admin of its organization or of the place), with its room. */
function cancellable(deps: Deps, person: Viewer, bookingId: string) {
  const booking = findBooking(deps.db, bookingId);
  const view = booking ? readRoom(deps, person, booking.roomId) : null;
  if (!booking || !view) throw notFound('Booking');
  if (!view.isPlaceAdmin && !accessTo(deps.db, person, booking.organizationId).isAdmin) {
    throw forbidden('Only the organization or the place can cancel this booking');
  }
  if (booking.status !== 'pending' && booking.status !== 'approved') throw new AppError('conflict', 'This booking is no longer active');
  return { booking, view };
}

/** The organization's admins or the place's admins cancel a booking; its slots are free again. */
export function cancelBooking(deps: Deps, viewer: Viewer | null, bookingId: string): Booking {
  const person = signedIn(viewer);
  return transaction(deps.db, () => {
    const { booking, view } = cancellable(deps, person, bookingId);
    setBookingStatus(deps.db, booking.id, 'cancelled', null);
    if (view.isPlaceAdmin) addNotice(deps.db, booking, 'cancelled', '');
    // The other side learns of it: the organization when the place cancels, the place when the organization does.
    tellBooking(deps, 'cancelled', adminsOf(deps.db, view.isPlaceAdmin ? booking.organizationId : view.room.placeId), person.personId, booking, view.room);
    if (booking.eventId) tombstoneElement(deps.db, booking.eventId);
    return findBooking(deps.db, booking.id)!;
  });
}

/** Tells persons about a booking (inside the caller's transaction); they answer or read it on "room bookings". */
function tellBooking(deps: Deps, variant: 'request' | 'booked' | 'approved' | 'refused' | 'cancelled', personIds: string[], actorId: string, booking: Booking, room: Room) {
  const organization = findElement(deps.db, booking.organizationId);
  notify(deps.db, deps.live, {
    kind: 'booking', personIds, actorId, subjectUrl: '/rooms/bookings',
    params: { variant, room: room.name, name: organization?.name ?? '', startsAt: booking.startsAt },
  });
}

/**
 * One date of a repeated booking cancelled (a holiday, a meeting moved elsewhere): its slot is free again, the
 * other dates stand, its public event loses that date too, and the other side is told. The last date cancelled
 * cancels the booking.
 */
export function cancelBookingDate(deps: Deps, viewer: Viewer | null, bookingId: string, input: unknown, locale: Locale = 'en'): Booking {
  const person = signedIn(viewer);
  const { startsAt } = parse(bookingDateSchema, input, locale);
  const start = new Date(startsAt).toISOString();
  return transaction(deps.db, () => {
    const { booking, view } = cancellable(deps, person, bookingId);
    if (booking.rrule === null) throw fieldError('startsAt', 'This booking has a single date: cancel the booking');
    if (!releaseSlot(deps.db, booking.id, start)) throw fieldError('startsAt', 'This booking has no date at this time');
    if (countSlots(deps.db, booking.id) === 0) setBookingStatus(deps.db, booking.id, 'cancelled', null);
    if (booking.eventId) excludeDate(deps.db, booking.eventId, start);
    tellBooking(deps, 'cancelled', adminsOf(deps.db, view.isPlaceAdmin ? booking.organizationId : view.room.placeId), person.personId,
      { ...booking, startsAt: start }, view.room);
    return findBooking(deps.db, booking.id)!;
  });
}

/** An approved booking asked to be public becomes an event of the organization, at the place, with the same dates. */
function publishEvent(deps: Deps, booking: Booking, room: Room) {
  const place = findElement(deps.db, room.placeId);
  if (!place || booking.eventId) return;
  // The requester is the event's author: they are an admin of the organizing organization.
  const author: Viewer = { personId: booking.requestedBy, username: '', isBoxAdmin: false };
  const event = createElement(deps, author, {
    type: 'event', kind: 'other', name: booking.purpose.slice(0, 120), shortDescription: `${room.name} · ${place.name}`.slice(0, 280),
    startsAt: booking.startsAt, endsAt: booking.endsAt, organizerId: booking.organizationId,
    placeId: place.id, // the event takes the place's address, and shows on the place's agenda
    ...(booking.rrule ? { rrule: booking.rrule, timezone: booking.timezone } : {}),
  });
  setBookingEvent(deps.db, booking.id, event.id);
}

export interface RoomWeek {
  days: { date: string; slots: SlotView[] }[];
  monday: string;
  previous: string;
  next: string;
  timezone: string;
}

/** The slots of a room in the week starting on this Monday (box time), by day. */
export function roomWeek(deps: Deps, roomId: string, monday: string): RoomWeek {
  const timezone = deps.box.timezone;
  const week = weekOf(monday, timezone);
  // Each slot's first and last local day, computed once: a slot running over midnight shows on each day it covers.
  const slots = slotsBetween(deps.db, roomId, week.from, week.to).map((slot) => ({
    slot, first: localDate(slot.startsAt, timezone), last: localDate(new Date(Date.parse(slot.endsAt) - 1).toISOString(), timezone),
  }));
  return {
    monday, previous: week.previous, next: week.next, timezone,
    days: week.days.map((date) => ({ date, slots: slots.filter(({ first, last }) => first <= date && last >= date).map(({ slot }) => slot) })),
  };
}
