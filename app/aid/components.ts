// Pieces of the mutual aid pages: a card, the category picker grouped by kind of help, the form, a match line.
import { html } from '../web/html.ts';
import { Csrf, Field, FormErrorSummary, Select, type FieldErrors, type PageContext } from '../web/layout.ts';
import { formatDate, type MessageKey } from '../core/i18n/index.ts';
import { aidCategoryGroups, defaultLifetimeDays, type Element } from '../elements/model.ts';
import { aidKinds, type MatchReasons, type StoredMatch } from './model.ts';

export type FormValues = Record<string, string>;

export const categoryLabel = (ctx: PageContext, category: string) => ctx.t(`category.${category}` as MessageKey);
const groupOf = (category: string) =>
  (Object.keys(aidCategoryGroups) as (keyof typeof aidCategoryGroups)[]).find((group) => (aidCategoryGroups[group] as readonly string[]).includes(category));

/** "Services › Gardening" */
export function categoryPath(ctx: PageContext, category: string | null): string {
  if (!category) return '';
  const group = groupOf(category);
  return group ? `${ctx.t(`categoryGroup.${group}` as MessageKey)} › ${categoryLabel(ctx, category)}` : categoryLabel(ctx, category);
}

/** The categories in <optgroup>s: services, skills, things to lend, then "other". */
export function CategorySelect({ ctx, value, errors, required, emptyLabel }: {
  ctx: PageContext; value?: string; errors?: FieldErrors; required?: boolean; emptyLabel: string;
}) {
  const error = errors?.category;
  return html`<div class=${error ? 'field invalid' : 'field'}>
    <label for="f-category">${ctx.t('aid.field.category')}${required ? ' *' : ''}</label>
    <select id="f-category" name="category" aria-invalid=${error ? 'true' : undefined} aria-describedby=${error ? 'f-category-error' : undefined}>
      <option value="">${emptyLabel}</option>
      ${(Object.keys(aidCategoryGroups) as (keyof typeof aidCategoryGroups)[]).map((group) => html`<optgroup label=${ctx.t(`categoryGroup.${group}` as MessageKey)}>
        ${aidCategoryGroups[group].map((category) => html`<option value=${category} selected=${value === category}>${categoryLabel(ctx, category)}</option>`)}
      </optgroup>`)}
      <option value="other" selected=${value === 'other'}>${categoryLabel(ctx, 'other')}</option>
    </select>
    ${error ? html`<p class="error" id="f-category-error">${error}</p>` : null}
  </div>`;
}

export function AidCard({ ctx, entry }: { ctx: PageContext; entry: Element }) {
  const { t } = ctx;
  return html`<li class="card aid-card" data-kind=${entry.kind}>
    <a href=${`/aid/${entry.slug}`}><strong>${entry.name}</strong></a>
    <span class=${`badge aid-${entry.kind}`}>${t(`kind.${entry.kind}` as MessageKey)}</span>
    ${entry.visibility === 'members' ? html`<span class="badge private">${t('aid.membersOnly')}</span>` : null}
    ${entry.closedAt ? html`<span class="badge">${t('aid.fulfilled')}</span>` : null}
    <div class="aid-category">${categoryPath(ctx, entry.category)}</div>
    ${entry.shortDescription ? html`<p>${entry.shortDescription}</p>` : null}
    <small>${[entry.address.locality, entry.availability].filter(Boolean).join(' · ')}</small>
  </li>`;
}

export function AidList({ ctx, items }: { ctx: PageContext; items: Element[] }) {
  if (items.length === 0) return html`<p class="empty">${ctx.t('aid.empty')}</p>`;
  return html`<ul class="cards">${items.map((entry) => html`<${AidCard} ctx=${ctx} entry=${entry} />`)}</ul>`;
}

/** "3 km away · same commune · same category · words in common: vélo, réparer" */
export function reasonsText(ctx: PageContext, reasons: MatchReasons): string {
  const { t } = ctx;
  const parts: string[] = [];
  // Two entries placed by their commune only are 0 km apart: "same commune" says it better.
  if (reasons.distanceKm !== null && reasons.distanceKm > 0) {
    parts.push(t('aid.reason.km', { km: new Intl.NumberFormat(ctx.locale, { maximumFractionDigits: reasons.distanceKm < 10 ? 1 : 0 }).format(reasons.distanceKm) }));
  }
  if (reasons.sameZone) parts.push(t(`aid.reason.${reasons.sameZone}` as MessageKey));
  parts.push(t('aid.reason.category'));
  if (reasons.words.length) parts.push(t('aid.reason.words', { words: reasons.words.join(', ') }));
  return parts.join(' · ');
}

export function MatchList({ ctx, entry, matches, canDismiss }: { ctx: PageContext; entry: Element; matches: StoredMatch[]; canDismiss: boolean }) {
  const { t } = ctx;
  return html`<section class="aid-matches" aria-labelledby="matches-title">
    <h2 id="matches-title">${t(entry.kind === 'offer' ? 'aid.matches.offer' : 'aid.matches.need')}</h2>
    ${matches.length === 0 ? html`<p class="empty">${t('aid.matches.none')}</p>` : html`<ul class="aid-match-list">
      ${matches.map((match) => html`<li data-match=${match.entry.id}>
        <a href=${`/aid/${match.entry.slug}`}><strong>${match.entry.name}</strong></a>
        ${match.entry.address.locality ? html` · ${match.entry.address.locality}` : null}
        <br /><small>${reasonsText(ctx, match.reasons)}</small>
        ${canDismiss ? html` <form method="post" action=${`/aid/${entry.slug}/matches/${match.entry.id}/dismiss`} class="inline">
          <${Csrf} ctx=${ctx} /><button class="link">${t('aid.matches.dismiss')}</button></form>` : null}
      </li>`)}
    </ul>`}
  </section>`;
}

export interface AidFormOptions {
  action: string;
  values: FormValues;
  errors?: FieldErrors;
  communes: [string, string][];
  publishers: [string, string][];
  isEdit: boolean;
}

export function AidForm({ ctx, options }: { ctx: PageContext; options: AidFormOptions }) {
  const { t } = ctx;
  const { values, errors } = options;
  return html`<form method="post" action=${options.action} class="stack aid-form" novalidate>
    <${Csrf} ctx=${ctx} />
    <${FormErrorSummary} errors=${errors} ctx=${ctx} />
    ${options.isEdit ? html`<input type="hidden" name="version" value=${values.version} />` : html`<fieldset class=${errors?.kind ? 'field invalid' : 'field'}>
      <legend>${t('aid.field.kind')} *</legend>
      ${aidKinds.map((kind) => html`<label class="choice"><input type="radio" name="kind" value=${kind} checked=${values.kind === kind} />
        ${' '}${t(kind === 'need' ? 'aid.newNeed' : 'aid.newOffer')}</label>`)}
      ${errors?.kind ? html`<p class="error">${errors.kind}</p>` : null}
    </fieldset>`}
    <${CategorySelect} ctx=${ctx} value=${values.category} errors=${errors} required emptyLabel="—" />
    <${Field} name="name" label=${t('aid.field.name')} value=${values.name} errors=${errors} required maxlength=${120} hint=${t('aid.field.nameHint')} />
    <${Field} name="description" label=${t('aid.field.description')} value=${values.description} errors=${errors} textarea hint=${t('field.markdownHint')} />
    <${Field} name="availability" label=${t('aid.field.availability')} value=${values.availability} errors=${errors} maxlength=${200}
      hint=${t('aid.field.availabilityHint')} />
    <fieldset><legend>${t('aid.field.where')}</legend>
      <small>${t('aid.field.whereHint')}</small>
      <${Select} name="communeInsee" label=${t('field.commune')} value=${values.communeInsee} errors=${errors} options=${options.communes} />
      <${Field} name="postalCode" label=${t('field.postalCode')} value=${values.postalCode} errors=${errors} autocomplete="postal-code" />
      <${Field} name="locality" label=${t('field.locality')} value=${values.locality} errors=${errors} hint=${t('field.localityHint')} />
    </fieldset>
    <${Select} name="visibility" label=${t('aid.field.visibility')} value=${values.visibility || 'public'} errors=${errors} required
      options=${[['public', t('aid.visibility.public')], ['members', t('aid.visibility.members')]]} />
    <${Field} name="expiresAt" type="date" label=${t('aid.field.expiresAt')} value=${values.expiresAt} errors=${errors}
      hint=${t('aid.field.expiresAtHint', { days: defaultLifetimeDays.aid ?? 90 })} />
    ${!options.isEdit && options.publishers.length ? html`<${Select} name="organizerId" label=${t('aid.field.organizer')} value=${values.organizerId}
      errors=${errors} options=${options.publishers} />` : null}
    <button type="submit">${options.isEdit ? t('form.save') : t('aid.post')}</button>
  </form>`;
}

/** Form values of an entry, for its edit form. */
export function aidValues(entry: Element, timezone: string): FormValues {
  return {
    kind: entry.kind ?? '', category: entry.category ?? '', name: entry.name, description: entry.description, availability: entry.availability,
    communeInsee: entry.address.communeInsee ?? '', postalCode: entry.address.postalCode, locality: entry.address.locality,
    visibility: entry.visibility, expiresAt: entry.expiresAt ? localDay(entry.expiresAt, timezone) : '', version: String(entry.version),
  };
}

/** The calendar day of an instant in the box's time zone ("2027-03-01"), for a date input. */
const localDay = (iso: string, timeZone: string) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(iso));

export const expiryLine = (ctx: PageContext, entry: Element) =>
  entry.expiresAt ? formatDate(ctx.locale, entry.expiresAt, false, ctx.timezone) : '';
