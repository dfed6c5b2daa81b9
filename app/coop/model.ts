// What the cooperative space is made of: rooms, proposals, amendments, ballots, actions; the schemas every write
// is validated against.
import { z } from 'zod';
import { text } from '../core/validation.ts';

export const proposalStatuses = ['draft', 'amending', 'voting', 'adopted', 'rejected'] as const;
export type ProposalStatus = (typeof proposalStatuses)[number];
export const majorities = ['simple', 'two_thirds', 'three_quarters', 'ninety'] as const;
export type Majority = (typeof majorities)[number];
export const resultsVisibilities = ['live', 'after_close'] as const;
export type ResultsVisible = (typeof resultsVisibilities)[number];
export const choices = ['for', 'against', 'blank'] as const;
export type Choice = (typeof choices)[number];
export const amendmentModes = ['add', 'replace'] as const;
export type AmendmentMode = (typeof amendmentModes)[number];
export const actionStatuses = ['todo', 'in_progress', 'done'] as const;
export type ActionStatus = (typeof actionStatuses)[number];
/** What a page shows: "late" is derived from the due date, never stored. */
export type ActionState = ActionStatus | 'late';
export type HistoryEvent =
  | 'created' | 'edited' | 'amending' | 'amendment' | 'amendment_accepted' | 'amendment_rejected' | 'voting' | 'adopted' | 'rejected';

export interface CoopRoom {
  id: string;
  elementId: string;
  name: string;
  description: string;
  createdBy: string | null;
  isDemo: boolean;
  createdAt: string;
}

export interface Tally {
  for: number;
  against: number;
  blank: number;
  /** Every ballot, blanks included. */
  total: number;
  /** for / (for + against): blanks are counted but not in the ratio; null without any for or against. */
  ratio: number | null;
  majority: Majority;
  adopted: boolean;
}

export interface Proposal {
  id: string;
  roomId: string;
  elementId: string;
  authorId: string | null;
  title: string;
  body: string;
  status: ProposalStatus;
  majority: Majority;
  anonymous: boolean;
  resultsVisible: ResultsVisible;
  amendUntil: string | null;
  opensAt: string | null;
  closesAt: string | null;
  closedAt: string | null;
  closeClockSource: 'network' | 'browser' | null;
  tally: Tally | null;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface HistoryEntry {
  id: string;
  actorId: string | null;
  actorName: string | null;
  event: HistoryEvent;
  body: string | null;
  detail: Record<string, unknown>;
  at: string;
}

export interface Amendment {
  id: string;
  proposalId: string;
  authorId: string | null;
  authorName: string | null;
  mode: AmendmentMode;
  body: string;
  status: 'open' | 'accepted' | 'rejected';
  createdAt: string;
  decidedAt: string | null;
  votesFor: number;
  votesAgainst: number;
}

export interface CoopAction {
  id: string;
  elementId: string;
  roomId: string | null;
  proposalId: string | null;
  title: string;
  description: string;
  dueDate: string | null;
  status: ActionStatus;
  createdBy: string | null;
  actors: { id: string; name: string }[];
  createdAt: string;
  updatedAt: string;
}

const emptyToUndefined = (value: unknown) => (value === '' || value === null ? undefined : value);
const booleanField = z.preprocess(
  (value) => (value === 'on' || value === 'true' || value === '1' ? true : value === 'false' || value === '0' || value === '' ? false : value),
  z.boolean(),
);
/** An instant, or a wall-clock time read in the box's time zone (datetime-local inputs). */
const instant = z.preprocess(emptyToUndefined, z.iso.datetime({ offset: true, local: true }).optional());
const idList = z.preprocess(
  (value) => (typeof value === 'string' ? value.split(',').map((id) => id.trim()).filter(Boolean) : value),
  z.array(z.uuid()).max(20),
);

export const roomSchema = z.object({
  name: text(80).trim().min(1, 'A name is required'),
  description: text(1000).trim().default(''),
}).strict();

const proposalFields = {
  title: text(160).trim().min(1, 'A title is required'),
  body: text(20000).trim().min(1, 'A text is required'),
  majority: z.enum(majorities).default('simple'),
  anonymous: booleanField.default(false),
  resultsVisible: z.enum(resultsVisibilities).default('after_close'),
};
export const proposalSchema = z.object({ roomId: z.uuid(), ...proposalFields }).strict();
export const editProposalSchema = z.object(proposalFields).partial().strict();

export const amendingSchema = z.object({ amendUntil: instant }).strict();
export const votingSchema = z.object({ opensAt: instant, closesAt: z.iso.datetime({ offset: true, local: true }) }).strict();
export const amendmentSchema = z.object({
  mode: z.enum(amendmentModes).default('add'),
  body: text(20000).trim().min(1, 'A text is required'),
}).strict();
export const amendmentVoteSchema = z.object({ choice: z.enum(['for', 'against']) }).strict();
export const ballotSchema = z.object({ choice: z.enum(choices) }).strict();

export const actionSchema = z.object({
  title: text(160).trim().min(1, 'A title is required'),
  description: text(2000).trim().default(''),
  dueDate: z.preprocess(emptyToUndefined, z.iso.date().optional()),
  roomId: z.preprocess(emptyToUndefined, z.uuid().optional()),
  proposalId: z.preprocess(emptyToUndefined, z.uuid().optional()),
  actorIds: idList.default([]),
}).strict();
export const actionPatchSchema = z.object({
  status: z.enum(actionStatuses).optional(),
  actorIds: idList.optional(),
  dueDate: z.preprocess((value) => (value === '' ? null : value), z.iso.date().nullable().optional()),
}).strict();

export type RoomInput = z.infer<typeof roomSchema>;
export type ProposalInput = z.infer<typeof proposalSchema>;
export type ActionInput = z.infer<typeof actionSchema>;

/** The action as a page shows it: late when its due date (box calendar) passed and it is not done. */
export const actionState = (action: CoopAction, today: string): ActionState =>
  action.status !== 'done' && action.dueDate !== null && action.dueDate < today ? 'late' : action.status;
