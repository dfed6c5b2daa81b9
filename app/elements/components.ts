// Pieces of element pages: cards, type and kind labels, the create/edit form.
import { html } from '../web/html.ts';
import { Csrf, Field, FormErrorSummary, Select, type FieldErrors, type PageContext } from '../web/layout.ts';
import { formatDate, type MessageKey } from '../core/i18n/index.ts';
import { EventFields } from '../agenda/event-fields.ts';
import { kindsByType, projectStages, visibilities, type Element, type ElementCardData, type ElementType } from './model.ts';

export const pluralPath: Record<ElementType, string> = {
  person: 'persons', organization: 'organizations', project: 'projects', event: 'events', poi: 'pois', classified: 'market', aid: 'aid',
};

export const typeLabel = (ctx: PageContext, type: ElementType) => ctx.t(`type.${type}` as MessageKey);
export const kindLabel = (ctx: PageContext, kind: string) => ctx.t(`kind.${kind}` as MessageKey);

/** A card; `fromBox` names the box a card replicated from another box comes from (app/sync/). */
export type CardItem = ElementCardData & { fromBox?: string };

export function ElementCard({ element, ctx }: { element: CardItem; ctx: PageContext }) {
  return html`<li class="card">
    <a href=${`/e/${element.slug}`}><strong>${element.name}</strong></a>
    <span class="badge">${element.kind ? kindLabel(ctx, element.kind) : typeLabel(ctx, element.type)}</span>
    ${element.fromBox ? html`<span class="badge from-box">${ctx.t('further.fromBox', { box: element.fromBox })}</span>` : null}
    ${element.visibility !== 'public' ? html`<span class="badge private">${ctx.t(`visibility.${element.visibility}` as MessageKey)}</span>` : null}
    ${element.startsAt ? html`<div class="when">${formatDate(ctx.locale, element.startsAt, !element.allDay, ctx.timezone)}</div>` : null}
    ${element.shortDescription ? html`<p>${element.shortDescription}</p>` : null}
    ${element.address.locality ? html`<small>${element.address.locality}</small>` : null}
  </li>`;
}

export function ElementList({ items, ctx, empty }: { items: CardItem[]; ctx: PageContext; empty?: string }) {
  if (items.length === 0) return html`<p class="empty">${empty ?? ctx.t('list.empty')}</p>`;
  return html`<ul class="cards">${items.map((element) => html`<${ElementCard} element=${element} ctx=${ctx} />`)}</ul>`;
}

export type FormValues = Record<string, string>;

/** Form values from an existing element, for the edit form. */
export function valuesOf(element: Element): FormValues {
  return {
    name: element.name, kind: element.kind ?? '', slug: element.slug, shortDescription: element.shortDescription,
    description: element.description, tags: element.tags.join(', '), street: element.address.street,
    postalCode: element.address.postalCode, communeInsee: element.address.communeInsee ?? '', locality: element.address.locality,
    lat: element.position ? String(element.position.lat) : '', lon: element.position ? String(element.position.lon) : '',
    visibility: element.visibility, contactEmail: element.contact?.email ?? '', contactPhone: element.contact?.phone ?? '',
    url: element.url, stage: element.stage ?? '', startsAt: element.startsAt?.slice(0, 16) ?? '', endsAt: element.endsAt?.slice(0, 16) ?? '',
    allDay: element.allDay ? 'on' : '', placeId: element.placeId ?? '', version: String(element.version),
  };
}

export interface FormOptions {
  type: ElementType;
  action: string;
  values: FormValues;
  errors?: FieldErrors;
  communes: [string, string][];
  organizers: [string, string][];
  /** Places of the box an event can take place at: [id, name]. */
  places: [string, string][];
  isEdit: boolean;
  /** The box's time zone, the default of an event's. */
  boxTimezone: string;
}

export function ElementForm({ ctx, options }: { ctx: PageContext; options: FormOptions }) {
  const { t } = ctx;
  const { type, values, errors } = options;
  const kinds: readonly string[] = kindsByType[type];
  return html`<form method="post" action=${options.action} class="stack" novalidate>
    <${Csrf} ctx=${ctx} />
    <${FormErrorSummary} errors=${errors} ctx=${ctx} />
    ${options.isEdit ? html`<input type="hidden" name="version" value=${values.version} />` : html`<input type="hidden" name="type" value=${type} />`}
    <${Field} name="name" label=${t('field.name')} value=${values.name} errors=${errors} required maxlength=${120} />
    ${kinds.length ? html`<${Select} name="kind" label=${t('field.kind')} value=${values.kind} errors=${errors} required
        options=${kinds.map((kind) => [kind, kindLabel(ctx, kind)])} />` : null}
    ${type === 'project' ? html`<${Select} name="stage" label=${t('field.stage')} value=${values.stage} errors=${errors}
        options=${projectStages.map((stage) => [stage, t(`stage.${stage}` as MessageKey)])} />` : null}
    ${type === 'event' ? html`
      <${Field} name="startsAt" type="datetime-local" label=${t('field.startsAt')} value=${values.startsAt} errors=${errors} required />
      <${Field} name="endsAt" type="datetime-local" label=${t('field.endsAt')} value=${values.endsAt} errors=${errors} />
      <div class="field check"><input type="checkbox" id="f-allDay" name="allDay" checked=${values.allDay === 'on'} />
        <label for="f-allDay">${t('field.allDay')}</label></div>
      <${EventFields} ctx=${ctx} values=${values} errors=${errors} boxTimezone=${options.boxTimezone} />
      ${!options.isEdit && options.organizers.length ? html`<${Select} name="organizerId" label=${t('field.organizer')} value=${values.organizerId}
        errors=${errors} options=${options.organizers} />` : null}
      ${options.places.length ? html`<${Select} name="placeId" label=${t('field.place')} value=${values.placeId} errors=${errors}
        options=${options.places} />` : null}` : null}
    <${Field} name="shortDescription" label=${t('field.shortDescription')} value=${values.shortDescription} errors=${errors} maxlength=${280} />
    <${Field} name="description" label=${t('field.description')} value=${values.description} errors=${errors} textarea hint=${t('field.markdownHint')} />
    <${Field} name="tags" label=${t('field.tags')} value=${values.tags} errors=${errors} hint=${t('field.tagsHint')} />
    <fieldset><legend>${t('field.address')}</legend>
      <${Field} name="street" label=${t('field.street')} value=${values.street} errors=${errors} autocomplete="street-address" />
      <${Field} name="postalCode" label=${t('field.postalCode')} value=${values.postalCode} errors=${errors} autocomplete="postal-code" />
      <${Select} name="communeInsee" label=${t('field.commune')} value=${values.communeInsee} errors=${errors} options=${options.communes} />
      <${Field} name="locality" label=${t('field.locality')} value=${values.locality} errors=${errors} hint=${t('field.localityHint')} autocomplete="address-level2" />
      <${Field} name="lat" label=${t('field.lat')} value=${values.lat} errors=${errors} type="text" />
      <${Field} name="lon" label=${t('field.lon')} value=${values.lon} errors=${errors} type="text" />
    </fieldset>
    <${Select} name="visibility" label=${t('field.visibility')} value=${values.visibility || 'public'} errors=${errors} required
      options=${visibilities.map((v) => [v, t(`visibility.${v}` as MessageKey)])} />
    <fieldset><legend>${t('field.contact')}</legend>
      <${Field} name="contactEmail" type="email" label=${t('field.email')} value=${values.contactEmail} errors=${errors} />
      <${Field} name="contactPhone" type="tel" label=${t('field.phone')} value=${values.contactPhone} errors=${errors} />
      <${Field} name="url" type="url" label=${t('field.url')} value=${values.url} errors=${errors} />
    </fieldset>
    ${options.isEdit ? html`<${Field} name="slug" label=${t('field.slug')} value=${values.slug} errors=${errors} />` : null}
    <button type="submit">${options.isEdit ? t('form.save') : t('form.create')}</button>
  </form>`;
}
