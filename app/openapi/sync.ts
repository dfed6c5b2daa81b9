// Federation (box admins): this box's identity for peering, its peer boxes, sync now. The box-to-box
// endpoints (/sync/v1, /search/v1) are described in app/sync/PROTOCOL.md, not here: boxes call them, not people.
import { responses, tagged, type Paths } from './describe.ts';

const peerSettings = {
  shareTypes: { type: 'array', items: { type: 'string', enum: ['organization', 'project', 'event', 'poi', 'classified', 'aid'] }, description: 'Types of public elements shared with it (all by default)' },
  shareZones: { type: 'array', items: { type: 'string' }, description: 'Zone ids (commune:…, epci:…, dep:…); empty: everything' },
  relayTo: { type: 'boolean', description: 'Forward other boxes’ records to it' },
  acceptRelayed: { type: 'string', enum: ['none', 'trusted', 'all'], description: 'Records of other boxes it relays: refused, only of boxes this box trusts, all' },
  schedule: { type: 'string', enum: ['', 'quarter', 'hourly', 'daily'], description: 'Automatic sync (at a random minute); empty: by hand only' },
};
const body = (required: string[], properties: Record<string, unknown>) =>
  ({ required: true, content: { 'application/json': { schema: { type: 'object', required, properties } } } });
const peerId = [{ name: 'id', in: 'path', required: true, schema: { type: 'string' }, description: 'The peer’s box id' }];

export const syncPaths = (): Paths => tagged('Federation', {
  '/api/v1/sync': {
    get: { summary: 'This box’s id, fingerprint (to give the other box’s admin) and name, and its peers with their last sync (box admins)', responses: responses('{ boxId, fingerprint, name, peers }') },
  },
  '/api/v1/sync/peers': {
    post: {
      summary: 'Add a peer: the box at this address must answer with a key whose fingerprint is the one typed (box admins)',
      requestBody: body(['url', 'fingerprint'], { url: { type: 'string', format: 'uri' }, fingerprint: { type: 'string', example: 'ABCD-EFGH-IJKL-MNOP' }, ...peerSettings }),
      responses: responses('The peer', '201'),
    },
  },
  '/api/v1/sync/peers/{id}': {
    patch: { summary: 'Change what is shared with a peer and how often (box admins)', parameters: peerId, requestBody: body([], peerSettings), responses: responses('The peer') },
    delete: { summary: 'Stop peering with a box (its cards stay until their origin deletes them)', parameters: peerId, responses: responses('Removed', '204') },
  },
  '/api/v1/sync/bundles': {
    get: { summary: 'Sync bundles found on the USB sticks plugged in, with who wrote them and for whom (box admins)', responses: responses('{ sticks }') },
    post: {
      summary: 'Write a sync bundle for one peer (or one per peer: all) onto a USB stick, for a box with no network (box admins)',
      requestBody: body(['to'], { to: { type: 'string', description: 'A peer’s box id, or all' }, stick: { type: 'string', description: 'The stick’s name when several are plugged in' } }),
      responses: responses('{ bundles: [{ file, records }] }', '201'),
    },
  },
  '/api/v1/sync/bundles/import': {
    post: {
      summary: 'Check a bundle on a stick (a peer’s signature, its records’ hash: a tampered one changes nothing) and apply its records',
      requestBody: body(['path'], { path: { type: 'string', description: '<stick>/copi-sync/<file>, as the listing gives it' } }),
      responses: responses('{ accepted, ignored, refused }'),
    },
  },
  '/api/v1/sync/peers/{id}/sync': {
    post: { summary: 'Sync with a peer now: pull, push, repair by digests; answers the counts and the error if any', parameters: peerId, responses: responses('{ pulled, pushed, repaired, error }') },
  },
});
