// The Répertoire national des associations, "waldec" CSV as data.gouv.fr publishes it (one file per
// department, `;`-separated, usually Latin-1). Each association becomes an organization of kind
// association keyed by its RNA number; dissolved ones are not imported (and mark the one already here).
import { AppError } from '../../core/errors.ts';
import { readCsv } from '../read/csv.ts';
import type { ElementFormat, ImportItem, ReadContext } from '../model.ts';
import { cleanUrl, cutText, frenchDate, joinWords } from './clean.ts';

const required = ['id', 'titre', 'adrs_codeinsee', 'adrs_codepostal', 'adrs_libcommune', 'position'];
// Every column associationOf reads.
const readColumns = [...required, 'date_creat', 'date_disso', 'objet', 'adrs_numvoie', 'adrs_repetition', 'adrs_typevoie', 'adrs_libvoie', 'siteweb'];

// The street types the register abbreviates, written out as on an envelope.
const streetTypes: Record<string, string> = {
  AV: 'avenue', BD: 'boulevard', CHE: 'chemin', CHEM: 'chemin', IMP: 'impasse', PL: 'place', RTE: 'route', ALL: 'allée',
  QU: 'quai', QUAI: 'quai', CRS: 'cours', SQ: 'square', PASS: 'passage', LD: 'lieu-dit', HAM: 'hameau', RUE: 'rue', R: 'rue',
};

export const rnaFormat: ElementFormat = {
  id: 'rna',
  label: 'Répertoire national des associations (RNA, waldec CSV)',
  defaultSource: 'Répertoire national des associations (RNA), ministère de l’Intérieur',
  defaultLicence: 'Licence Ouverte 2.0',
  maxBytes: 1024 ** 3,
  recognizes: (name, head) => /rna|waldec/i.test(name) || /^\W*id;id_ex;siret;/i.test(head),
  read: readRna,
};

async function* readRna(context: ReadContext): AsyncIterable<ImportItem> {
  const rows = readCsv(context.stream, context.tally, ({ columns, delimiter }) => {
    const have = new Set(columns.map((column) => column.toLowerCase()));
    const missing = required.filter((column) => !have.has(column));
    if (missing.length > 0) {
      throw new AppError('validation', `This file is not an RNA register: it lacks the columns ${missing.join(', ')} `
        + `(read with "${delimiter === '\t' ? 'tab' : delimiter}" between values; found ${columns.slice(0, 6).join(', ') || 'no header'})`);
    }
    return readColumns;
  });
  for await (const row of rows) {
    if ('problem' in row) {
      yield { line: row.line, rejected: { reason: row.problem }, truncated: row.truncated };
      continue;
    }
    yield associationOf(row.line, row.values);
  }
}

function associationOf(line: number, row: Record<string, string>): ImportItem {
  const number = row.id.toUpperCase();
  if (!/^W[0-9A-Z]{9}$/.test(number)) return { line, rejected: { field: 'id', reason: `"${row.id}" is not an RNA number (W and 9 characters)` } };
  const key = `rna:${number}`;
  if (row.position?.toUpperCase() === 'D' || frenchDate(row.date_disso)) return { line, key, skipped: 'dissolved', insee: row.adrs_codeinsee };
  const name = row.titre;
  if (!name) return { line, key, rejected: { field: 'titre', reason: 'The association has no name (titre)' } };
  const purpose = row.objet ?? '';
  const shortDescription = cutText(purpose, 280);
  const created = frenchDate(row.date_creat);
  return {
    line, key,
    fields: {
      type: 'organization', kind: 'association', name: cutText(name, 120),
      shortDescription,
      // The page shows the short description above the description: the purpose is repeated there only
      // when the short one had to cut it.
      description: [shortDescription === purpose ? '' : purpose, created ? `Déclarée le ${created.split('-').reverse().join('/')} (RNA ${number}).` : `RNA ${number}.`]
        .filter(Boolean).join('\n\n'),
      street: joinWords(row.adrs_numvoie, row.adrs_repetition, streetTypes[row.adrs_typevoie?.toUpperCase() ?? ''] ?? row.adrs_typevoie, row.adrs_libvoie),
      postalCode: /^\d{5}$/.test(row.adrs_codepostal) ? row.adrs_codepostal : '',
      communeInsee: row.adrs_codeinsee || undefined,
      locality: row.adrs_libcommune,
      url: cleanUrl(row.siteweb),
      tags: ['association'],
    },
  };
}
