// One format's module, loaded when an import job needs it. A job reads or commits one format; loading them
// all (the agenda's iCalendar stack, the tile builder, the JSON stream parser, the map server's routes)
// was half of a job process's start: 0.30 → 0.06 s for a commit here, several times that on a Pi.
import type { Format, FormatId } from '../model.ts';

const modules: Record<FormatId, () => Promise<Format>> = {
  rna: async () => (await import('./rna.ts')).rnaFormat,
  scdl: async () => (await import('./scdl.ts')).scdlFormat,
  communecter: async () => (await import('./communecter.ts')).communecterFormat,
  ics: async () => (await import('./ics.ts')).icsFormat,
  pmtiles: async () => (await import('./pmtiles.ts')).pmtilesFormat,
  outlines: async () => (await import('./outlines.ts')).outlinesFormat,
  geojson: async () => (await import('./geojson-points.ts')).pointsFormat,
  csv: async () => (await import('./csv-mapped.ts')).csvFormat,
};

/** The format of this id; the id comes from an import the box already checked (formatById says why one is unknown). */
export async function loadFormat(id: string): Promise<Format> {
  const load = modules[id as FormatId];
  if (!load) throw new Error(`No import format "${id}"`);
  return load();
}
