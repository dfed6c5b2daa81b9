// What a one-page site is: an organization's or a project's public page at /p/<slug>, built from its data,
// with a layout, a colour and the sections it shows; and the schema every write is validated against.
import { z } from 'zod';

export const layouts = ['classic', 'banner', 'compact'] as const;
export type Layout = (typeof layouts)[number];

export const sectionNames = ['about', 'news', 'events', 'members', 'contact', 'map'] as const;
export type SectionName = (typeof sectionNames)[number];
export type Sections = Record<SectionName, boolean>;

export const allSections: Sections = { about: true, news: true, events: true, members: true, contact: true, map: true };

/** Types that may publish a one-page site. */
export const siteTypes = ['organization', 'project'] as const;

/**
 * Addresses a site may not take: words of the box's own routes under /p/ and at its root, so a site's
 * address never reads like (or one day collides with) a page of the box.
 */
export const reservedSlugs = new Set([
  'new', 'edit', 'admin', 'api', 'assets', 'embed', 'login', 'logout', 'register', 'contact', 'p', 'e', 'me', 'maps', 'map',
  'search', 'tiles', 'live', 'feed', 'rooms', 'market', 'aid', 'coop', 'messages', 'notifications', 'settings', 'static', 'www',
]);

export interface OnePage {
  elementId: string;
  slug: string;
  layout: Layout;
  colour: string;
  published: boolean;
  sections: Sections;
  updatedAt: string;
  isDemo: boolean;
}

const booleanField = z.preprocess(
  (value) => (value === 'on' || value === 'true' || value === '1' ? true : value === 'false' || value === '0' || value === '' ? false : value),
  z.boolean(),
);

export const onePageSchema = z.object({
  slug: z.string().trim().min(1, 'Choose an address').max(60, 'An address is at most 60 characters')
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Lowercase letters, digits and dashes only'),
  layout: z.enum(layouts).default('classic'),
  colour: z.string().trim().toLowerCase().regex(/^#[0-9a-f]{6}$/, 'A colour is written #rrggbb').default('#1f6f50'),
  published: booleanField.default(false),
  sections: z.object(Object.fromEntries(sectionNames.map((name) => [name, booleanField.optional()])) as Record<SectionName, z.ZodOptional<typeof booleanField>>)
    .strict().default({}),
}).strict();

export type OnePageInput = z.infer<typeof onePageSchema>;

/** A visitor's message through the site's contact form. */
export const contactFormSchema = z.object({
  authorName: z.string().default(''),
  replyTo: z.string().default(''),
  body: z.string().default(''),
});
