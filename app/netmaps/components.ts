// Pieces of the network map pages: the form, the legend, the map itself and the list of its elements
// (which is the whole map for a visitor without JavaScript).
import type { MessageKey } from '../core/i18n/index.ts';
import { html } from '../web/html.ts';
import { Csrf, Field, FormErrorSummary, type FieldErrors, type PageContext } from '../web/layout.ts';
import type { ZoneChoice } from '../posts/zones.ts';
import { defaultColours, mapTypes, type MapInput, type MapPoint, type MapType, type NetworkMap } from './model.ts';

export type MapFormValues = Record<string, string>;

const plural = (ctx: PageContext, type: string) => ctx.t(`type.${type}.plural` as MessageKey);

/** A stored map as form fields (checkbox `type:<t>`, `zone:<id>`, colour `colour:<t>`). */
export function valuesOfMap(map: NetworkMap): MapFormValues {
  return {
    title: map.title, description: map.description, slug: map.slug, tags: map.tags.join(', '),
    ...Object.fromEntries(map.types.map((type) => [`type:${type}`, 'on'])),
    ...Object.fromEntries(map.zones.map((zone) => [`zone:${zone}`, 'on'])),
    ...Object.fromEntries(Object.entries(map.colours).map(([type, colour]) => [`colour:${type}`, colour])),
  };
}

/** The form's fields as the schema's input: checked types and zones, the colours of the checked types. */
export function inputOfForm(fields: MapFormValues): Partial<Record<keyof MapInput, unknown>> {
  const types = mapTypes.filter((type) => fields[`type:${type}`]);
  const prefixed = (prefix: string) => Object.keys(fields).filter((key) => key.startsWith(prefix)).map((key) => key.slice(prefix.length));
  return {
    title: fields.title ?? '', description: fields.description ?? '', slug: fields.slug ?? '', types, tags: fields.tags ?? '',
    zones: prefixed('zone:'),
    colours: Object.fromEntries(types.filter((type) => fields[`colour:${type}`]).map((type) => [type, fields[`colour:${type}`]])),
  };
}

export function MapForm({ ctx, action, values, errors, zones, isEdit }: {
  ctx: PageContext; action: string; values: MapFormValues; errors?: FieldErrors; zones: ZoneChoice[]; isEdit: boolean;
}) {
  const { t } = ctx;
  const errorOf = (prefix: string) => Object.entries(errors ?? {}).find(([field]) => field === prefix || field.startsWith(`${prefix}.`))?.[1];
  const typesError = errorOf('types');
  const zonesError = errorOf('zones');
  const coloursError = errorOf('colours');
  return html`<form method="post" action=${action} class="netmap-form">
    <${Csrf} ctx=${ctx} />
    <${FormErrorSummary} ctx=${ctx} errors=${errors} />
    <${Field} name="title" label=${t('netmap.form.title')} value=${values.title} errors=${errors} required maxlength=${120} />
    <${Field} name="description" label=${t('netmap.form.description')} value=${values.description} errors=${errors} textarea maxlength=${2000} />
    <fieldset class=${typesError || coloursError ? 'field invalid' : 'field'}>
      <legend>${t('netmap.form.types')} *</legend>
      <p><small>${t('netmap.form.typesHint')}</small></p>
      ${mapTypes.map((type) => html`<div class="netmap-type">
        <label class="check"><input type="checkbox" name=${`type:${type}`} checked=${Boolean(values[`type:${type}`])} /> ${plural(ctx, type)}</label>
        <label class="netmap-colour">${t('netmap.form.colour')}
          <input type="color" name=${`colour:${type}`} value=${values[`colour:${type}`] ?? defaultColours[type]} aria-label=${t('netmap.form.colourOf', { type: plural(ctx, type) })} /></label>
      </div>`)}
      ${typesError ? html`<p class="error">${typesError}</p>` : null}
      ${coloursError ? html`<p class="error">${coloursError}</p>` : null}
    </fieldset>
    <${Field} name="tags" label=${t('netmap.form.tags')} value=${values.tags} errors=${errors} hint=${t('netmap.form.tagsHint')} />
    <fieldset class=${zonesError ? 'field invalid' : 'field'}>
      <legend>${t('netmap.form.zones')}</legend>
      <p><small>${t('netmap.form.zonesHint')}</small></p>
      ${(['dep', 'epci', 'custom', 'commune'] as const).map((level) => {
        const choices = zones.filter((zone) => zone.level === level);
        return choices.length ? html`<details open=${level !== 'commune' || choices.some((zone) => values[`zone:${zone.id}`]) || undefined}>
          <summary>${t(`zone.level.${level}`)}</summary>
          ${choices.map((zone) => html`<label class="check"><input type="checkbox" name=${`zone:${zone.id}`} checked=${Boolean(values[`zone:${zone.id}`])} /> ${zone.name}</label>`)}
        </details>` : null;
      })}
      ${zonesError ? html`<p class="error">${zonesError}</p>` : null}
    </fieldset>
    <${Field} name="slug" label=${t('netmap.form.slug')} value=${values.slug} errors=${errors} hint=${t('netmap.form.slugHint')} maxlength=${60} />
    <button>${isEdit ? t('netmap.form.save') : t('netmap.form.create')}</button>
  </form>`;
}

/** The colours of a map as CSS custom properties: the legend (and copi.css's .marker-*) read them. */
export const colourStyle = (colours: Record<string, string>) =>
  Object.entries(colours).map(([type, colour]) => `--type-${type}: ${colour}`).join('; ');

export function Legend({ ctx, map, colours }: { ctx: PageContext; map: NetworkMap; colours: Record<string, string> }) {
  return html`<ul class="map-legend" aria-label=${ctx.t('netmap.legend')} style=${colourStyle(colours)}>
    ${map.types.map((type) => html`<li class=${`marker-${type}`}>${plural(ctx, type)}</li>`)}
  </ul>`;
}

/** What the island draws: compact points (type as an index into `types`). */
export function islandData(map: NetworkMap, points: MapPoint[], colours: Record<string, string>, bounds: unknown, newTab: boolean) {
  const index = new Map<MapType, number>(map.types.map((type, i) => [type, i]));
  return JSON.stringify({
    types: map.types, colours, bounds, newTab,
    points: points.map((point) => [Math.round(point.lat * 1e5) / 1e5, Math.round(point.lon * 1e5) / 1e5, index.get(point.type) ?? 0, point.name, point.slug]),
  });
}

/** The map's elements grouped by type, as links: the map without JavaScript. */
export function PointList({ ctx, map, points, newTab = false }: { ctx: PageContext; map: NetworkMap; points: MapPoint[]; newTab?: boolean }) {
  if (points.length === 0) return html`<p class="empty">${ctx.t('netmap.empty')}</p>`;
  return html`${map.types.map((type) => {
    const ofType = points.filter((point) => point.type === type);
    return ofType.length ? html`<section class="netmap-group">
      <h3 class=${`marker-${type}`}>${plural(ctx, type)} (${ofType.length})</h3>
      <ul>${ofType.map((point) => html`<li><a href=${`/e/${point.slug}`} target=${newTab ? '_blank' : undefined} rel=${newTab ? 'noopener' : undefined}>${point.name}</a></li>`)}</ul>
    </section>` : null;
  })}`;
}
