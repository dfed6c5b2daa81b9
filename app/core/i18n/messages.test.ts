import { describe, it, expect } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { localizeMessage, messages } from './messages.ts';

const appDir = join(import.meta.dirname, '..', '..');

/** The source of every non-test `.ts` file under app/. */
function sources(): { file: string; source: string }[] {
  return readdirSync(appDir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
    .map((file) => ({ file: relative(appDir, join(appDir, file)), source: readFileSync(join(appDir, file), 'utf8') }));
}

// A string literal in single quotes (the code's style); `\'` is not used in messages.
const str = String.raw`'([^'\\\n]+)'`;
// Where the code writes a message for people; group 1 is the message (or the noun of `notFound`).
const literalPatterns: RegExp[] = [
  new RegExp(String.raw`new AppError\(\s*'\w+',\s*${str}`, 'g'),
  new RegExp(String.raw`fieldError\(\s*'[\w.]+',\s*${str}`, 'g'),
  new RegExp(String.raw`forbidden\(\s*${str}`, 'g'),
  new RegExp(String.raw`(?<!app\.)notFound\(\s*${str}`, 'g'),
  new RegExp(String.raw`\(message = ${str}\)`, 'g'), // the default of forbidden()
  new RegExp(String.raw`\.regex\(/(?:[^/\\\n]|\\.)+/[a-z]*,\s*${str}`, 'g'),
  new RegExp(String.raw`\.(?:min|max|length)\([^,()]+,\s*${str}`, 'g'),
  new RegExp(String.raw`\.refine\((?:[^']|'[^']*')*?,\s*${str}\s*\)`, 'g'),
  new RegExp(String.raw`\bmessage:\s*${str}`, 'g'),
];
// The same places written as template literals: group 1 is the template text.
const template = '`([^`]+)`';
const templatePatterns: RegExp[] = [
  new RegExp(String.raw`new AppError\(\s*'\w+',\s*${template}`, 'g'),
  new RegExp(String.raw`fieldError\(\s*'[\w.]+',\s*${template}`, 'g'),
  new RegExp(String.raw`forbidden\(\s*${template}`, 'g'),
  new RegExp(String.raw`\bmessage:\s*(?:[^\`,;]+\?\s*)?${template}(?:\s*:\s*${template})?`, 'g'),
];

function found(patterns: RegExp[]): Map<string, string> {
  const where = new Map<string, string>();
  for (const { file, source } of sources()) {
    for (const pattern of patterns) {
      for (const match of source.matchAll(pattern)) {
        for (const text of match.slice(1)) {
          if (text !== undefined && !where.has(text)) where.set(text, file);
        }
      }
    }
  }
  return where;
}

const notFoundNoun = (message: string) => /^(.+) not found$/.exec(message)?.[1];
const translated = (message: string) =>
  message in messages || (notFoundNoun(message) !== undefined && notFoundNoun(message)! in messages);

// A value for each `${…}` of a template: an element type where the code puts one, else a number.
const sample = (expression: string) => (/type/i.test(expression) ? 'event' : '12');

const placeholders = (text: string): string[] => [...new Set(text.match(/\{\w+\}/g) ?? [])].sort();

describe('messages', () => {
  it('has a translation for every message written in the code', () => {
    const literals = found(literalPatterns);
    expect(literals.size).toBeGreaterThan(40); // the scan still finds the messages
    const missing = [...literals].filter(([message]) => !translated(message)).map(([message, file]) => `${file}: ${message}`);
    expect(missing).toEqual([]);
  });

  it('translates every message built from a template in the code', () => {
    const templates = found(templatePatterns);
    expect(templates.size).toBeGreaterThan(5);
    const missing = [...templates]
      .filter(([text]) => {
        // `${what} not found` is itself a key, written with {what}.
        if (text.replace(/\$\{(?:[^}]*\.)?(\w+)\}/g, '{$1}') in messages) return false;
        const example = text.replace(/\$\{([^}]+)\}/g, (_, expression: string) => sample(expression));
        return localizeMessage('fr', example) === example || localizeMessage('de', example) === example;
      })
      .map(([text, file]) => `${file}: ${text}`);
    expect(missing).toEqual([]);
  });

  it('has a non-empty French and German text for every entry, with the same placeholders', () => {
    const wrong = Object.entries(messages)
      .filter(([english, { fr, de }]) =>
        [fr, de].some((text) => typeof text !== 'string' || text.trim() === '' || placeholders(text).join() !== placeholders(english).join()),
      )
      .map(([english]) => english);
    expect(wrong).toEqual([]);
  });

  it('uses the typographic apostrophe in French', () => {
    expect(Object.entries(messages).filter(([, { fr }]) => fr.includes("'")).map(([english]) => english)).toEqual([]);
  });
});

describe('localizeMessage', () => {
  it('returns English as it is', () => {
    expect(localizeMessage('en', 'Sign in first')).toBe('Sign in first');
    expect(localizeMessage('en', 'Choose a kind: a, b')).toBe('Choose a kind: a, b');
  });

  it('translates a message', () => {
    expect(localizeMessage('fr', 'Sign in first')).toBe('Connectez-vous d’abord');
    expect(localizeMessage('de', 'Sign in first')).toBe('Bitte melden Sie sich zuerst an');
  });

  it('translates "<What> not found"', () => {
    expect(localizeMessage('fr', 'Element not found')).toBe('Élément introuvable');
    expect(localizeMessage('de', 'Join request not found')).toBe('Beitrittsanfrage nicht gefunden');
  });

  it('translates messages built with values, keeping kind lists', () => {
    expect(localizeMessage('fr', 'Choose a kind: a, b')).toBe('Choisissez un type\u00a0: a, b');
    expect(localizeMessage('de', 'Unknown kind; one of: a, b')).toBe('Unbekannte Art; möglich sind: a, b');
    expect(localizeMessage('fr', 'One cannot join a poi')).toBe('Vous ne pouvez pas rejoindre un lieu');
    expect(localizeMessage('de', 'One cannot join a person')).toBe('Sie können einer Person nicht beitreten');
    expect(localizeMessage('fr', 'A project has no kind')).toBe('Un projet n’a pas de type');
    expect(localizeMessage('de', 'Too many failed sign-ins; try again in 3 min')).toContain('in 3 Min.');
  });

  it('keeps the field a validation error starts with', () => {
    expect(localizeMessage('de', 'slug: Lowercase letters, digits and dashes only')).toBe('slug: Nur Kleinbuchstaben, Ziffern und Bindestriche');
    expect(localizeMessage('fr', 'slug: something else')).toBe('slug: something else');
  });

  it('returns an unknown message unchanged', () => {
    expect(localizeMessage('fr', 'Something nobody wrote')).toBe('Something nobody wrote');
    expect(localizeMessage('de', 'Gadget not found')).toBe('Gadget not found');
  });
});
