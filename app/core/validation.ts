// Validation at the edge: one schema library (zod); its messages follow the request's language.
import { z } from 'zod';
import { AppError } from './errors.ts';
import type { Locale } from './i18n/index.ts';
import { localizeMessage } from './i18n/messages.ts';

export interface FieldIssue {
  field: string;
  message: string;
}

/** A validation failure: the first issue names the field, all issues are kept for forms. */
export class ValidationError extends AppError {
  readonly issues: FieldIssue[];
  constructor(issues: FieldIssue[]) {
    super('validation', `${issues[0].field ? issues[0].field + ': ' : ''}${issues[0].message}`, issues[0].field || undefined);
    this.issues = issues;
  }
  override toJSON() {
    const base = super.toJSON();
    return { error: { ...base.error, issues: this.issues } };
  }
}

const localeErrors = {
  fr: z.locales.fr().localeError,
  en: z.locales.en().localeError,
  de: z.locales.de().localeError,
} as const;

export function parse<S extends z.ZodType>(schema: S, input: unknown, locale: Locale = 'en'): z.infer<S> {
  const result = schema.safeParse(input, { error: localeErrors[locale] });
  if (result.success) return result.data;
  throw new ValidationError(
    result.error.issues.map((issue) => ({
      // An unknown key is reported on the object that holds it; name the key itself.
      field: [...issue.path, ...(issue.code === 'unrecognized_keys' ? issue.keys.slice(0, 1) : [])].join('.'),
      message: localizeMessage(locale, issue.message),
    })),
  );
}

export function fieldError(field: string, message: string): ValidationError {
  return new ValidationError([{ field, message }]);
}

/** Rejects strings holding lone surrogates or NUL, which are never meaningful text. */
export const text = (max: number) =>
  z
    .string()
    .max(max)
    .refine((value) => value.isWellFormed() && !value.includes('\u0000'), 'Invalid characters');
