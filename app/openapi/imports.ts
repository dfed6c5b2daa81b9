// Imports of open data files (box admins): an upload or a file on a USB stick is read in the background,
// previewed row by row, committed in one go, and can be undone as a whole.
import { rowsQuerySchema, stickImportSchema } from '../imports/api.ts';
import { id, json, queryOf, responses, tagged, type Paths } from './describe.ts';

const upload = {
  required: true,
  content: {
    'multipart/form-data': {
      schema: {
        type: 'object', required: ['file'],
        properties: {
          format: { type: 'string', description: 'rna, scdl, csv, geojson, communecter, ics, outlines, pmtiles; recognised from the file when left out' },
          source: { type: 'string', description: 'Who published the data (shown on each element)' },
          licence: { type: 'string' },
          publishedOn: { type: 'string', format: 'date', description: 'The data as of this date' },
          options: { type: 'string', description: 'JSON: { "mapping": { "<column>": "<field>" }, "type": "poi", "organizerId": "<element id>" }' },
          file: { type: 'string', format: 'binary', description: 'The file, after the other fields' },
        },
      },
    },
    'application/json': { schema: json(stickImportSchema).content['application/json'].schema },
  },
};

export const importsPaths = (): Paths => tagged('Imports', {
  '/api/v1/imports': {
    get: { summary: 'The imports of the box, newest first, with the running job’s progress (box admins)', responses: responses('{ items }') },
    post: {
      summary: 'Start an import: a multipart upload, or JSON { stick, path } for a file on a USB stick; read in the background (one import at a time: 409 while one runs)',
      requestBody: upload, responses: responses('{ id }', '202'),
    },
  },
  '/api/v1/imports/sticks': {
    get: { summary: 'Files found in the copi/ folder of each USB stick, with their format and manifest data (box admins)', responses: responses('{ sticks }') },
  },
  '/api/v1/imports/{id}': {
    get: { summary: 'An import: status, counts, warnings, and the progress of its running job (running: { step, fraction })', parameters: id, responses: responses('The import') },
  },
  '/api/v1/imports/{id}/rows': {
    get: { summary: 'Staged rows of one action (new, update, unchanged, rejected with field and reason, vanished)', parameters: [...id, ...queryOf(rowsQuerySchema)], responses: responses('{ items, offset, limit }') },
  },
  '/api/v1/imports/{id}/report': {
    get: { summary: 'The import’s report: counts, warnings, rejected lines, fields kept because edited on the box, vanished elements', parameters: id, responses: responses('The report') },
  },
  '/api/v1/imports/{id}/commit': {
    post: { summary: 'Commit a staged import, in the background (all or nothing); a failure is shown as commitError', parameters: id, responses: responses('The import', '202') },
  },
  '/api/v1/imports/{id}/undo': {
    post: { summary: 'Undo a committed import while it is the latest change to its elements (409 names those changed since)', parameters: id, responses: responses('The import') },
  },
  '/api/v1/imports/{id}/discard': {
    post: { summary: 'Discard a staged or failed import (nothing live was written)', parameters: id, responses: responses('The import') },
  },
});
