// Every format the box imports, and how a file on a stick is recognised as one of them.
import { AppError } from '../../core/errors.ts';
import type { Format, FormatId } from '../model.ts';
import { rnaFormat } from './rna.ts';

export const formats: Format[] = [rnaFormat];

export function formatById(id: string): Format {
  const format = formats.find((candidate) => candidate.id === id);
  if (!format) throw new AppError('validation', `Unknown format "${id}": choose one of ${formats.map((f) => f.id).join(', ')}`, 'format');
  return format;
}

/** The format a file most likely is, from its name and first bytes; null when none recognises it. */
export function recognizeFormat(name: string, head: string): FormatId | null {
  return formats.find((format) => format.recognizes(name, head))?.id ?? null;
}
