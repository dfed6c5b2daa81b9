// Exchange between people: the marketplace's classified ads and mutual aid's needs and offers. Both are
// elements, written with the element schemas as these modules narrow them.
import { z } from 'zod';
import { createElementSchema, defaultLifetimeDays, updateElementSchema } from '../elements/model.ts';
import { adListQuerySchema, renewDays } from '../marketplace/model.ts';
import { listQuerySchema as aidQuerySchema } from '../aid/model.ts';
import { id, json, queryOf, responses, tagged, textParam, uuidParam, type Paths } from './describe.ts';

/** Neither ads nor aid entries may be private (app/marketplace/actions.ts, app/aid/actions.ts). */
const visibility = z.enum(['public', 'members']);
const newEntry = (type: 'classified' | 'aid') =>
  json(z.strictObject({ ...createElementSchema.shape, type: z.literal(type).optional(), visibility: visibility.default('public') }));
const entryPatch = () => json(updateElementSchema.extend({ visibility: visibility.optional() }));
const idOrSlug = [textParam('id', "The ad's id or slug")];

const marketplacePaths = (): Paths => ({
  '/api/v1/market': {
    get: { summary: 'Ads on offer, newest first, by cursor: kind, category, zone, words, free only, or mine (expired and closed included)', parameters: queryOf(adListQuerySchema), responses: responses('{ items, nextCursor }') },
    post: { summary: `Publish an ad (an element of type classified); it expires after ${defaultLifetimeDays.classified} days unless expiresAt says otherwise`, requestBody: newEntry('classified'), responses: responses('Ad', '201') },
  },
  '/api/v1/market/{id}': {
    get: { summary: 'One ad with its photos and state; the contact its author chose, to signed-in readers', parameters: idOrSlug, responses: responses('Ad with { contact, expired, closed, photos }') },
    patch: { summary: 'Edit an ad (its author)', parameters: id, requestBody: entryPatch(), responses: responses('Ad') },
    delete: { summary: 'Delete an ad (its author)', parameters: idOrSlug, responses: responses('Deleted', '204') },
  },
  '/api/v1/market/{id}/close': { post: { summary: 'Mark an ad sold or closed (its author)', parameters: id, responses: responses('Ad') } },
  '/api/v1/market/{id}/reopen': { post: { summary: 'Offer a closed ad again (its author)', parameters: id, responses: responses('Ad') } },
  '/api/v1/market/{id}/renew': { post: { summary: `Give an ad ${renewDays} more days, from its expiry or from now if it expired (its author)`, parameters: id, responses: responses('Ad') } },
});

const aidPaths = (): Paths => ({
  '/api/v1/aid': {
    get: { summary: 'Needs and offers, newest first, 50 a page by cursor: kind, category, zone, closed ones', parameters: queryOf(aidQuerySchema), responses: responses('{ items, nextCursor }') },
    post: { summary: 'Post a need or an offer (an element of type aid, kind need or offer); matching entries are proposed and their authors told', requestBody: newEntry('aid'), responses: responses('{ entry, matches }', '201') },
  },
  '/api/v1/aid/{id}': {
    get: { summary: 'One need or offer', parameters: id, responses: responses('Entry') },
    patch: { summary: 'Edit a need or an offer (its admins); its matches are computed again', parameters: id, requestBody: entryPatch(), responses: responses('Entry') },
    delete: { summary: 'Delete a need or an offer (its admins)', parameters: id, responses: responses('Deleted', '204') },
  },
  '/api/v1/aid/{id}/matches': { get: { summary: 'The matches proposed for an entry, best first, with their reasons (distance, shared zone, words in common)', parameters: id, responses: responses('{ items: [{ entry, score, reasons, proposedAt }] }') } },
  '/api/v1/aid/{id}/matches/{otherId}/dismiss': { post: { summary: "Say a proposed match does not fit (the entry's admins): it no longer shows, on either side", parameters: [...id, uuidParam('otherId')], responses: responses('Dismissed', '204') } },
  '/api/v1/aid/{id}/close': { post: { summary: 'Mark an entry fulfilled (its admins)', parameters: id, responses: responses('Entry') } },
  '/api/v1/aid/{id}/reopen': { post: { summary: 'Open a fulfilled entry again (its admins)', parameters: id, responses: responses('Entry') } },
  '/api/v1/aid/{id}/renew': { post: { summary: `Renew an entry for ${defaultLifetimeDays.aid} days from today (its admins)`, parameters: id, responses: responses('Entry') } },
});

export const exchangePaths = (): Paths => ({ ...tagged('Marketplace', marketplacePaths()), ...tagged('Mutual aid', aidPaths()) });
