// Room pages: a room and its week, the door sheet, room and booking forms, "my bookings" with the answers
// and the requests to answer. Every flow works without JavaScript.
import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv, Ctx } from '../core/http/env.ts';
import { AppError, notFound } from '../core/errors.ts';
import { readForm } from '../core/http/input.ts';
import { parse } from '../core/validation.ts';
import { nowMs } from '../core/time.ts';
import type { Deps } from '../deps.ts';
import { html } from '../web/html.ts';
import { Csrf, Layout, type FieldErrors } from '../web/layout.ts';
import { formErrors, pageContext, safeNext, sendPage, toLogin } from '../web/page.ts';
import { findElement, listVisibleElements } from '../elements/storage.ts';
import { formatDate } from '../core/i18n/index.ts';
import {
  approveBooking, cancelBooking, cancelBookingDate, createRoom, readRoom, refuseBooking, requestBooking, roomWeek, updateRoom, type RoomView,
} from './actions.ts';
import { BookingForm, RoomFacts, RoomForm, RoomPhotos, RoomPhotosForm, WeekTable, type FormValues } from './components.ts';
import { photosOfRoom, placeImages, setRoomPhotos, uploadRoomPhotos } from './photos.ts';
import { formatBytes } from '../media/components.ts';
import { myBookings, type BookingLine } from './my-bookings.ts';
import { organizationsAdministeredBy, bookingsOfRooms } from './storage.ts';
import { localDate, mondayOf, slotLabel, todayIn } from './local-time.ts';
import { roomSheet } from './sheet.ts';
import { sendRoomFeed } from './feed.ts';
import type { Room, SlotView } from './model.ts';

const weekQuery = z.object({ week: z.iso.date().optional() }).strict();

export function roomsPages(deps: Deps) {
  const pages = new Hono<AppEnv>();

  pages.get('/rooms/bookings', (c) => {
    const viewer = c.get('viewer');
    if (!viewer) return toLogin(c);
    return sendPage(c, myBookingsPage(deps, c));
  });

  for (const decision of ['approve', 'refuse', 'cancel', 'cancel-date'] as const) {
    pages.post(`/rooms/bookings/:id/${decision}`, async (c) => {
      if (!c.get('viewer')) return toLogin(c);
      const { back, ...form } = await readForm(c);
      const id = c.req.param('id');
      if (decision === 'approve') approveBooking(deps, c.get('viewer'), id, form, c.get('locale'));
      else if (decision === 'refuse') refuseBooking(deps, c.get('viewer'), id, form, c.get('locale'));
      else if (decision === 'cancel-date') cancelBookingDate(deps, c.get('viewer'), id, form, c.get('locale'));
      else cancelBooking(deps, c.get('viewer'), id);
      return c.redirect(safeNext(back ?? '/rooms/bookings'), 303);
    });
  }

  pages.get('/rooms/new', (c) => {
    if (!c.get('viewer')) return toLogin(c);
    const place = c.req.query('place') ?? '';
    return sendPage(c, roomFormPage(deps, c, `/rooms/new?place=${encodeURIComponent(place)}`, { bookingPolicy: 'approval' }));
  });

  pages.post('/rooms/new', async (c) => {
    if (!c.get('viewer')) return toLogin(c);
    const form = await readForm(c);
    try {
      const room = createRoom(deps, c.get('viewer'), { ...roomInput(form), placeId: c.req.query('place') ?? '' }, c.get('locale'));
      return c.redirect(`/rooms/${room.id}`, 303);
    } catch (error) {
      const errors = formErrors(error, c.get('locale'));
      if (!errors) throw error;
      return sendPage(c, roomFormPage(deps, c, c.req.url.slice(c.req.url.indexOf('/rooms')), keptRoomValues(form), errors), 422);
    }
  });

  pages.get('/rooms/:id', (c) => {
    const view = roomOr404(deps, c);
    const { week } = parse(weekQuery, c.req.query(), c.get('locale'));
    return sendPage(c, roomPage(deps, c, view, mondayOf(week ?? todayIn(nowMs(), deps.box.timezone))));
  });

  pages.get('/rooms/:id/sheet', (c) => {
    const view = roomOr404(deps, c);
    const { week } = parse(weekQuery, c.req.query(), c.get('locale'));
    return c.html(roomSheet(deps, c, view, mondayOf(week ?? todayIn(nowMs(), deps.box.timezone))));
  });

  pages.get('/rooms/:id/calendar.ics', (c) => sendRoomFeed(c, deps, roomOr404(deps, c)));

  pages.get('/rooms/:id/edit', (c) => {
    if (!c.get('viewer')) return toLogin(c);
    const { room } = roomOr404(deps, c);
    return sendPage(c, roomFormPage(deps, c, `/rooms/${room.id}/edit`, roomValues(room), undefined, room));
  });

  pages.post('/rooms/:id/edit', async (c) => {
    if (!c.get('viewer')) return toLogin(c);
    const { room } = roomOr404(deps, c);
    const form = await readForm(c);
    try {
      updateRoom(deps, c.get('viewer'), room.id, roomInput(form), c.get('locale'));
      return c.redirect(`/rooms/${room.id}`, 303);
    } catch (error) {
      const errors = formErrors(error, c.get('locale'));
      if (!errors) throw error;
      return sendPage(c, roomFormPage(deps, c, `/rooms/${room.id}/edit`, keptRoomValues(form), errors, room), 422);
    }
  });

  // Photos: uploaded into the place's media library, or chosen among its images (./photos.ts).
  pages.post('/rooms/:id/photos', async (c) => {
    if (!c.get('viewer')) return toLogin(c);
    const { room } = roomOr404(deps, c);
    try {
      await uploadRoomPhotos(deps, c, room.id, { csrf: c.get('csrf') });
      return c.redirect(`/rooms/${room.id}/edit#photos`, 303);
    } catch (error) {
      const errors = formErrors(error, c.get('locale'));
      if (!errors || (error instanceof AppError && error.code === 'forbidden' && !error.field)) throw error;
      const status = error instanceof AppError && (error.status === 413 || error.status === 415) ? error.status : 422;
      return sendPage(c, roomFormPage(deps, c, `/rooms/${room.id}/edit`, roomValues(room), undefined, room, { ...errors, file: errors.file ?? errors.mediaIds ?? errors._ }), status);
    }
  });

  pages.post('/rooms/:id/photos/choose', async (c) => {
    if (!c.get('viewer')) return toLogin(c);
    const { room } = roomOr404(deps, c);
    const form = await readForm(c);
    const mediaIds = Object.keys(form).filter((key) => key.startsWith('photo:')).map((key) => key.slice(6));
    try {
      setRoomPhotos(deps, c.get('viewer'), room.id, { mediaIds }, c.get('locale'));
      return c.redirect(`/rooms/${room.id}`, 303);
    } catch (error) {
      const errors = formErrors(error, c.get('locale'));
      if (!errors || (error instanceof AppError && error.code === 'forbidden')) throw error;
      return sendPage(c, roomFormPage(deps, c, `/rooms/${room.id}/edit`, roomValues(room), undefined, room, errors), 422);
    }
  });

  pages.get('/rooms/:id/book', (c) => {
    if (!c.get('viewer')) return toLogin(c);
    const view = roomOr404(deps, c);
    return sendPage(c, bookingFormPage(deps, c, view, {}));
  });

  pages.post('/rooms/:id/book', async (c) => {
    if (!c.get('viewer')) return toLogin(c);
    const view = roomOr404(deps, c);
    const form = await readForm(c);
    try {
      const { booking } = requestBooking(deps, c.get('viewer'), view.room.id, bookingInput(form), c.get('locale'));
      return c.redirect(`/rooms/bookings#booking-${booking.id}`, 303);
    } catch (error) {
      const errors = formErrors(error, c.get('locale'));
      if (!errors) throw error;
      const status = (error as { status?: number }).status === 409 ? 409 : (error as { status?: number }).status === 403 ? 403 : 422;
      return sendPage(c, bookingFormPage(deps, c, view, form, errors), status);
    }
  });

  return pages;
}

function roomOr404(deps: Deps, c: Ctx): RoomView {
  const view = readRoom(deps, c.get('viewer'), c.req.param('id') ?? '');
  if (!view) throw notFound('Room');
  return view;
}

/** Form fields as API input: the chosen organizations from their checkboxes. */
function roomInput(form: FormValues): Record<string, unknown> {
  const { name = '', capacity = '', equipment = '', accessibility = '', rules = '', bookingPolicy = '' } = form;
  const organizationIds = Object.keys(form).filter((key) => key.startsWith('org:')).map((key) => key.slice(4));
  return { name, capacity, equipment, accessibility, rules, bookingPolicy, organizationIds };
}

const keptRoomValues = (form: FormValues): FormValues => ({
  ...form, organizationIds: Object.keys(form).filter((key) => key.startsWith('org:')).map((key) => key.slice(4)).join(','),
});

const roomValues = (room: Room): FormValues => ({
  name: room.name, capacity: room.capacity === null ? '' : String(room.capacity), equipment: room.equipment, accessibility: room.accessibility,
  rules: room.rules, bookingPolicy: room.bookingPolicy, organizationIds: room.organizationIds.join(','),
});

function bookingInput(form: FormValues): Record<string, unknown> {
  const { organizationId = '', purpose = '', startsAt = '', endsAt = '', rrule = '', until = '' } = form;
  return { organizationId, purpose, startsAt, endsAt, rrule, until, publicEvent: form.publicEvent === 'on' };
}

function roomFormPage(deps: Deps, c: Ctx, action: string, values: FormValues, errors?: FieldErrors, room?: Room, photoErrors?: FieldErrors) {
  const ctx = pageContext(deps, c);
  const organizations = listVisibleElements(deps.db, ctx.viewer, { type: 'organization' }, null, 200).items
    .map((org) => ({ id: org.id, name: org.name })).sort((a, b) => a.name.localeCompare(b.name, ctx.locale));
  const title = room ? ctx.t('form.editTitle', { name: room.name }) : ctx.t('room.new');
  return html`<${Layout} ctx=${ctx} title=${title}>
    <h1>${title}</h1>
    <${RoomForm} ctx=${ctx} action=${action} values=${values} errors=${errors} organizations=${organizations} />
    ${room ? html`<${RoomPhotosForm} ctx=${ctx} room=${room} photos=${photosOfRoom(deps.db, room.id)} images=${placeImages(deps, room.placeId)}
        errors=${photoErrors} maxBytes=${formatBytes(ctx.locale, deps.config.media.imageLimit)} />`
      : html`<p><small>${ctx.t('media.room.later')}</small></p>`}
  <//>`;
}

function bookingFormPage(deps: Deps, c: Ctx, view: RoomView, values: FormValues, errors?: FieldErrors) {
  const ctx = pageContext(deps, c);
  const organizations = organizationsAdministeredBy(deps.db, ctx.viewer!.personId);
  const title = ctx.t('booking.title', { room: view.room.name });
  return html`<${Layout} ctx=${ctx} title=${title}>
    <p class="crumbs"><a href=${`/e/${view.place.slug}`}>${view.place.name}</a> › <a href=${`/rooms/${view.room.id}`}>${view.room.name}</a></p>
    <h1>${title}</h1>
    ${organizations.length === 0 ? html`<p>${ctx.t('booking.noOrganization')}</p>`
      : html`<p>${ctx.t('booking.timezone', { timezone: deps.box.timezone })}</p>
        <${BookingForm} ctx=${ctx} action=${`/rooms/${view.room.id}/book`} values=${values} errors=${errors} organizations=${organizations} />`}
  <//>`;
}

function roomPage(deps: Deps, c: Ctx, view: RoomView, monday: string) {
  const ctx = pageContext(deps, c);
  const { t } = ctx;
  const { room, place, isPlaceAdmin } = view;
  const week = roomWeek(deps, room.id, monday);
  const requests = isPlaceAdmin ? bookingsOfRooms(deps.db, [room.id], ['pending']) : [];
  // Dates of repeated bookings the viewer may cancel one by one: all for the place's admins, their organizations' otherwise.
  const mine = new Set(ctx.viewer ? organizationsAdministeredBy(deps.db, ctx.viewer.personId).map((organization) => organization.id) : []);
  const cancelDates = ctx.viewer ? { allowed: (slot: SlotView) => isPlaceAdmin || mine.has(slot.organizationId), back: `/rooms/${room.id}?week=${monday}` } : undefined;
  return html`<${Layout} ctx=${ctx} title=${room.name}>
    <p class="crumbs"><a href=${`/e/${place.slug}`}>${place.name}</a></p>
    <h1>${room.name}</h1>
    <${RoomPhotos} ctx=${ctx} room=${room} photos=${photosOfRoom(deps.db, room.id)} />
    <${RoomFacts} ctx=${ctx} room=${room} />
    <p class="actions">
      ${ctx.viewer ? html`<a class="button" href=${`/rooms/${room.id}/book`}>${t('booking.book')}</a>` : html`<a href=${`/login?next=/rooms/${room.id}/book`}>${t('booking.signInToBook')}</a>`}
      ${isPlaceAdmin ? html` <a class="button" href=${`/rooms/${room.id}/edit`}>${t('element.edit')}</a>` : null}
      ${' '}<a href=${`/rooms/${room.id}/sheet?week=${monday}`}>${t('room.sheet')}</a>
      ${' '}· <a href=${`/rooms/${room.id}/calendar.ics`} type="text/calendar">${t('room.feed')}</a>
    </p>
    ${requests.length ? html`<section><h2>${t('booking.toAnswer')}</h2>
      <${Requests} ctx=${ctx} deps=${deps} lines=${requests.map((booking) => ({ ...booking, roomName: room.name, placeName: place.name, organizationName: '' }))} back=${`/rooms/${room.id}`} /></section>` : null}
    <section><h2>${t('room.week', { date: monday })}</h2>
      <p class="pager"><a rel="prev" href=${`?week=${week.previous}`}>${t('room.previousWeek')}</a> · <a rel="next" href=${`?week=${week.next}`}>${t('room.nextWeek')}</a></p>
      <${WeekTable} ctx=${ctx} week=${week} cancelDates=${cancelDates} />
      <p><small>${t('booking.timezone', { timezone: week.timezone })}</small></p>
    </section>
  <//>`;
}

function Requests({ ctx, deps, lines, back }: { ctx: ReturnType<typeof pageContext>; deps: Deps; lines: BookingLine[]; back: string }) {
  const { t } = ctx;
  return html`<ul class="requests">${lines.map((booking) => html`<li data-booking=${booking.id}>
    <strong>${booking.organizationName || orgName(deps, booking.organizationId)}</strong> · ${booking.roomName} ·
    ${slotLabel(booking.startsAt, booking.endsAt, booking.timezone)}${booking.rrule ? html` <span class="badge">${t('booking.recurring')}</span>` : null}
    <br />${booking.purpose}
    <form method="post" action=${`/rooms/bookings/${booking.id}/approve`} class="decision">
      <${Csrf} ctx=${ctx} /><input type="hidden" name="back" value=${back} />
      <label>${t('booking.message')} <input name="message" maxlength="1000" /></label>
      <button>${t('element.approve')}</button>
      <button class="secondary" formaction=${`/rooms/bookings/${booking.id}/refuse`}>${t('booking.refuse')}</button>
    </form></li>`)}</ul>`;
}

const eventHref = (deps: Deps, id: string) => {
  const event = findElement(deps.db, id);
  return event ? `/e/${event.slug}` : '/events';
};

const orgName = (deps: Deps, id: string) =>
  (deps.db.prepare('SELECT name FROM elements WHERE id = ?').get(id) as { name: string } | undefined)?.name ?? '';

function myBookingsPage(deps: Deps, c: Ctx) {
  const ctx = pageContext(deps, c);
  const { t } = ctx;
  const mine = myBookings(deps, ctx.viewer!);
  const title = t('booking.mine');
  return html`<${Layout} ctx=${ctx} title=${title}>
    <h1>${title}</h1>
    ${mine.notices.length ? html`<section class="notices" aria-live="polite"><h2>${t('booking.notices')}</h2><ul>${mine.notices.map((notice) => html`
      <li data-booking=${notice.bookingId} data-status=${notice.status}>${formatDate(ctx.locale, notice.createdAt, true, ctx.timezone)} ·
        ${t(`booking.notice.${notice.status === 'approved' ? 'approved' : notice.status === 'refused' ? 'refused' : 'cancelled'}`, { room: notice.roomName, purpose: notice.purpose })}
        ${notice.message ? html` — « ${notice.message} »` : null}</li>`)}</ul></section>` : null}
    ${mine.toAnswer.length ? html`<section><h2>${t('booking.toAnswer')}</h2><${Requests} ctx=${ctx} deps=${deps} lines=${mine.toAnswer} back="/rooms/bookings" /></section>` : null}
    <section><h2>${t('booking.ofMyOrganizations')}</h2>
      ${mine.bookings.length === 0 ? html`<p>${t('list.empty')}</p>` : html`<table class="bookings"><thead><tr>
        <th scope="col">${t('booking.organization')}</th><th scope="col">${t('room.room')}</th><th scope="col">${t('booking.when')}</th>
        <th scope="col">${t('booking.purpose')}</th><th scope="col">${t('booking.status')}</th><th></th></tr></thead>
        <tbody>${mine.bookings.map((booking) => html`<tr id=${`booking-${booking.id}`} data-booking=${booking.id} data-status=${booking.status}>
          <td>${booking.organizationName}</td><td><a href=${`/rooms/${booking.roomId}?week=${mondayOf(localDate(booking.startsAt, booking.timezone))}`}>${booking.roomName}</a> · ${booking.placeName}</td>
          <td>${slotLabel(booking.startsAt, booking.endsAt, booking.timezone)}${booking.rrule ? html` <span class="badge">${t('booking.recurring')}</span>` : null}</td>
          <td>${booking.purpose}</td>
          <td>${t(`booking.status.${booking.status}`)}${booking.answer ? html`<br /><small>« ${booking.answer} »</small>` : null}
            ${booking.eventId ? html`<br /><a href=${eventHref(deps, booking.eventId)}>${t('booking.event')}</a>` : null}</td>
          <td>${booking.status === 'pending' || booking.status === 'approved' ? html`<form method="post" action=${`/rooms/bookings/${booking.id}/cancel`} class="inline">
            <${Csrf} ctx=${ctx} /><button class="secondary">${t('booking.cancel')}</button></form>` : null}</td>
        </tr>`)}</tbody></table>`}
    </section>
  <//>`;
}
