// What an element is: its types, kinds, and the schemas every write is validated against.
import { z } from 'zod';
import { text } from '../core/validation.ts';
import { withOffset } from '../core/time.ts';

export const elementTypes = ['person', 'organization', 'project', 'event', 'poi', 'classified', 'aid'] as const;
export type ElementType = (typeof elementTypes)[number];

export const kindsByType = {
  person: [],
  organization: ['association', 'business', 'group', 'public_body'],
  project: [],
  event: [
    'concert', 'market', 'meeting', 'workshop', 'festival', 'conference', 'course', 'competition',
    'exhibition', 'getTogether', 'debate', 'film', 'stand', 'crowdfunding', 'other',
  ],
  poi: [
    'compostPickup', 'sharedLibrary', 'artPiece', 'recoveryCenter', 'trash', 'history', 'something2See',
    'streetArts', 'openScene', 'stand', 'parking', 'place', 'video', 'other',
  ],
  // Marketplace (app/marketplace/): what the ad is for.
  classified: ['sale', 'rent', 'job', 'gift'],
  // Mutual aid (app/aid/): a need or an offer.
  aid: ['need', 'offer'],
} as const satisfies Record<ElementType, readonly string[]>;

/** Mutual aid: services, skills and things to lend; matching needs and offers share a category. */
export const aidCategoryGroups = {
  services: ['childcare', 'gardening', 'transport', 'elderly', 'repairs', 'housework', 'cooking', 'animals'],
  skills: ['legal', 'computing', 'craft', 'farming', 'languages', 'tutoring', 'paperwork'],
  things: ['tools', 'equipment', 'vehicle', 'space'],
} as const;

/** The categories an element of a type must have one of (types without categories have none). */
export const categoriesByType: Partial<Record<ElementType, readonly string[]>> = {
  classified: ['furniture', 'clothing', 'electronics', 'books', 'sport', 'garden', 'vehicles', 'housing', 'work', 'food', 'other'],
  aid: [...aidCategoryGroups.services, ...aidCategoryGroups.skills, ...aidCategoryGroups.things, 'other'],
};

/** Currencies an ad may be priced in: the euro, the Swiss franc and the Ğ1 libre currency of many tiers-lieux. */
export const currencies = ['EUR', 'CHF', 'G1'] as const;
/** Above this an ad's price is refused as absurd (in the currency's units). */
export const maxPrice = 1_000_000;
/** Types that expire, and how long they last when no date is given. */
export const defaultLifetimeDays: Partial<Record<ElementType, number>> = { classified: 60, aid: 90 };
/** The furthest an expiry may be set from now. */
export const maxLifetimeDays = 366;

export const projectStages = ['idea', 'concept', 'started', 'development', 'testing', 'mature'] as const;
export const visibilities = ['public', 'members', 'private'] as const;
export type Visibility = (typeof visibilities)[number];

const emptyToUndefined = (value: unknown) => (value === '' || value === null ? undefined : value);
const optionalNumber = (min: number, max: number) =>
  z.preprocess(
    (value) => (typeof value === 'string' ? (value.trim() === '' ? undefined : Number(value.replace(',', '.'))) : emptyToUndefined(value)),
    z.number().min(min).max(max).optional(),
  );
// A time without offset is read in the box's time zone (Europe/Paris until box settings say otherwise).
const isoDateTime = z.iso.datetime({ offset: true, local: true }).transform((value) => withOffset(value));

const tagsField = z.preprocess(
  (value) =>
    typeof value === 'string'
      ? value.split(',').map((tag) => tag.trim()).filter(Boolean)
      : value,
  z.array(text(40).regex(/^[^,#<>]+$/, 'Tags cannot contain , # < >')).max(20),
);

const booleanField = z.preprocess(
  (value) => (value === 'on' || value === 'true' || value === '1' ? true : value === 'false' || value === '0' || value === '' ? false : value),
  z.boolean(),
);

/** Fields every element type may carry; kind rules are checked in `checkKindRules`. */
const elementFields = {
  name: text(120).trim().min(1, 'A name is required'),
  kind: z.preprocess(emptyToUndefined, z.string().max(40).optional()),
  slug: z.preprocess(emptyToUndefined, z.string().max(80).regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'Lowercase letters, digits and dashes only').optional()),
  shortDescription: text(280).trim(),
  description: text(20000),
  tags: tagsField,
  street: text(200).trim(),
  postalCode: z.string().trim().regex(/^(\d{5})?$/, 'A French postal code has 5 digits'),
  communeInsee: z.preprocess(emptyToUndefined, z.string().regex(/^[0-9][0-9AB][0-9]{3}$/, 'An INSEE code has 5 characters').optional()),
  locality: text(120).trim(),
  lat: optionalNumber(-90, 90),
  lon: optionalNumber(-180, 180),
  visibility: z.enum(visibilities),
  contactEmail: z.preprocess(emptyToUndefined, z.email().max(200).optional()),
  contactPhone: text(40).trim().regex(/^[0-9+ ().-]*$/, 'Digits, spaces and + ( ) . - only'),
  url: z.preprocess(emptyToUndefined, z.url({ protocol: /^https?$/ }).max(500).optional()),
  stage: z.preprocess(emptyToUndefined, z.enum(projectStages).optional()),
  startsAt: z.preprocess(emptyToUndefined, isoDateTime.optional()),
  endsAt: z.preprocess(emptyToUndefined, isoDateTime.optional()),
  allDay: booleanField,
  parentId: z.preprocess(emptyToUndefined, z.uuid().optional()),
  organizerId: z.preprocess(emptyToUndefined, z.uuid().optional()),
  // Events: a place of the box where they take place (null clears it).
  placeId: z.preprocess((value) => (value === '' ? null : value), z.uuid('Unknown place').nullable().optional()),
  // Events (app/agenda/): the zone the dates count in, a recurrence (RRULE value; null clears it), places.
  timezone: z.preprocess(emptyToUndefined, z.string().max(64).regex(/^[A-Za-z0-9_+\-/]+$/, 'Unknown time zone').optional()),
  rrule: z.preprocess((value) => (value === '' ? null : value), text(500).nullable().optional()),
  capacity: z.preprocess(
    (value) => (value === '' ? null : typeof value === 'string' ? Number(value) : value),
    z.number().int().min(1).max(100_000).nullable().optional(),
  ),
  // Classifieds and mutual aid (issue 7).
  category: z.preprocess(emptyToUndefined, z.string().max(40).optional()),
  // In the currency's units ("12,50" in a French form); null: free, or no price given.
  price: z.preprocess(
    (value) => (value === '' ? null : typeof value === 'string' ? Number(value.replace(/\s/g, '').replace(',', '.')) : value),
    z.number({ error: 'A price is a number' }).min(0, 'A price cannot be negative').max(maxPrice, 'A price above 1,000,000 is not plausible')
      .refine((price) => Math.abs(Math.round(price * 100) - price * 100) < 1e-6, 'A price has at most two decimals').nullable().optional(),
  ),
  currency: z.preprocess(emptyToUndefined, z.enum(currencies).optional()),
  // A date ("2027-02-01", the end of that day in the box's time zone) or an instant.
  expiresAt: z.preprocess(emptyToUndefined, z.union([z.iso.date(), isoDateTime]).optional()),
  availability: text(200).trim(),
};

const defaults = {
  shortDescription: '', description: '', tags: [], street: '', postalCode: '', locality: '',
  visibility: 'public', contactPhone: '', allDay: false, availability: '',
} as const;

export const createElementSchema = z
  .object({
    type: z.enum(['organization', 'project', 'event', 'poi', 'classified', 'aid']),
    ...elementFields,
    shortDescription: elementFields.shortDescription.default(defaults.shortDescription),
    description: elementFields.description.default(defaults.description),
    tags: tagsField.default([]),
    street: elementFields.street.default(''),
    postalCode: elementFields.postalCode.default(''),
    locality: elementFields.locality.default(''),
    visibility: elementFields.visibility.default('public'),
    contactPhone: elementFields.contactPhone.default(''),
    allDay: booleanField.default(false),
    availability: elementFields.availability.default(''),
  })
  .strict()
  .superRefine(checkKindRules);

export const updateElementSchema = z
  .object({
    ...Object.fromEntries(Object.entries(elementFields).map(([key, schema]) => [key, schema.optional()])) as {
      [K in keyof typeof elementFields]: z.ZodOptional<(typeof elementFields)[K]>;
    },
    version: z.preprocess((v) => (typeof v === 'string' && v !== '' ? Number(v) : v), z.number().int().positive().optional()),
  })
  .strict();

export type CreateElementInput = z.infer<typeof createElementSchema>;
export type UpdateElementInput = z.infer<typeof updateElementSchema>;

interface KindRuleInput {
  type?: ElementType;
  kind?: string;
  stage?: string;
  startsAt?: string;
  endsAt?: string;
  timezone?: string;
  rrule?: string | null;
  capacity?: number | null;
  placeId?: string | null;
  lat?: number;
  lon?: number;
  category?: string | null;
  price?: number | null;
  currency?: string | null;
  expiresAt?: string | null;
  availability?: string;
}

/** Rules that span several fields; also run on the merged element when it is edited. */
export function checkKindRules(value: KindRuleInput, ctx: z.RefinementCtx) {
  const type = value.type;
  if (!type) return;
  const kinds: readonly string[] = kindsByType[type];
  if (kinds.length > 0 && !value.kind) ctx.addIssue({ code: 'custom', path: ['kind'], message: `Choose a kind: ${kinds.join(', ')}` });
  if (value.kind && !kinds.includes(value.kind)) {
    ctx.addIssue({ code: 'custom', path: ['kind'], message: kinds.length ? `Unknown kind; one of: ${kinds.join(', ')}` : `A ${type} has no kind` });
  }
  if (value.stage && type !== 'project') ctx.addIssue({ code: 'custom', path: ['stage'], message: 'Only projects have a stage' });
  if (type === 'event' && !value.startsAt) ctx.addIssue({ code: 'custom', path: ['startsAt'], message: 'An event needs a start date' });
  if (type !== 'event' && (value.startsAt || value.endsAt)) ctx.addIssue({ code: 'custom', path: ['startsAt'], message: 'Only events have dates' });
  if (type !== 'event' && value.placeId) ctx.addIssue({ code: 'custom', path: ['placeId'], message: 'Only events take place at a place' });
  for (const field of ['timezone', 'rrule', 'capacity'] as const) {
    if (type !== 'event' && value[field] !== undefined && value[field] !== null) ctx.addIssue({ code: 'custom', path: [field], message: 'Only events have dates' });
  }
  if (value.startsAt && value.endsAt && Date.parse(value.endsAt) < Date.parse(value.startsAt)) {
    ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'The end is before the start' });
  }
  checkExchangeRules(type, value, ctx);
  if ((value.lat === undefined) !== (value.lon === undefined)) {
    ctx.addIssue({ code: 'custom', path: [value.lat === undefined ? 'lat' : 'lon'], message: 'Give both latitude and longitude, or neither' });
  }
}

/** Classifieds and mutual aid: category, price, expiry and availability belong to them only. */
function checkExchangeRules(type: ElementType, value: KindRuleInput, ctx: z.RefinementCtx) {
  const categories = categoriesByType[type];
  if (categories && !value.category) ctx.addIssue({ code: 'custom', path: ['category'], message: `Choose a category: ${categories.join(', ')}` });
  if (value.category && !categories?.includes(value.category)) {
    ctx.addIssue({ code: 'custom', path: ['category'], message: categories ? `Unknown category; one of: ${categories.join(', ')}` : `A ${type} has no category` });
  }
  const hasPrice = value.price !== undefined && value.price !== null;
  if (hasPrice && type !== 'classified') ctx.addIssue({ code: 'custom', path: ['price'], message: 'Only classified ads have a price' });
  if (hasPrice && value.kind === 'gift') ctx.addIssue({ code: 'custom', path: ['price'], message: 'Something given away has no price' });
  if (value.currency && !hasPrice) ctx.addIssue({ code: 'custom', path: ['currency'], message: 'A currency goes with a price' });
  if (value.expiresAt && !defaultLifetimeDays[type]) ctx.addIssue({ code: 'custom', path: ['expiresAt'], message: `A ${type} does not expire` });
  if (value.availability && type !== 'aid') ctx.addIssue({ code: 'custom', path: ['availability'], message: 'Only mutual aid has an availability' });
}

/** An element as the rest of the box sees it (contact fields only when the viewer may). */
export interface Element {
  id: string;
  type: ElementType;
  kind: string | null;
  slug: string;
  name: string;
  shortDescription: string;
  description: string;
  tags: string[];
  address: { street: string; postalCode: string; communeInsee: string | null; locality: string; country: string };
  position: { lat: number; lon: number } | null;
  visibility: Visibility;
  contact?: { email: string; phone: string };
  url: string;
  stage: string | null;
  startsAt: string | null;
  endsAt: string | null;
  allDay: boolean;
  parentId: string | null;
  /** Events: the place (a POI of the box) where they take place. */
  placeId: string | null;
  /** Events: IANA time zone (null: the box's), RRULE value (null: a single date), cancelled original starts. */
  timezone: string | null;
  rrule: string | null;
  exdates: string[];
  /** Events: iCalendar UID it was imported with (null: `<id>@copi`), places for "going" (null: unlimited). */
  icalUid: string | null;
  capacity: number | null;
  /** Classifieds and mutual aid (null for other types): category, price (null: free), expiry, closing, availability. */
  category: string | null;
  price: { amountCents: number; currency: string } | null;
  expiresAt: string | null;
  closedAt: string | null;
  availability: string;
  createdBy: string | null;
  isDemo: boolean;
  origin: { box: string; seq: number };
  version: number;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
}

/** What a card in a list shows: a full element fits, and so does the lighter row lists select. */
export type ElementCardData = Pick<Element, 'id' | 'type' | 'kind' | 'slug' | 'name' | 'shortDescription' | 'visibility' | 'startsAt' | 'allDay'>
  & { address: Pick<Element['address'], 'locality'> };
