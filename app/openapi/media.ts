// Media libraries of elements (folders of files) and their useful links.
import { listQuerySchema, moveSchema, usefulLinkPatchSchema, usefulLinkSchema } from '../media/model.ts';
import { id, json, multipart, queryOf, responses, tagged, uuidParam, type Paths } from './describe.ts';

export const mediaPaths = (): Paths => tagged('Media libraries', {
  '/api/v1/elements/{id}/media': {
    get: { summary: "One folder of the element's media library: its files and sub-folders", parameters: [...id, ...queryOf(listQuerySchema)], responses: responses('{ folder, folders, items }') },
    post: { summary: 'Upload files into the library (its members), streamed; images are re-encoded without metadata (no GPS position)', parameters: id,
      requestBody: multipart({ folder: 'Folder the files go to, e.g. "Salles/Grande salle" (before the files)' }), responses: responses('{ items }', '201') },
  },
  '/api/v1/elements/{id}/media/{fileId}': {
    patch: { summary: "Move a file to another folder (the element's admins or who added it)", parameters: [...id, uuidParam('fileId')], requestBody: json(moveSchema), responses: responses('The file') },
    delete: { summary: "Delete a file (the element's admins or who added it)", parameters: [...id, uuidParam('fileId')], responses: responses('Deleted', '204') },
  },
  '/api/v1/media/usage': { get: { summary: 'Storage used by all files of the box, and its quota (box admin)', responses: responses('{ used, quota }') } },
  '/api/v1/elements/{id}/useful-links': {
    get: { summary: 'Useful links of an element', parameters: id, responses: responses('{ items }') },
    post: { summary: 'Add a useful link (its admins)', parameters: id, requestBody: json(usefulLinkSchema), responses: responses('Link', '201') },
  },
  '/api/v1/elements/{id}/useful-links/{linkId}': {
    patch: { summary: 'Edit a useful link (its admins)', parameters: [...id, uuidParam('linkId')], requestBody: json(usefulLinkPatchSchema), responses: responses('Link') },
    delete: { summary: 'Remove a useful link (its admins)', parameters: [...id, uuidParam('linkId')], responses: responses('Removed', '204') },
  },
});
