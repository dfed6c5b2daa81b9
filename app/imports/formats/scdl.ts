// The public facilities a collectivity publishes in the SCDL "équipements publics" schema
// (schema.data.gouv.fr/scdl/equipements): one CSV line per facility, keyed by EQUIP_UID, with its position in
// degrees. Each becomes a place of the kind its type names (a media library, a recycling centre, a car park).
import { AppError } from '../../core/errors.ts';
import { readCsv } from '../read/csv.ts';
import type { ElementFormat, ImportItem, ReadContext } from '../model.ts';
import { cleanEmail, cleanPhone, cleanTag, cleanUrl, cutText, frenchNumber, joinWords } from './clean.ts';
import { kindOf, positionProblem } from './csv-mapped.ts';

const required = ['EQUIP_UID', 'EQUIP_NOM', 'EQUIP_TYPE', 'ADR_CODEPOSTAL', 'ADR_COMMUNE', 'EQUIP_LAT', 'EQUIP_LONG'];

export const scdlFormat: ElementFormat = {
  id: 'scdl',
  label: 'SCDL public facilities (équipements publics CSV)',
  defaultSource: 'Équipements publics de la collectivité (SCDL)',
  defaultLicence: 'Licence Ouverte 2.0',
  maxBytes: 256 * 1024 ** 2,
  recognizes: (_name, head) => /\bequip_uid\b/i.test(head.split('\n')[0] ?? ''),
  read: readScdl,
};

async function* readScdl(context: ReadContext): AsyncIterable<ImportItem> {
  const rows = readCsv(context.stream, context.tally, ({ columns, delimiter }) => {
    const have = new Set(columns.map((column) => column.toUpperCase()));
    const missing = required.filter((column) => !have.has(column));
    if (missing.length > 0) {
      throw new AppError('validation', `This file is not an SCDL list of public facilities: it lacks the columns ${missing.join(', ')} `
        + `(read with "${delimiter === '\t' ? 'tab' : delimiter}" between values; found ${columns.slice(0, 6).join(', ') || 'no header'})`);
    }
  });
  for await (const row of rows) {
    if ('problem' in row) {
      yield { line: row.line, rejected: { reason: row.problem }, truncated: row.truncated };
      continue;
    }
    yield facilityOf(row.line, row.values);
  }
}

function facilityOf(line: number, row: Record<string, string>): ImportItem {
  const uid = row.equip_uid;
  if (!uid) return { line, rejected: { field: 'EQUIP_UID', reason: 'The facility has no identifier (EQUIP_UID)' } };
  const key = `scdl:${uid}`;
  const name = row.equip_nom;
  if (!name) return { line, key, rejected: { field: 'EQUIP_NOM', reason: 'The facility has no name (EQUIP_NOM)' } };

  const position = positionOf(row);
  if ('problem' in position) return { line, key, rejected: { field: position.field, reason: position.problem } };

  const type = row.equip_type ?? '';
  const theme = row.equip_theme ?? '';
  const opening = row.equip_ouverture ?? '';
  const owner = row.coll_nom ?? '';
  return {
    line, key,
    fields: {
      type: 'poi', kind: kindOf('poi', type, theme) ?? 'place', name: cutText(name, 120),
      shortDescription: cutText(joinWords(type, owner ? `(${owner})` : ''), 280),
      description: [opening ? `Horaires : ${opening}` : '', owner ? `Équipement de ${owner}.` : ''].filter(Boolean).join('\n\n'),
      tags: [...new Set([theme, type].map(cleanTag).filter(Boolean))],
      street: joinWords(row.adr_numero, row.adr_nomvoie),
      postalCode: /^\d{5}$/.test(row.adr_codepostal) ? row.adr_codepostal : '',
      locality: row.adr_commune ?? '',
      ...position,
      url: cleanUrl(row.equip_web),
      contactEmail: cleanEmail(row.equip_email),
      contactPhone: cleanPhone(row.equip_tel),
    },
  };
}

/** The facility's position in degrees, none when both columns are empty, or why it cannot be used. */
function positionOf(row: Record<string, string>): { lat?: number; lon?: number } | { field: string; problem: string } {
  if (!row.equip_lat && !row.equip_long) return {};
  const lat = frenchNumber(row.equip_lat);
  const lon = frenchNumber(row.equip_long);
  if (lat === undefined) return { field: 'EQUIP_LAT', problem: `"${row.equip_lat}" is not a latitude (EQUIP_LAT)` };
  if (lon === undefined) return { field: 'EQUIP_LONG', problem: `"${row.equip_long}" is not a longitude (EQUIP_LONG)` };
  const problem = positionProblem(lat, lon);
  return problem ? { field: 'EQUIP_LAT', problem } : { lat, lon };
}
