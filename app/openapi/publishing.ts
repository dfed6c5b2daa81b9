// What the box publishes for the outside: network maps (with their embeds) and one-page sites.
import { mapSchema } from '../netmaps/model.ts';
import { json, responses, tagged, textParam, type Paths } from './describe.ts';

const mapKey = [textParam('key', "The map's id or slug")];

export const publishingPaths = (): Paths => ({
  ...tagged('Network maps', {
    '/api/v1/maps': {
      get: { summary: 'Every network map of the box, with its page and embed addresses', responses: responses('{ items }') },
      post: { summary: 'Make a map of the public elements of some types, tags and zones (signed in)', requestBody: json(mapSchema), responses: responses('Map', '201') },
    },
    '/api/v1/maps/{key}': {
      get: { summary: 'A map with its public elements (points, and whether there are more) and whether I may edit it', parameters: mapKey, responses: responses('Map with { points, more, canEdit }') },
      patch: { summary: 'Change a map; fields left out keep their value (its maker or a box admin)', parameters: mapKey, requestBody: json(mapSchema.partial()), responses: responses('Map') },
      delete: { summary: 'Delete a map (its maker or a box admin)', parameters: mapKey, responses: responses('Deleted', '204') },
    },
  }),
  ...tagged('One-page sites', {
    '/api/v1/onepages/{slug}': {
      get: { summary: "What a published site shows, as anyone sees it (its element's admins also get an unpublished one, as a preview)",
        parameters: [textParam('slug', "The site's address, /p/{slug}")], responses: responses('{ slug, url, layout, colour, published, sections, updatedAt, preview, element, news, events, members }') },
    },
  }),
});
