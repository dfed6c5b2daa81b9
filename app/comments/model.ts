// What a comment is, what it answers, and the schemas every comment write is validated against.
import { z } from 'zod';

/** Things people comment on. Proposals will join this list (the table has no CHECK on it). */
export const subjectTypes = ['post', 'element'] as const;
export type SubjectType = (typeof subjectTypes)[number];

export interface SubjectRef {
  type: SubjectType;
  id: string;
}

/** "post:<id>" or "element:<id>", as the API and the forms name a subject. */
export const subjectRefSchema = z
  .string()
  .regex(/^(post|element):[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'Name the subject as post:<id> or element:<id>')
  .transform((value): SubjectRef => {
    const [type, id] = value.split(':');
    return { type: type as SubjectType, id: id.toLowerCase() };
  });

export const subjectKey = (subject: SubjectRef) => `${subject.type}:${subject.id}`;

/** Longest comment, in characters: a few paragraphs, not an article (posts are for that). */
export const maxCommentLength = 4000;

/**
 * Plain text: line breaks are kept, nothing else is interpreted (no Markdown), so a reply reads exactly
 * as it was typed and a comment cannot carry images or disguised links.
 */
const commentBody = z
  .string()
  .transform((value) => value.replace(/\r\n?/g, '\n').trim())
  .pipe(z.string()
    .min(1, 'Write something first')
    .max(maxCommentLength, 'A comment is at most 4,000 characters')
    .refine((value) => value.isWellFormed() && !value.includes('\u0000'), 'Invalid characters'));

export const newCommentSchema = z.object({
  body: commentBody,
  parentId: z.preprocess((value) => (value === '' || value === null ? undefined : value), z.uuid('Unknown comment').optional()),
}).strict();

export const commentEditSchema = z.object({ body: commentBody }).strict();

export type CommentState = 'published' | 'deleted' | 'hidden';

export interface Comment {
  id: string;
  subject: SubjectRef;
  parentId: string | null;
  authorId: string;
  body: string;
  hiddenAt: string | null;
  hiddenBy: string | null;
  deletedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export const stateOf = (comment: Pick<Comment, 'hiddenAt' | 'deletedAt'>): CommentState =>
  comment.hiddenAt ? 'hidden' : comment.deletedAt ? 'deleted' : 'published';

/**
 * A comment as a reader gets it. A deleted or hidden one is shown only to hold the place of the replies
 * under it, without its author or its words.
 */
export interface CommentView {
  id: string;
  parentId: string | null;
  state: CommentState;
  author: { id: string; name: string; slug: string } | null;
  body: string | null;
  createdAt: string;
  edited: boolean;
}
