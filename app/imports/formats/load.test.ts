import { describe, expect, it } from 'vitest';
import { formatIds } from '../model.ts';
import { formats } from './index.ts';
import { loadFormat } from './load.ts';

describe('loading one format for an import job', () => {
  it('loads every format the box offers, by its id, as the admin pages know it', async () => {
    expect(formats.map((format) => format.id).sort()).toEqual([...formatIds].sort());
    for (const format of formats) expect(await loadFormat(format.id)).toBe(format);
  });

  it('refuses an id no format has', async () => {
    await expect(loadFormat('xlsx')).rejects.toThrow('No import format "xlsx"');
  });
});
