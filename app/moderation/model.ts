// What a report is, why one reports, and what moderators decide.
import { z } from 'zod';
import { text } from '../core/validation.ts';

export const reportReasons = ['spam', 'abuse', 'personal', 'illegal', 'other'] as const;
export type ReportReason = (typeof reportReasons)[number];

export const targetTypes = ['post', 'comment'] as const;
export type TargetType = (typeof targetTypes)[number];

export interface TargetRef {
  type: TargetType;
  id: string;
}

export const targetKey = (target: TargetRef) => `${target.type}:${target.id}`;

/** "post:<id>" or "comment:<id>". */
export const targetRefSchema = z
  .string()
  .regex(/^(post|comment):[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'Name what you report as post:<id> or comment:<id>')
  .transform((value): TargetRef => {
    const [type, id] = value.split(':');
    return { type: type as TargetType, id: id.toLowerCase() };
  });

export const reportSchema = z.object({
  target: targetRefSchema,
  reason: z.preprocess((value) => (value === '' ? undefined : value), z.enum(reportReasons, { message: 'Choose a reason' })),
  details: z.preprocess((value) => value ?? '', text(1000).trim()),
}).strict().refine((report) => report.reason !== 'other' || report.details !== '', {
  message: 'Say what is wrong', path: ['details'],
});

export const decisions = ['hide', 'keep', 'restore'] as const;
export type Decision = (typeof decisions)[number];

export interface Report {
  id: string;
  target: TargetRef;
  scopeId: string;
  reporterId: string;
  reason: ReportReason;
  details: string;
  status: 'open' | 'hidden' | 'kept';
  createdAt: string;
}
