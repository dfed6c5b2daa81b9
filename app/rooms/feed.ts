// A room's bookings as an iCalendar feed (/rooms/:id/calendar.ics), written by the agenda's RFC 5545
// writer and streamed: each pending or approved booking is one VEVENT, a recurring one with its RRULE.
import type { Ctx } from '../core/http/env.ts';
import type { Deps } from '../deps.ts';
import { calendarLines, type IcsEvent } from '../agenda/ical/writer.ts';
import { linesStream } from '../agenda/ical/feed.ts';
import { findElement } from '../elements/storage.ts';
import type { RoomView } from './actions.ts';
import { bookingsOfRooms } from './storage.ts';

/** The most bookings one feed holds (newest first). */
const maxFeedBookings = 5000;

export function sendRoomFeed(c: Ctx, deps: Deps, view: RoomView) {
  const { room, place } = view;
  const bookings = bookingsOfRooms(deps.db, [room.id], ['pending', 'approved'], maxFeedBookings);
  const base = deps.config.publicUrl.replace(/\/$/, '');
  const location = [place.name, place.address.street, `${place.address.postalCode} ${place.address.locality}`.trim()].filter(Boolean).join(', ');
  const years = bookings.flatMap((booking) => [booking.startsAt, booking.endsAt]).map((date) => new Date(date).getUTCFullYear());
  const thisYear = new Date(Date.parse(bookings[0]?.createdAt ?? '2026-01-01')).getUTCFullYear();
  const timezones = [{ timezone: deps.box.timezone, fromYear: Math.min(thisYear, ...years), toYear: Math.max(thisYear, ...years) + 2 }];
  function* events(): Generator<IcsEvent> {
    for (const booking of bookings) {
      yield {
        uid: `booking-${booking.id}@copi`, kind: null,
        series: { startsAt: booking.startsAt, endsAt: booking.endsAt, allDay: false, timezone: booking.timezone, rrule: booking.rrule, exdates: booking.exdates },
        name: `${findElement(deps.db, booking.organizationId)?.name ?? ''} · ${booking.purpose}`, description: booking.status === 'pending' ? 'pending approval' : '',
        location, position: place.position, url: `${base}/rooms/${room.id}`, tags: [], visibility: 'public', version: 1,
        createdAt: booking.createdAt, updatedAt: booking.answeredAt ?? booking.createdAt, moves: [],
      };
    }
  }
  c.header('content-type', 'text/calendar; charset=utf-8');
  c.header('content-disposition', 'inline; filename="room.ics"');
  c.header('cache-control', 'private, no-cache');
  return c.body(linesStream(calendarLines({ name: `${room.name} · ${place.name}`, timezones }, events())));
}
