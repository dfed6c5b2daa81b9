// Test helpers for imports: large generated registers, written in a test's temp folder.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const fixture = (name: string) => join(import.meta.dirname, 'fixtures', name);

const communes = [['26114', '26220', 'Dieulefit'], ['26056', '26460', 'Bourdeaux'], ['26101', '26220', 'Comps'], ['26003', '26770', 'Aleyrac']];

/** An RNA register (UTF-8) of `rows` associations spread over communes of the demo territory. */
export function writeRnaFile(path: string, rows: number): void {
  const header = readFileSync(fixture('rna-waldec-26-utf8.csv'), 'utf8').split('\n')[0].trim();
  const lines = [header];
  for (let i = 0; i < rows; i++) {
    const [insee, postal, name] = communes[i % communes.length];
    const number = `W26${String(i).padStart(7, '0')}`;
    lines.push([number, '', '', '', '', '2001-02-03', '', '', '0001-01-01', '', '', `Association numéro ${i} de ${name}`, '',
      'Faire vivre le village', '', '', '', String(1 + (i % 90)), '', 'RUE', 'de la Mairie', '', insee, postal, name,
      '', '', '', '', '', '', '', '', '', '', '', '', 'A', ''].join(';'));
  }
  writeFileSync(path, `${lines.join('\r\n')}\r\n`);
}
