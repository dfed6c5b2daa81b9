// Every format the box imports, and how a file on a stick is recognised as one of them.
import { AppError } from '../../core/errors.ts';
import type { ElementFormat, FormatId } from '../model.ts';
import { rnaFormat } from './rna.ts';

export const elementFormats: ElementFormat[] = [rnaFormat];

export function formatById(id: string): ElementFormat {
  const format = elementFormats.find((candidate) => candidate.id === id);
  if (!format) throw new AppError('validation', `Unknown format "${id}": choose one of ${elementFormats.map((f) => f.id).join(', ')}`, 'format');
  return format;
}

/** The format a file most likely is, from its name and first bytes; null when none recognises it. */
export function recognizeFormat(name: string, head: string): FormatId | null {
  return elementFormats.find((format) => format.recognizes(name, head))?.id ?? null;
}
