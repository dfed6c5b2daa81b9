// What the admin asked for, from a form, the API or the command line, turned into a staging task: the
// format (chosen, or recognised from the file), the source and licence (typed, or from the stick's
// manifest, or the format's own), and the options of formats that need them (a CSV's mapping, an agenda's organizer).
import { z } from 'zod';
import type { Db } from '../core/db/database.ts';
import { AppError } from '../core/errors.ts';
import { parse } from '../core/validation.ts';
import { findElement, findElementBySlug } from '../elements/storage.ts';
import { formatById, formats } from './formats/index.ts';
import type { ImportOptions, ImportSummary } from './model.ts';
import type { ImportFile } from './read/file.ts';
import { recognizeFile } from './recognize.ts';
import type { StageTask } from './jobs.ts';
import { optionsOf, type ManifestEntry } from './manifest.ts';

export const importOptionsSchema = z.object({
  mapping: z.record(z.string().max(200), z.string().max(60)).optional(),
  type: z.string().max(40).optional(),
  organizerId: z.string().max(80).optional(),
}).strict();

/** The choices sent with a file (form fields, API body, command-line flags); empty means "not given". */
export const importChoicesSchema = z.object({
  format: z.string().max(40).optional(),
  source: z.string().max(300).optional(),
  licence: z.string().max(200).optional(),
  publishedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Write the date as YYYY-MM-DD').optional(),
  options: importOptionsSchema.optional(),
});
export type ImportChoices = z.infer<typeof importChoicesSchema>;

/** The format the admin chose, else the manifest's, else the one the file looks like. */
export function formatOf(file: ImportFile, chosen: string | undefined, manifest: ManifestEntry | null = null): string {
  const id = chosen?.trim() || manifest?.format || recognizeFile(file.path, file.name);
  if (!id) {
    throw new AppError('validation', `The box does not recognise the format of ${file.name}: choose one of ${formats.map((format) => format.id).join(', ')}`, 'format');
  }
  return formatById(id).id;
}

/** The staging task of a file with these choices, checked (the organizer exists, the mapping is for a CSV...). */
export function stageTaskOf(db: Db, request: {
  file: ImportFile; origin: ImportSummary['origin']; choices: ImportChoices; manifest?: ManifestEntry | null; createdBy: string | null;
}): Omit<StageTask, 'kind'> {
  const { choices, manifest = null } = request;
  const formatId = formatOf(request.file, choices.format, manifest);
  const options: ImportOptions = { ...optionsOf(manifest), ...withoutEmpty(choices.options ?? {}) };
  if (options.organizerId) options.organizerId = organizerIdOf(db, options.organizerId);
  if (formatId === 'ics' && !options.organizerId) {
    throw new AppError('validation', 'Choose the organization (or project, or place) whose agenda receives these events', 'organizerId');
  }
  return {
    file: request.file, formatId, origin: request.origin, createdBy: request.createdBy,
    source: choices.source?.trim() || manifest?.source, licence: choices.licence?.trim() || manifest?.licence,
    publishedOn: choices.publishedOn || manifest?.date || null, options,
  };
}

/** An organizer named by its id or the address of its page (/e/<slug>). */
function organizerIdOf(db: Db, value: string): string {
  const slug = value.trim().replace(/^.*\/e\//, '').replace(/\/.*$/, '');
  const element = findElement(db, value.trim()) ?? findElementBySlug(db, slug);
  if (!element) throw new AppError('validation', `No element "${value}" on this box: give the address of its page or its id`, 'organizerId');
  return element.id;
}

function withoutEmpty(options: ImportOptions): ImportOptions {
  const mapping = options.mapping ? Object.fromEntries(Object.entries(options.mapping).filter(([, field]) => field)) : undefined;
  return {
    ...(mapping && Object.keys(mapping).length ? { mapping } : {}),
    ...(options.type ? { type: options.type } : {}),
    ...(options.organizerId ? { organizerId: options.organizerId } : {}),
  };
}

/** Form fields (format, source, licence, publishedOn, type, organizerId, map.<column>) as choices. */
export function choicesOfForm(form: Record<string, string>, locale: 'fr' | 'en' | 'de' = 'en'): ImportChoices {
  const mapping = Object.fromEntries(Object.entries(form).filter(([key]) => key.startsWith('map.')).map(([key, field]) => [key.slice(4), field]));
  const given = (value: string | undefined) => (value?.trim() ? value.trim() : undefined);
  return parse(importChoicesSchema, {
    format: given(form.format), source: given(form.source), licence: given(form.licence), publishedOn: given(form.publishedOn),
    options: { mapping: Object.keys(mapping).length ? mapping : undefined, type: given(form.type), organizerId: given(form.organizerId) },
  }, locale);
}
