// What reaches a person: notifications, and messages with the admins of an element.
import { readSchema, settingsSchema } from '../notifications/actions.ts';
import { listQuerySchema as conversationsQuerySchema, newConversationSchema } from '../messages/api.ts';
import { messageBody, replySchema } from '../messages/model.ts';
import { id, json, queryOf, responses, tagged, type Paths } from './describe.ts';

export const inboxPaths = (): Paths => tagged('Notifications and messages', {
  '/api/v1/notifications': {
    get: { summary: 'My notifications, newest first ({ items, nextCursor, unread })',
      parameters: [{ name: 'cursor', in: 'query', schema: { type: 'string', format: 'uuid' } }, { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 100, default: 20 } }],
      responses: responses('{ items, nextCursor, unread }') },
  },
  '/api/v1/notifications/read': { post: { summary: 'Mark notifications read: { ids } or { all: true }', requestBody: json(readSchema), responses: responses('{ unread }') } },
  '/api/v1/notifications/settings': {
    get: { summary: 'The notification kinds, and those I turned off', responses: responses('{ kinds, off }') },
    put: { summary: 'Set the kinds I turn off', requestBody: json(settingsSchema), responses: responses('{ kinds, off }') },
  },
  '/api/v1/messages': {
    get: { summary: 'My conversations, unread first, then latest activity first; 50 a page', parameters: queryOf(conversationsQuerySchema), responses: responses('{ items, unread, nextPage }') },
    post: { summary: 'Write to the admins of an element (an ad, an offer, an organization): a new conversation, or the one I already started about it',
      requestBody: json(newConversationSchema.extend({ body: messageBody })), responses: responses('{ conversationId }', '201') },
  },
  '/api/v1/messages/{id}': {
    get: { summary: 'A conversation of mine with its messages; opening it marks it read', parameters: id, responses: responses('{ id, title, subject, members, messages }') },
    post: { summary: 'Answer in a conversation of mine; the other members are told', parameters: id, requestBody: json(replySchema), responses: responses('{ messageId }', '201') },
  },
});
