// The post form's fields as the post actions' input, and back as the values a form shows again.
import type { Element } from '../elements/model.ts';

export type FormValues = Record<string, string>;

const checkedZones = (form: FormValues) => Object.keys(form).filter((key) => key.startsWith('zone:')).map((key) => key.slice(5));

/** Form fields as API input: zones from their checkboxes, "post as" as the wall's id. */
export function postInput(form: FormValues, wall?: Element, fileIds?: string[]): Record<string, unknown> {
  return {
    body: form.body ?? '', audience: form.audience ?? '', tags: form.tags ?? '', zones: checkedZones(form),
    ...(wall && form.asElement === 'on' ? { asElementId: wall.id } : {}),
    ...(fileIds ? { fileIds } : {}),
  };
}

/** What was typed, to show the form again after an error. */
export const keptValues = (form: FormValues): FormValues => ({ ...form, zones: checkedZones(form).join(',') });
