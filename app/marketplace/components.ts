// Pieces of the marketplace's pages: an ad's card and price, the filters, the ad form.
import type { MessageKey } from '../core/i18n/index.ts';
import { formatDate } from '../core/i18n/index.ts';
import { nowMs } from '../core/time.ts';
import { html } from '../web/html.ts';
import { Csrf, Field, FormErrorSummary, Select, type FieldErrors, type PageContext } from '../web/layout.ts';
import { currencies, type Element } from '../elements/model.ts';
import { kindLabel } from '../elements/components.ts';
import { thumbnailUrl } from '../media/store.ts';
import { adCategories, adKinds, formatPrice, maxAdPhotos, type AdCard, type AdListQuery } from './model.ts';

export const categoryLabel = (ctx: PageContext, category: string) => ctx.t(`category.${category}` as MessageKey);

/** "12,50 €", "Ğ1 …", or "Free" for what is given away or has no price. */
export const priceLabel = (ctx: PageContext, price: Element['price']) => formatPrice(ctx.locale, price) ?? ctx.t('market.free');

export const adUrl = (ad: { slug: string }) => `/market/${ad.slug}`;

export function AdCardItem({ ctx, ad }: { ctx: PageContext; ad: AdCard }) {
  const expired = ad.expiresAt !== null && Date.parse(ad.expiresAt) <= nowMs();
  return html`<li class="card ad-card">
    ${ad.photoId ? html`<img class="ad-thumb" src=${thumbnailUrl({ id: ad.photoId })} alt="" loading="lazy" width="96" height="72" />` : null}
    <a href=${adUrl(ad)}><strong>${ad.name}</strong></a>
    <div class="price">${priceLabel(ctx, ad.price)}</div>
    <span class="badge">${kindLabel(ctx, ad.kind)}</span>
    ${ad.category ? html` <span class="badge">${categoryLabel(ctx, ad.category)}</span>` : null}
    ${ad.visibility === 'members' ? html` <span class="badge private">${ctx.t('market.membersOnly')}</span>` : null}
    ${ad.closedAt ? html` <span class="badge closed">${ctx.t(ad.kind === 'sale' ? 'market.sold' : 'market.closed')}</span>` : null}
    ${expired ? html` <span class="badge closed">${ctx.t('market.expired')}</span>` : null}
    ${ad.locality ? html`<div><small>${ad.locality}</small></div>` : null}
  </li>`;
}

export function AdList({ ctx, items }: { ctx: PageContext; items: AdCard[] }) {
  if (items.length === 0) return html`<p class="empty">${ctx.t('market.empty')}</p>`;
  return html`<ul class="cards ads">${items.map((ad) => html`<${AdCardItem} ctx=${ctx} ad=${ad} />`)}</ul>`;
}

export function AdFilters({ ctx, query, communes }: { ctx: PageContext; query: AdListQuery; communes: [string, string][] }) {
  const { t } = ctx;
  return html`<form method="get" action="/market" class="filters">
    <label for="m-q">${t('market.searchWords')}</label> <input id="m-q" name="q" value=${query.q ?? ''} maxlength="100" />
    <label for="m-kind">${t('field.kind')}</label>
    <select id="m-kind" name="kind"><option value="">${t('market.allKinds')}</option>
      ${adKinds.map((kind) => html`<option value=${kind} selected=${query.kind === kind}>${kindLabel(ctx, kind)}</option>`)}
    </select>
    <label for="m-category">${t('market.category')}</label>
    <select id="m-category" name="category"><option value="">${t('market.allCategories')}</option>
      ${adCategories.map((category) => html`<option value=${category} selected=${query.category === category}>${categoryLabel(ctx, category)}</option>`)}
    </select>
    <label for="m-zone">${t('field.commune')}</label>
    <select id="m-zone" name="zone"><option value="">${t('filter.allCommunes')}</option>
      ${communes.map(([insee, name]) => html`<option value=${`commune:${insee}`} selected=${query.zone === `commune:${insee}`}>${name}</option>`)}
    </select>
    <span class="check"><input type="checkbox" id="m-free" name="free" checked=${query.free} /> <label for="m-free">${t('market.freeOnly')}</label></span>
    <button>${t('filter.apply')}</button>
  </form>`;
}

export interface AdFormOptions {
  action: string;
  values: Record<string, string>;
  errors?: FieldErrors;
  communes: [string, string][];
  /** Organizations the author belongs to, that may publish the ad: [id, name]. */
  publishers: [string, string][];
  isEdit: boolean;
}

/** The ad form; a new ad's form carries its photos too (multipart). */
export function AdForm({ ctx, options }: { ctx: PageContext; options: AdFormOptions }) {
  const { t } = ctx;
  const { values, errors } = options;
  return html`<form method="post" action=${options.action} class="stack" novalidate enctype=${options.isEdit ? undefined : 'multipart/form-data'}>
    <${Csrf} ctx=${ctx} />
    <${FormErrorSummary} errors=${errors} ctx=${ctx} />
    ${options.isEdit ? html`<input type="hidden" name="version" value=${values.version} />` : null}
    <${Select} name="kind" label=${t('market.kindLabel')} value=${values.kind} errors=${errors} required
      options=${adKinds.map((kind) => [kind, kindLabel(ctx, kind)])} />
    <${Select} name="category" label=${t('market.category')} value=${values.category} errors=${errors} required
      options=${adCategories.map((category) => [category, categoryLabel(ctx, category)])} />
    <${Field} name="name" label=${t('market.adTitle')} value=${values.name} errors=${errors} required maxlength=${120} />
    <${Field} name="description" label=${t('field.description')} value=${values.description} errors=${errors} textarea hint=${t('field.markdownHint')} />
    <fieldset><legend>${t('market.price')}</legend>
      <${Field} name="price" label=${t('market.amount')} value=${values.price} errors=${errors} hint=${t('market.priceHint')} />
      <${Select} name="currency" label=${t('market.currency')} value=${values.currency || 'EUR'} errors=${errors} required
        options=${currencies.map((currency) => [currency, currency === 'G1' ? 'Ğ1' : currency])} />
    </fieldset>
    <fieldset><legend>${t('market.where')}</legend>
      <${Field} name="postalCode" label=${t('field.postalCode')} value=${values.postalCode} errors=${errors} autocomplete="postal-code" />
      <${Select} name="communeInsee" label=${t('field.commune')} value=${values.communeInsee} errors=${errors} options=${options.communes} />
      <${Field} name="locality" label=${t('field.locality')} value=${values.locality} errors=${errors} hint=${t('field.localityHint')} autocomplete="address-level2" />
      <${Field} name="lat" label=${t('field.lat')} value=${values.lat} errors=${errors} />
      <${Field} name="lon" label=${t('field.lon')} value=${values.lon} errors=${errors} />
    </fieldset>
    <${Field} name="expiresAt" type="date" label=${t('market.expiresAt')} value=${values.expiresAt} errors=${errors} hint=${t('market.expiresHint')} />
    <${Select} name="visibility" label=${t('field.visibility')} value=${values.visibility || 'public'} errors=${errors} required
      options=${[['public', t('visibility.public')], ['members', t('market.membersOnlyLong')]]} />
    ${!options.isEdit && options.publishers.length ? html`<${Select} name="organizerId" label=${t('market.publishAs')} value=${values.organizerId}
      errors=${errors} options=${options.publishers} />` : null}
    <fieldset><legend>${t('market.contact')}</legend>
      <p><small>${t('market.contactHint')}</small></p>
      <${Field} name="contactEmail" type="email" label=${t('field.email')} value=${values.contactEmail} errors=${errors} />
      <${Field} name="contactPhone" type="tel" label=${t('field.phone')} value=${values.contactPhone} errors=${errors} />
    </fieldset>
    ${options.isEdit ? null : html`<div class=${errors?.photos ? 'field invalid' : 'field'}>
      <label for="f-photos">${t('market.photos', { count: maxAdPhotos })}</label>
      <input id="f-photos" type="file" name="photos" accept="image/jpeg,image/png,image/webp,image/gif" multiple />
      ${errors?.photos ? html`<p class="error">${errors.photos}</p>` : null}
    </div>`}
    <button type="submit">${options.isEdit ? t('form.save') : t('market.publish')}</button>
  </form>`;
}

/** Form values from an ad, for its edit form. */
export function adFormValues(ad: Element, timezone: string): Record<string, string> {
  return {
    kind: ad.kind ?? '', category: ad.category ?? '', name: ad.name, description: ad.description,
    price: ad.price ? String(ad.price.amountCents / 100) : '', currency: ad.price?.currency ?? 'EUR',
    postalCode: ad.address.postalCode, communeInsee: ad.address.communeInsee ?? '', locality: ad.address.locality,
    lat: ad.position ? String(ad.position.lat) : '', lon: ad.position ? String(ad.position.lon) : '',
    expiresAt: ad.expiresAt ? localDate(ad.expiresAt, timezone) : '', visibility: ad.visibility,
    contactEmail: ad.contact?.email ?? '', contactPhone: ad.contact?.phone ?? '', version: String(ad.version),
  };
}

/** "2027-02-01": the day an instant falls on in the box's time zone (a date input's value). */
export const localDate = (iso: string, timezone: string) => new Intl.DateTimeFormat('en-CA', { timeZone: timezone }).format(new Date(iso));

export const expiryLabel = (ctx: PageContext, iso: string) => formatDate(ctx.locale, iso, false, ctx.timezone);
