// "@slug" in a comment names a person of the box; each one named who may read the thread is told once.
import type { Db } from '../core/db/database.ts';
import { findElementBySlug } from '../elements/storage.ts';

// Not after a letter, digit or @: "anna@example.org" names nobody.
const mentionPattern = /(?<![\w@])@([a-z0-9]+(?:-[a-z0-9]+)*)/g;

/** More names than this in one comment are not looked up: a comment is not a mailing list. */
const maxMentions = 10;

export function mentionedSlugs(body: string): string[] {
  return [...new Set([...body.matchAll(mentionPattern)].map((match) => match[1]))].slice(0, maxMentions);
}

/** The persons a text mentions, by id. */
export function mentionedPersons(db: Db, body: string): string[] {
  return mentionedSlugs(body)
    .map((slug) => findElementBySlug(db, slug))
    .filter((element) => element?.type === 'person')
    .map((element) => element!.id);
}
