// Accounts: registration, sessions, API tokens, deleting oneself, exports of one's data and of the box.
import { z } from 'zod';
import { loginSchema, registerSchema, tokenNameSchema } from '../accounts/actions.ts';
import { id, json, responses, tagged, type Paths } from './describe.ts';

export const accountsPaths = (): Paths => tagged('Accounts', {
  '/api/v1/auth/register': { post: { summary: 'Register (starts a session)', requestBody: json(registerSchema), responses: responses('Account', '201') } },
  '/api/v1/auth/login': { post: { summary: 'Sign in (rate limited)', requestBody: json(loginSchema), responses: responses('Account') } },
  '/api/v1/auth/logout': { post: { summary: 'Sign out', responses: responses('Done', '204') } },
  '/api/v1/me': {
    get: { summary: 'Who am I', responses: responses('Viewer') },
    delete: { summary: 'Delete my account', requestBody: json(z.object({ password: z.string() })), responses: responses('Deleted', '204') },
  },
  '/api/v1/me/tokens': {
    get: { summary: 'My API tokens', responses: responses('{ items }') },
    post: { summary: 'New API token (shown once)', requestBody: json(tokenNameSchema), responses: responses('Token', '201') },
  },
  '/api/v1/me/tokens/{id}': { delete: { summary: 'Revoke a token', parameters: id, responses: responses('Revoked', '204') } },
  '/api/v1/export/me': { get: { summary: 'Everything the box holds about me', responses: responses('Export') } },
  '/api/v1/export/box': { get: { summary: 'Whole box as JSON lines (box admin)', responses: responses('application/x-ndjson stream') } },
  '/api/v1/admin/reset-links': {
    post: { summary: 'One-time password reset link (box admin)', requestBody: json(z.object({ personId: z.uuid() })), responses: responses('{ url }', '201') },
  },
});
