// What a room and a booking are, and the schemas every write is validated against.
import { z } from 'zod';
import { text } from '../core/validation.ts';

/** Who may book a room: any organization's admin, only the chosen organizations', or anyone on approval. */
export const bookingPolicies = ['open', 'organizations', 'approval'] as const;
export type BookingPolicy = (typeof bookingPolicies)[number];

export const bookingStatuses = ['pending', 'approved', 'refused', 'cancelled'] as const;
export type BookingStatus = (typeof bookingStatuses)[number];

/** A slot lasts at most this long: overlaps are then found by a bounded range read. */
export const maxSlotMs = 7 * 86_400_000;
/** A recurring booking ends within this span after its first slot, with at most this many slots. */
export const maxSpanDays = 731;
export const maxSlots = 500;

const emptyToUndefined = (value: unknown) => (value === '' || value === null ? undefined : value);
const booleanField = z.preprocess(
  (value) => (value === 'on' || value === 'true' || value === '1' ? true : value === 'false' || value === '0' || value === '' ? false : value),
  z.boolean(),
);

const roomFields = {
  name: text(120).trim().min(1, 'A name is required'),
  capacity: z.preprocess(
    (value) => (typeof value === 'string' ? (value.trim() === '' ? undefined : Number(value)) : emptyToUndefined(value)),
    z.number().int().min(1).max(100_000).optional(),
  ),
  equipment: text(2000),
  accessibility: text(2000),
  rules: text(4000),
  bookingPolicy: z.enum(bookingPolicies),
  organizationIds: z.array(z.uuid()).max(200),
};

export const roomSchema = z.object({
  ...roomFields,
  equipment: roomFields.equipment.default(''),
  accessibility: roomFields.accessibility.default(''),
  rules: roomFields.rules.default(''),
  bookingPolicy: roomFields.bookingPolicy.default('approval'),
  organizationIds: roomFields.organizationIds.default([]),
}).strict();

export const createRoomSchema = roomSchema.extend({ placeId: z.uuid() }).strict();
export const updateRoomSchema = z.object(roomFields).partial().strict();

export type RoomInput = z.infer<typeof roomSchema>;

const dateTime = z.iso.datetime({ offset: true, local: true });

export const bookingSchema = z.object({
  organizationId: z.uuid(),
  purpose: text(500).trim().min(1, 'Say what the room is for'),
  /** Without an offset, read in the box's time zone. */
  startsAt: dateTime,
  endsAt: dateTime,
  /** RRULE value without "RRULE:" (FREQ=WEEKLY;UNTIL=…); empty: a single slot. */
  rrule: z.preprocess(emptyToUndefined, text(500).optional()),
  /** Last day of a recurring booking (YYYY-MM-DD, box time), for a rule given without UNTIL or COUNT. */
  until: z.preprocess(emptyToUndefined, z.iso.date().optional()),
  publicEvent: booleanField.default(false),
}).strict();

export type BookingInput = z.infer<typeof bookingSchema>;

/** One date of a repeated booking: its start, as the calendar shows it. */
export const bookingDateSchema = z.object({ startsAt: z.iso.datetime({ offset: true }) }).strict();

export const decisionSchema = z.object({
  message: text(1000).trim().default(''),
}).strict();

export interface Room {
  id: string;
  placeId: string;
  name: string;
  capacity: number | null;
  equipment: string;
  accessibility: string;
  rules: string;
  bookingPolicy: BookingPolicy;
  organizationIds: string[];
  isDemo: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface Booking {
  id: string;
  roomId: string;
  organizationId: string;
  requestedBy: string;
  purpose: string;
  startsAt: string;
  endsAt: string;
  timezone: string;
  rrule: string | null;
  /** Starts (ISO UTC) of dates of a repeated booking cancelled one by one. */
  exdates: string[];
  status: BookingStatus;
  answer: string;
  answeredBy: string | null;
  answeredAt: string | null;
  publicEvent: boolean;
  eventId: string | null;
  createdAt: string;
}

/** One slot a booking holds, with what a calendar shows of it. */
export interface SlotView {
  startsAt: string;
  endsAt: string;
  bookingId: string;
  status: BookingStatus;
  purpose: string;
  organizationId: string;
  organizationName: string;
  recurring: boolean;
}

export interface Notice {
  id: string;
  bookingId: string;
  organizationId: string;
  status: BookingStatus;
  message: string;
  createdAt: string;
}
