// The event part of the element form: time zone, recurrence (friendly choices or a raw rule), capacity.
import { html } from '../web/html.ts';
import { Field, Select, type FieldErrors, type PageContext } from '../web/layout.ts';
import type { MessageKey } from '../core/i18n/index.ts';
import type { Element } from '../elements/model.ts';
import { recurrenceFormValues, repeatChoices, weekdays } from './recurrence-form.ts';
import { instantToLocal } from './local-time.ts';

/** A weekday's short name in the visitor's language (1 January 2024 was a Monday). */
const weekdayName = (locale: string, index: number) =>
  new Intl.DateTimeFormat(locale, { weekday: 'short', timeZone: 'UTC' }).format(new Date(Date.UTC(2024, 0, 1 + index)));

/** Form values of an event's own fields, its dates shown in its time zone. */
export function eventFormValues(element: Element, boxTimezone: string): Record<string, string> {
  const timezone = element.timezone ?? boxTimezone;
  return {
    timezone: element.timezone ?? '', capacity: element.capacity === null ? '' : String(element.capacity),
    ...(element.startsAt ? { startsAt: instantToLocal(element.startsAt, timezone) } : {}),
    ...(element.endsAt ? { endsAt: instantToLocal(element.endsAt, timezone) } : {}),
    ...recurrenceFormValues(element.rrule, timezone),
  };
}

export function EventFields({ ctx, values, errors, boxTimezone }: { ctx: PageContext; values: Record<string, string>; errors?: FieldErrors; boxTimezone: string }) {
  const { t } = ctx;
  const repeat = values.repeat || (values.rrule ? 'custom' : 'none');
  const radio = (name: string, value: string, label: string, checked: boolean) =>
    html`<label class="inline"><input type="radio" name=${name} value=${value} checked=${checked} /> ${label}</label> `;
  return html`
    <${Field} name="timezone" label=${t('field.timezone')} value=${values.timezone} errors=${errors} hint=${t('field.timezoneHint', { zone: boxTimezone })} />
    <fieldset class="repeat"><legend>${t('field.repeat')}</legend>
      <${Select} name="repeat" label=${t('field.repeatEvery')} value=${repeat} errors=${errors} required
        options=${repeatChoices.map((choice) => [choice, t(`repeat.${choice}` as MessageKey)])} />
      <p><span>${t('repeat.weeklyOn')}</span>
        ${weekdays.map((day, index) => html`<label class="inline"><input type="checkbox" name=${`repeat${day}`} checked=${values[`repeat${day}`] === 'on'} /> ${weekdayName(ctx.locale, index)}</label> `)}</p>
      <p><span>${t('repeat.monthlyOn')}</span>
        ${radio('repeatMonthly', 'weekday', t('repeat.monthlyWeekday'), values.repeatMonthly !== 'day')}
        ${radio('repeatMonthly', 'day', t('repeat.monthlyDay'), values.repeatMonthly === 'day')}</p>
      <p><span>${t('repeat.ends')}</span>
        ${radio('repeatEnd', 'never', t('repeat.never'), !values.repeatEnd || values.repeatEnd === 'never')}
        ${radio('repeatEnd', 'until', t('repeat.until'), values.repeatEnd === 'until')}
        ${radio('repeatEnd', 'count', t('repeat.count'), values.repeatEnd === 'count')}</p>
      <${Field} name="repeatUntil" type="date" label=${t('field.repeatUntil')} value=${values.repeatUntil} errors=${errors} />
      <${Field} name="repeatCount" type="number" label=${t('field.repeatCount')} value=${values.repeatCount} errors=${errors} />
      <${Field} name="rrule" label=${t('field.rrule')} value=${values.rrule} errors=${errors} hint=${t('field.rruleHint')} />
    </fieldset>
    <${Field} name="capacity" type="number" label=${t('field.capacity')} value=${values.capacity} errors=${errors} hint=${t('field.capacityHint')} />`;
}
