// Pieces of the room pages: a room's facts, its week, the forms, and the rooms section of a place's page.
import type { Translate } from '../core/i18n/index.ts';
import type { Deps } from '../deps.ts';
import { html } from '../web/html.ts';
import { Csrf, Field, FormErrorSummary, Select, type FieldErrors, type PageContext } from '../web/layout.ts';
import type { Viewer } from '../permissions/visibility.ts';
import type { Element } from '../elements/model.ts';
import { bookingPolicies, type Room, type SlotView } from './model.ts';
import type { RoomWeek } from './actions.ts';
import { listRooms } from './actions.ts';
import { localTime } from './local-time.ts';
import { accessTo } from '../permissions/visibility.ts';
import { Thumbnail } from '../media/components.ts';
import { thumbnailUrl } from '../media/store.ts';
import type { MediaFile } from '../media/model.ts';
import { coverPhotos, photoAlt } from './photos.ts';

export type FormValues = Record<string, string>;

const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** "jeudi 18 mars" of a calendar date, in the page's language. */
export function dayName(locale: string, date: string): string {
  let format = dayFormats.get(locale);
  if (!format) dayFormats.set(locale, (format = new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', timeZone: 'UTC' })));
  return format.format(new Date(`${date}T12:00:00Z`));
}

export function RoomFacts({ ctx, room }: { ctx: PageContext; room: Room }) {
  const { t } = ctx;
  const fact = (label: string, value: string | number | null) => (value === null || value === '' ? null : html`<dt>${label}</dt><dd>${value}</dd>`);
  return html`<dl class="facts">
    ${fact(t('room.capacity'), room.capacity === null ? null : t('room.people', { count: room.capacity }))}
    ${fact(t('room.equipment'), room.equipment)}
    ${fact(t('room.accessibility'), room.accessibility)}
    ${fact(t('room.rules'), room.rules)}
    <dt>${t('room.policy')}</dt><dd>${t(`room.policy.${room.bookingPolicy}`)}</dd>
  </dl>`;
}

/** The week of a room: one row per day, its slots in box time; the same table prints on the door sheet. */
export function WeekTable({ ctx, week, showPurpose = true, cancelDates }: {
  ctx: PageContext; week: RoomWeek; showPurpose?: boolean;
  /** On the room's page: a button to cancel one date of a repeated booking the viewer is allowed to. */
  cancelDates?: { allowed: (slot: SlotView) => boolean; back: string };
}) {
  const { t } = ctx;
  return html`<table class="room-week">
    <thead><tr><th scope="col">${t('room.day')}</th><th scope="col">${t('room.bookedSlots')}</th></tr></thead>
    <tbody>${week.days.map((day) => html`<tr data-date=${day.date}>
      <th scope="row">${dayName(ctx.locale, day.date)}</th>
      <td>${day.slots.length === 0 ? html`<span class="free">${t('room.free')}</span>` : html`<ul class="slots">${day.slots.map((slot) => html`
        <li data-booking=${slot.bookingId} data-status=${slot.status}>
          <strong>${localTime(slot.startsAt, week.timezone)}–${localTime(slot.endsAt, week.timezone)}</strong>
          ${' '}${slot.organizationName}${showPurpose ? html` · ${slot.purpose}` : null}
          ${slot.status === 'pending' ? html` <span class="badge">${t('booking.status.pending')}</span>` : null}
          ${slot.recurring && cancelDates?.allowed(slot) ? html` <form method="post" action=${`/rooms/bookings/${slot.bookingId}/cancel-date`} class="inline">
            <${Csrf} ctx=${ctx} /><input type="hidden" name="startsAt" value=${slot.startsAt} /><input type="hidden" name="back" value=${cancelDates.back} />
            <button class="link">${t('booking.cancelDate')}</button></form>` : null}
        </li>`)}</ul>`}</td>
    </tr>`)}</tbody>
  </table>`;
}

export function RoomForm({ ctx, action, values, errors, organizations }: {
  ctx: PageContext; action: string; values: FormValues; errors?: FieldErrors; organizations: { id: string; name: string }[];
}) {
  const { t } = ctx;
  const chosen = new Set((values.organizationIds ?? '').split(',').filter(Boolean));
  return html`<form method="post" action=${action} class="stack">
    <${Csrf} ctx=${ctx} />
    <${FormErrorSummary} errors=${errors} ctx=${ctx} />
    <${Field} name="name" label=${t('field.name')} value=${values.name} errors=${errors} required maxlength=${120} />
    <${Field} name="capacity" type="number" label=${t('room.capacity')} value=${values.capacity} errors=${errors} />
    <${Field} name="equipment" label=${t('room.equipment')} value=${values.equipment} errors=${errors} textarea />
    <${Field} name="accessibility" label=${t('room.accessibility')} value=${values.accessibility} errors=${errors} textarea />
    <${Field} name="rules" label=${t('room.rules')} value=${values.rules} errors=${errors} textarea />
    <${Select} name="bookingPolicy" label=${t('room.policy')} value=${values.bookingPolicy ?? 'approval'} errors=${errors} required
      options=${bookingPolicies.map((policy): [string, string] => [policy, t(`room.policy.${policy}`)])} />
    <fieldset class=${errors?.organizationIds ? 'field invalid' : 'field'}><legend>${t('room.chosenOrganizations')}</legend>
      ${organizations.map((org) => html`<label class="check"><input type="checkbox" name=${`org:${org.id}`} checked=${chosen.has(org.id)} /> ${org.name}</label>`)}
      ${errors?.organizationIds ? html`<p class="error">${errors.organizationIds}</p>` : null}
    </fieldset>
    <button>${t('form.save')}</button>
  </form>`;
}

export const repeatChoices = ['', 'FREQ=DAILY', 'FREQ=WEEKLY', 'FREQ=WEEKLY;INTERVAL=2', 'FREQ=MONTHLY'] as const;
const repeatLabel = (t: Translate, rule: string) =>
  rule === '' ? t('booking.repeat.none') : rule === 'FREQ=DAILY' ? t('booking.repeat.daily') : rule === 'FREQ=WEEKLY' ? t('booking.repeat.weekly')
    : rule === 'FREQ=MONTHLY' ? t('booking.repeat.monthly') : t('booking.repeat.biweekly');

export function BookingForm({ ctx, action, values, errors, organizations }: {
  ctx: PageContext; action: string; values: FormValues; errors?: FieldErrors; organizations: { id: string; name: string }[];
}) {
  const { t } = ctx;
  return html`<form method="post" action=${action} class="stack">
    <${Csrf} ctx=${ctx} />
    <${FormErrorSummary} errors=${errors} ctx=${ctx} />
    <${Select} name="organizationId" label=${t('booking.organization')} value=${values.organizationId} errors=${errors} required
      options=${organizations.map((org): [string, string] => [org.id, org.name])} />
    <${Field} name="purpose" label=${t('booking.purpose')} value=${values.purpose} errors=${errors} required maxlength=${500} />
    <${Field} name="startsAt" type="datetime-local" label=${t('field.startsAt')} value=${values.startsAt} errors=${errors} required />
    <${Field} name="endsAt" type="datetime-local" label=${t('field.endsAt')} value=${values.endsAt} errors=${errors} required />
    <div class=${errors?.rrule ? 'field invalid' : 'field'}>
      <label for="f-rrule">${t('booking.repeat')}</label>
      <select id="f-rrule" name="rrule">${repeatChoices.map((rule) => html`<option value=${rule} selected=${(values.rrule ?? '') === rule}>${repeatLabel(t, rule)}</option>`)}</select>
      ${errors?.rrule ? html`<p class="error" id="f-rrule-error">${errors.rrule}</p>` : null}
    </div>
    <${Field} name="until" type="date" label=${t('booking.until')} value=${values.until} errors=${errors} hint=${t('booking.untilHint')} />
    <label class="check"><input type="checkbox" name="publicEvent" checked=${values.publicEvent === 'on'} /> ${t('booking.publicEvent')}</label>
    <button>${t('booking.submit')}</button>
  </form>`;
}

/** The rooms of a place, on its element page. */
export function PlaceRooms({ ctx, deps, place, viewer }: { ctx: PageContext; deps: Deps; place: Element; viewer: Viewer | null }) {
  const rooms = listRooms(deps, viewer, place.id);
  const isAdmin = accessTo(deps.db, viewer, place.id).isAdmin;
  if (rooms.length === 0 && !isAdmin) return null;
  const { t } = ctx;
  const covers = coverPhotos(deps.db, rooms.map((room) => room.id));
  return html`<section class="rooms"><h2>${t('room.rooms')} (${rooms.length})</h2>
    <ul class="room-list">${rooms.map((room) => html`<li>${covers.has(room.id) ? html`<${Thumbnail} file=${covers.get(room.id)!} alt=${photoAlt(t, room.name, 1)} />` : null}
      <a href=${`/rooms/${room.id}`}>${room.name}</a>
      ${room.capacity === null ? null : html` · ${t('room.people', { count: room.capacity })}`}</li>`)}</ul>
    <p>${isAdmin ? html`<a class="button" href=${`/rooms/new?place=${place.id}`}>${t('room.new')}</a> ` : null}
      ${viewer ? html`<a href="/rooms/bookings">${t('booking.mine')}</a>` : null}</p>
  </section>`;
}

/** The photos of a room, on its page: thumbnails linked to the full images. */
export function RoomPhotos({ ctx, room, photos }: { ctx: PageContext; room: Room; photos: MediaFile[] }) {
  if (photos.length === 0) return null;
  return html`<div class="thumbs room-photos">${photos.map((photo, i) => html`<${Thumbnail} file=${photo} alt=${photoAlt(ctx.t, room.name, i + 1)} />`)}</div>`;
}

/**
 * The photo forms of a room's edit page: upload new images (they go to the place's media library) or tick
 * which of the place's images show, in their order.
 */
export function RoomPhotosForm({ ctx, room, photos, images, errors, maxBytes }: {
  ctx: PageContext; room: Room; photos: MediaFile[]; images: MediaFile[]; errors?: FieldErrors; maxBytes: string;
}) {
  const { t } = ctx;
  const chosen = new Set(photos.map((photo) => photo.id));
  // Chosen photos first, in their order; then the other images of the place.
  const offered = [...photos, ...images.filter((image) => !chosen.has(image.id))];
  return html`<section class="room-photos-form" id="photos"><h2>${t('room.photos')}</h2>
    <${FormErrorSummary} errors=${errors} ctx=${ctx} />
    <form method="post" action=${`/rooms/${room.id}/photos`} enctype="multipart/form-data" class="stack">
      <${Csrf} ctx=${ctx} />
      <div class=${errors?.file ? 'field invalid' : 'field'}>
        <label for="f-photo">${t('media.room.upload')}</label>
        <input id="f-photo" type="file" name="file" multiple accept="image/jpeg,image/png,image/webp,image/gif" required aria-describedby="f-photo-hint" />
        <small id="f-photo-hint">${t('media.room.uploadHint', { size: maxBytes })}</small>
        ${errors?.file ? html`<p class="error">${errors.file}</p>` : null}
      </div>
      <button>${t('media.upload')}</button>
    </form>
    ${offered.length ? html`<form method="post" action=${`/rooms/${room.id}/photos/choose`} class="stack">
      <${Csrf} ctx=${ctx} />
      <fieldset class=${errors?.mediaIds ? 'field invalid' : 'field'}><legend>${t('media.room.choose')}</legend>
        <div class="thumbs">${offered.map((image) => html`<label class="pick">
          <img src=${thumbnailUrl(image)} alt=${image.name} loading="lazy" />
          <span><input type="checkbox" name=${`photo:${image.id}`} checked=${chosen.has(image.id)} /> ${image.name}</span></label>`)}</div>
        ${errors?.mediaIds ? html`<p class="error">${errors.mediaIds}</p>` : null}
      </fieldset>
      <button>${t('media.room.save')}</button>
    </form>` : null}
  </section>`;
}
