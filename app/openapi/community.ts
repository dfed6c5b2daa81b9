// Community life: posts on walls, the feeds, comments, and the moderation of what is reported.
import { z } from 'zod';
import { newPostSchema, postPatchSchema } from '../posts/model.ts';
import { postPageSchema } from '../posts/api.ts';
import { liveQuerySchema } from '../feeds/live.ts';
import { subjectQuerySchema } from '../comments/api.ts';
import { commentEditSchema, newCommentSchema } from '../comments/model.ts';
import { decisions, reportSchema, targetTypes } from '../moderation/model.ts';
import { id, json, queryOf, responses, schema, tagged, type Paths } from './describe.ts';

const decisionParams = [
  { name: 'type', in: 'path', required: true, schema: schema(z.enum(targetTypes)) },
  ...id,
  { name: 'decision', in: 'path', required: true, schema: schema(z.enum(decisions)) },
];

export const communityPaths = (): Paths => tagged('Posts, comments and moderation', {
  '/api/v1/elements/{id}/posts': {
    get: { summary: 'Posts of a wall the viewer may read, newest first, by cursor', parameters: [...id, ...queryOf(postPageSchema)], responses: responses('{ items, nextCursor }') },
    post: { summary: 'Post on a wall (your own, or an element you belong to); @slug mentions, #tags, zones of a public post, files of the media library of the wall', parameters: id, requestBody: json(newPostSchema), responses: responses('Post', '201') },
  },
  '/api/v1/posts/{id}': {
    get: { summary: 'One post', parameters: id, responses: responses('Post') },
    patch: { summary: 'Edit a post (its author)', parameters: id, requestBody: json(postPatchSchema), responses: responses('Post') },
    delete: { summary: 'Delete a post (its author, the admins of the wall, box admins)', parameters: id, responses: responses('Deleted', '204') },
  },
  '/api/v1/mentions': { get: { summary: 'Type-ahead for @mentions: at most 8 visible elements by slug or name prefix', parameters: [{ name: 'q', in: 'query', required: true, schema: { type: 'string', maxLength: 40 } }], responses: responses('{ items }') } },
  '/api/v1/live': { get: { summary: 'Live feed of a territory: public posts of the zone and new public elements, newest first (by creation), by cursor; upcoming events on the first page', parameters: queryOf(liveQuerySchema), responses: responses('{ zone, tag, type, items, upcoming, nextCursor }') } },
  '/api/v1/feed': { get: { summary: 'My feed: posts of what I follow or belong to, newest first, by cursor', parameters: queryOf(postPageSchema), responses: responses('{ items, nextCursor }') } },
  '/api/v1/comments': {
    get: { summary: 'The thread of a post or an element the viewer may read, flat and oldest first (parentId links a reply)', parameters: queryOf(subjectQuerySchema), responses: responses('{ subject, count, items }') },
    post: { summary: 'Comment on the subject, or reply to one of its comments (parentId)', parameters: queryOf(subjectQuerySchema), requestBody: json(newCommentSchema), responses: responses('Comment', '201') },
  },
  '/api/v1/comments/{id}': {
    patch: { summary: 'Edit my comment', parameters: id, requestBody: json(commentEditSchema), responses: responses('Comment') },
    delete: { summary: 'Delete my comment (one with replies stays as "comment deleted")', parameters: id, responses: responses('Deleted', '204') },
  },
  '/api/v1/reports': { post: { summary: 'Report a post or a comment I can read; its moderators hear of the first open report', requestBody: json(reportSchema), responses: responses('Report', '201') } },
  '/api/v1/moderation': { get: { summary: 'What waits for my decision (open), and what was hidden and may be restored', responses: responses('{ open, hidden }') } },
  '/api/v1/moderation/{type}/{id}/{decision}': { post: { summary: 'Hide, keep or restore a reported post or comment (its moderators); the author hears of hiding and restoring', parameters: decisionParams, responses: responses('Moderated item') } },
});
