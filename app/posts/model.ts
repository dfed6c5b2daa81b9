// What a post is: its audience, its limits, and the schemas every write is validated against.
import { z } from 'zod';
import { zoneIdPattern } from '../zones/communes.ts';
import type { ElementType } from '../elements/model.ts';

export const audiences = ['public', 'members', 'private'] as const;
export type Audience = (typeof audiences)[number];

/** Longest post text, in characters: a long message, far below the box's 1 MB request limit. */
export const maxPostLength = 10_000;
export const maxTags = 20;
export const maxZones = 20;
/** Images and documents one post carries (saved in the wall's media library, folder "Posts"). */
export const maxPostFiles = 4;
export const postFilesFolder = 'Posts';
/** Walls a person may post on, besides their own: elements people belong to. */
export const wallTypes: readonly ElementType[] = ['organization', 'project', 'event', 'poi'];

const emptyToUndefined = (value: unknown) => (value === '' || value === null ? undefined : value);
/** A list given as an array, or as one string separated by commas or spaces (a form field). */
const listOf = (value: unknown) => (typeof value === 'string' ? value.split(/[\s,]+/).filter(Boolean) : value);

const body = z.string().trim()
  .max(maxPostLength, 'A post is at most 10,000 characters')
  .min(1, 'Write something first')
  .refine((value) => value.isWellFormed() && !value.includes('\u0000'), 'Invalid characters');

const tags = z.preprocess(listOf, z.array(z.string().max(41, 'A tag is at most 40 characters')
  .regex(/^#?[\p{L}\p{N}_][\p{L}\p{N}_-]*$/u, 'A tag is letters, digits, - and _ only')).max(maxTags, 'At most 20 tags'));

const zones = z.preprocess(listOf, z.array(z.string().regex(zoneIdPattern, 'Unknown zone')).max(maxZones, 'At most 20 zones'));

export const newPostSchema = z.object({
  body,
  audience: z.preprocess(emptyToUndefined, z.enum(audiences).default('public')),
  zones: zones.optional(),
  tags: tags.default([]),
  /** Signed as the wall's element (its admin only); the wall's id. */
  asElementId: z.preprocess(emptyToUndefined, z.uuid().optional()),
  /** Files of the wall's media library shown under the post, in order. */
  fileIds: z.array(z.uuid()).max(maxPostFiles, 'At most 4 files per post').default([]),
}).strict();

export const postPatchSchema = z.object({
  body: body.optional(),
  audience: z.preprocess(emptyToUndefined, z.enum(audiences).optional()),
  zones: zones.optional(),
  tags: tags.optional(),
}).strict();

export type NewPostInput = z.infer<typeof newPostSchema>;

/** A post as stored, with what it is tagged with and where it speaks. */
export interface Post {
  id: string;
  wallId: string;
  authorId: string;
  asElementId: string | null;
  audience: Audience;
  /** Markdown source. */
  body: string;
  tags: string[];
  /** Zones a public post speaks to; empty for the others. */
  zones: string[];
  isDemo: boolean;
  createdAt: string;
  updatedAt: string;
}

/** A link to an element as a post shows it. */
export interface ElementRef {
  id: string;
  slug: string;
  name: string;
  type: ElementType;
}

/** A card under a post for a link to an element of this box, built from the box's own data. */
export interface PreviewCard {
  slug: string;
  name: string;
  type: ElementType;
  kind: string | null;
  shortDescription: string;
  commune: string | null;
  /** Events: the next date (an instant), null when none is left. */
  nextDate: string | null;
  allDay: boolean;
}

/** A file attached to a post (from the wall's media library). */
export interface PostFile {
  id: string;
  name: string;
  kind: 'image' | 'document';
  mime: string;
  bytes: number;
}

/** A post as one viewer reads it. */
export interface PostView extends Post {
  wall: ElementRef;
  /** The author as the viewer may see them; null when their person is hidden from the viewer. */
  author: ElementRef | null;
  /** The element it is signed as (its name is shown instead of the author's). */
  signedAs: ElementRef | null;
  /** The text rendered: sanitized Markdown, mentions and tags as links. */
  html: string;
  previews: PreviewCard[];
  files: PostFile[];
  canEdit: boolean;
  canRemove: boolean;
}
