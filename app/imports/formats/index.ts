// Every format the box imports, and how a file on a stick is recognised as one of them.
import { AppError } from '../../core/errors.ts';
import type { Format, FormatId } from '../model.ts';
import { rnaFormat } from './rna.ts';
import { communecterFormat } from './communecter.ts';
import { icsFormat } from './ics.ts';
import { pmtilesFormat } from './pmtiles.ts';
import { scdlFormat } from './scdl.ts';
import { csvFormat } from './csv-mapped.ts';
import { pointsFormat } from './geojson-points.ts';
import { outlinesFormat } from './outlines.ts';

// Recognition goes in this order: the generic CSV takes any .csv, so it comes last; outlines before points.
export const formats: Format[] = [rnaFormat, scdlFormat, communecterFormat, icsFormat, pmtilesFormat, outlinesFormat, pointsFormat, csvFormat];

export function formatById(id: string): Format {
  const format = formats.find((candidate) => candidate.id === id);
  if (!format) throw new AppError('validation', `Unknown format "${id}": choose one of ${formats.map((f) => f.id).join(', ')}`, 'format');
  return format;
}

/** The format a file most likely is, from its name and first bytes; null when none recognises it. */
export function recognizeFormat(name: string, head: string): FormatId | null {
  return formats.find((format) => format.recognizes(name, head))?.id ?? null;
}
