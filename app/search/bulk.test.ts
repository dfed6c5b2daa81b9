// Elements written in bulk are found by search exactly as if each had been indexed by its own write.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transaction } from '../core/db/database.ts';
import { findElement, insertElement, tombstoneElement, updateElementRow, type ElementRecord } from '../elements/storage.ts';
import { createTestBox, type TestBox } from '../testing/test-box.ts';
import { withBulkIndexing } from './bulk.ts';
import { search } from './search.ts';

let box: TestBox;
beforeAll(() => {
  box = createTestBox();
});
afterAll(() => box.close());

const record = (slug: string, name: string): ElementRecord => ({
  type: 'organization', kind: 'association', slug, name, shortDescription: '', description: `${name}, une association du village`, tags: [],
  street: '', postalCode: '', communeInsee: null, locality: 'Chabeuil', lat: null, lon: null, visibility: 'public', contactEmail: '',
  contactPhone: '', url: '', stage: null, startsAt: null, endsAt: null, allDay: false, parentId: null,
});
const insert = (slug: string, name: string) => insertElement(box.deps.db, box.deps.box.boxId, record(slug, name), null);
const rename = (id: string, name: string) => {
  const element = findElement(box.deps.db, id)!;
  expect(updateElementRow(box.deps.db, id, { ...record(element.slug, name) }, element.version)).toBe(true);
};
const found = (words: string) => search(box.deps.db, null, { q: words, offset: 0, limit: 50 }).items.map((item) => item.name).sort();
const deferredFlags = () => box.deps.db.prepare('SELECT count(*) AS n FROM search_deferred').get();

describe('bulk indexing', () => {
  it('indexes the rows a bulk write inserted, renamed or deleted as they stand when it ends', () => {
    const before = insert('fanfare', 'Fanfare de Chabeuil');
    transaction(box.deps.db, () => withBulkIndexing(box.deps.db, () => {
      const choir = insert('chorale', 'Chorale des Tilleuls');
      const cycling = insert('velo', 'Atelier vélo');
      insert('theatre', 'Troupe de théâtre');
      rename(choir, 'Chorale du Lavoir');
      tombstoneElement(box.deps.db, cycling);
      rename(before, 'Harmonie de Chabeuil');
    }));
    expect(found('chorale')).toEqual(['Chorale du Lavoir']);
    expect(found('tilleuls')).toEqual([]);
    expect(found('atelier')).toEqual([]);
    expect(found('troupe')).toEqual(['Troupe de théâtre']);
    expect(found('harmonie')).toEqual(['Harmonie de Chabeuil']);
    expect(found('fanfare')).toEqual([]);
    expect(deferredFlags()).toEqual({ n: 0 });
  });

  it('leaves nothing behind when the bulk write fails, and later writes are indexed one by one again', () => {
    expect(() => transaction(box.deps.db, () => withBulkIndexing(box.deps.db, () => {
      insert('kermesse', 'Kermesse annuelle');
      throw new Error('the file ended early');
    }))).toThrow('the file ended early');
    expect(found('kermesse')).toEqual([]);
    expect(deferredFlags()).toEqual({ n: 0 });
    transaction(box.deps.db, () => insert('brocante', 'Brocante du printemps'));
    expect(found('brocante')).toEqual(['Brocante du printemps']);
  });

  it('refuses to run outside a transaction', () => {
    expect(() => withBulkIndexing(box.deps.db, () => insert('loto', 'Loto'))).toThrow('inside a transaction');
  });
});
