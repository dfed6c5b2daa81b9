// Shared rooms of places: the rooms, their photos and week, and bookings by organizations.
import { listQuery, weekQuery } from '../rooms/api.ts';
import { bookingDateSchema, bookingSchema, createRoomSchema, decisionSchema, updateRoomSchema } from '../rooms/model.ts';
import { roomPhotosSchema } from '../media/model.ts';
import { id, json, multipart, queryOf, responses, tagged, type Paths } from './describe.ts';

export const roomsPaths = (): Paths => tagged('Shared rooms', {
  '/api/v1/rooms': {
    get: { summary: 'Rooms of a place the viewer may see', parameters: queryOf(listQuery), responses: responses('{ items }') },
    post: { summary: 'Add a room to a place (its admins)', requestBody: json(createRoomSchema), responses: responses('Room', '201') },
  },
  '/api/v1/rooms/{id}': {
    get: { summary: 'One room, with its photos and its place', parameters: id, responses: responses('Room') },
    patch: { summary: "Edit a room (the place's admins)", parameters: id, requestBody: json(updateRoomSchema), responses: responses('Room') },
  },
  '/api/v1/rooms/{id}/photos': {
    put: { summary: "Choose the room's photos, in order, among the images of the place's media library (the place's admins)", parameters: id, requestBody: json(roomPhotosSchema), responses: responses('{ items }') },
    post: { summary: "Upload images into the place's library and add them to the room's photos (the place's admins)", parameters: id, requestBody: multipart({}), responses: responses('{ items }', '201') },
  },
  '/api/v1/rooms/{id}/week': {
    get: { summary: "The room's slots in one week, Monday to Sunday in box time (week: any day of it, default this week)", parameters: [...id, ...queryOf(weekQuery)], responses: responses('Week') },
  },
  '/api/v1/rooms/{id}/bookings': {
    post: { summary: 'Book a slot or a recurring slot for an organization (its admins): approved at once or pending, as the room says; 409 on a collision', parameters: id,
      requestBody: json(bookingSchema), responses: responses('Booking with { slots }', '201') },
  },
  '/api/v1/rooms/bookings': { get: { summary: 'Bookings of the organizations I administer, and requests waiting for my answer as a place admin', responses: responses('{ organizations, bookings, notices, toAnswer }') } },
  '/api/v1/rooms/bookings/{id}/approve': { post: { summary: "Approve a pending request (the place's admins)", parameters: id, requestBody: json(decisionSchema), responses: responses('Booking') } },
  '/api/v1/rooms/bookings/{id}/refuse': { post: { summary: "Refuse a pending request with a message (the place's admins); its slots are free again", parameters: id, requestBody: json(decisionSchema), responses: responses('Booking') } },
  '/api/v1/rooms/bookings/{id}/cancel': { post: { summary: "Cancel a booking (the organization's or the place's admins); its slots are free again", parameters: id, responses: responses('Booking') } },
  '/api/v1/rooms/bookings/{id}/cancel-date': { post: { summary: 'Cancel one date of a repeated booking; the last one cancels the booking', parameters: id, requestBody: json(bookingDateSchema), responses: responses('Booking') } },
});
