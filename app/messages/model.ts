// What a message is and the schemas every message write is validated against.
import { z } from 'zod';
import { text } from '../core/validation.ts';

/** Longest message, in characters: a letter, not a book. */
export const maxMessageLength = 5000;

/** Plain text, line breaks kept, nothing interpreted: a message reads exactly as it was typed. */
export const messageBody = z
  .string({ error: 'Write a message first' })
  .transform((value) => value.replace(/\r\n?/g, '\n').trim())
  .pipe(z.string()
    .min(1, 'Write a message first')
    .max(maxMessageLength, 'A message is at most 5,000 characters')
    .refine((value) => value.isWellFormed() && !value.includes('\u0000'), 'Invalid characters'));

export const replySchema = z.object({ body: messageBody }).strict();

/** A visitor who is not signed in says who they are and how to answer them (no account, no inbox). */
export const visitorSchema = z.object({
  authorName: text(120).trim().min(1, 'Give your name'),
  replyTo: text(200).trim().min(1, 'Say how to answer you (e-mail or phone number)'),
});

export interface ConversationSummary {
  id: string;
  title: string;
  subjectId: string | null;
  updatedAt: string;
  unread: boolean;
  /** The other members' names (a visitor's name when they wrote without an account). */
  with: string[];
  lastBody: string;
}

export interface MessageView {
  id: string;
  author: { id: string; name: string; slug: string } | null;
  /** A visitor's name and how to answer them. */
  authorName: string;
  replyTo: string;
  body: string;
  createdAt: string;
}

export interface ConversationView {
  id: string;
  title: string;
  subject: { id: string; name: string; slug: string; type: string } | null;
  members: { id: string; name: string; slug: string }[];
  messages: MessageView[];
}
