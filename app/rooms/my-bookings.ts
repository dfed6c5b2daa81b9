// What a person follows about bookings: those of the organizations they run (with the answers they got),
// and the requests waiting for them as a place's admin.
import type { Deps } from '../deps.ts';
import type { Viewer } from '../permissions/visibility.ts';
import type { Booking, Notice } from './model.ts';
import {
  bookingsOfOrganizations, bookingsOfRooms, findRoom, noticesOf, organizationsAdministeredBy, roomsAdministeredBy,
} from './storage.ts';
import { findElement } from '../elements/storage.ts';

export interface BookingLine extends Booking {
  roomName: string;
  placeName: string;
  organizationName: string;
}

export interface MyBookings {
  organizations: { id: string; name: string }[];
  bookings: BookingLine[];
  notices: (Notice & { roomName: string; purpose: string })[];
  /** Pending requests for rooms of places this person administers. */
  toAnswer: BookingLine[];
}

export function myBookings(deps: Deps, viewer: Viewer): MyBookings {
  const { db } = deps;
  const organizations = organizationsAdministeredBy(db, viewer.personId);
  const orgIds = organizations.map((org) => org.id);
  const line = lineMaker(deps);
  const bookings = bookingsOfOrganizations(db, orgIds).map(line);
  const byId = new Map(bookings.map((booking) => [booking.id, booking]));
  const notices = noticesOf(db, orgIds).map((notice) => {
    const booking = byId.get(notice.bookingId);
    return { ...notice, roomName: booking?.roomName ?? '', purpose: booking?.purpose ?? '' };
  });
  const toAnswer = bookingsOfRooms(db, roomsAdministeredBy(db, viewer.personId, viewer.isBoxAdmin), ['pending']).map(line);
  return { organizations, bookings, notices, toAnswer };
}

function lineMaker(deps: Deps) {
  const names = new Map<string, string>();
  const nameOf = (id: string) => {
    if (!names.has(id)) names.set(id, findElement(deps.db, id)?.name ?? '');
    return names.get(id)!;
  };
  const rooms = new Map<string, { name: string; placeId: string }>();
  return (booking: Booking): BookingLine => {
    if (!rooms.has(booking.roomId)) {
      const room = findRoom(deps.db, booking.roomId);
      rooms.set(booking.roomId, { name: room?.name ?? '', placeId: room?.placeId ?? '' });
    }
    const room = rooms.get(booking.roomId)!;
    return { ...booking, roomName: room.name, placeName: nameOf(room.placeId), organizationName: nameOf(booking.organizationId) };
  };
}
