// Demo rooms: the tiers-lieu and the salle des fêtes of the demo territory get rooms and a few bookings
// (a weekly one, a one-off, a request waiting for approval). Called inside the demo seed's transaction.
import { Temporal } from 'temporal-polyfill';
import type { Db } from '../core/db/database.ts';
import { withOffset } from '../core/time.ts';
import { insertBooking, insertRoom } from './storage.ts';
import { planSlots } from './slots.ts';
import { todayIn } from './local-time.ts';
import type { RoomInput } from './model.ts';

const room = (name: string, capacity: number, policy: RoomInput['bookingPolicy'], extra: Partial<RoomInput> = {}): RoomInput => ({
  name, capacity, equipment: '', accessibility: 'Plain-pied, toilettes accessibles', rules: 'Rendre la salle rangée et balayée.',
  bookingPolicy: policy, organizationIds: [], ...extra,
});

export interface DemoBooker {
  organizationId: string;
  personId: string;
}

/** Rooms of the two demo places and bookings by demo organizations, on dates after `nowMs`. */
export function seedDemoRooms(db: Db, timezone: string, nowMs: number, places: { tiersLieu: string; salleDesFetes: string }, bookers: DemoBooker[]) {
  const meeting = insertRoom(db, places.tiersLieu, room('Salle de réunion', 12, 'open', { equipment: 'Vidéoprojecteur, tableau blanc, Wi-Fi de la box' }), true);
  const workshop = insertRoom(db, places.tiersLieu, room('Atelier', 20, 'approval', { equipment: 'Établis, outillage, évier' }), true);
  const hall = insertRoom(db, places.salleDesFetes, room('Grande salle', 150, 'approval', { equipment: 'Scène, sono, cuisine équipée' }), true);
  insertRoom(db, places.salleDesFetes, room('Petite salle', 30, 'open', { equipment: 'Tables et chaises' }), true);

  const today = Temporal.PlainDate.from(todayIn(nowMs, timezone));
  const next = (dayOfWeek: number) => today.add({ days: ((dayOfWeek - today.dayOfWeek + 7) % 7) || 7 });
  const at = (date: Temporal.PlainDate, time: string) => withOffset(`${date.toString()}T${time}`, timezone);
  const book = (roomId: string, booker: DemoBooker, purpose: string, date: Temporal.PlainDate, from: string, to: string, status: 'pending' | 'approved', rrule?: string) => {
    const plan = planSlots({ startsAt: at(date, from), endsAt: at(date, to), rrule }, timezone);
    insertBooking(db, {
      roomId, organizationId: booker.organizationId, requestedBy: booker.personId, purpose, startsAt: plan.startsAt, endsAt: plan.endsAt,
      timezone, rrule: plan.rrule, status, publicEvent: false, isDemo: true,
    }, plan.slots);
  };
  const [potiers, jardins, cineClub] = bookers;
  book(meeting, potiers, 'Réunion du bureau', next(4), '18:00', '20:00', 'approved', 'FREQ=WEEKLY;COUNT=10');
  book(workshop, jardins, 'Atelier semis et boutures', next(6), '10:00', '12:00', 'approved');
  book(hall, cineClub, 'Projection en plein air (repli en salle)', next(5), '20:00', '23:30', 'pending');
}
