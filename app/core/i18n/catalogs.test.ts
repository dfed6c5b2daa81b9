import { describe, it, expect } from 'vitest';
import { catalogs, locales, negotiateLocale, translator } from './index.ts';

const placeholders = (text: string): string[] => [...new Set(text.match(/\{\w+\}/g) ?? [])].sort();

describe('catalogs', () => {
  const allKeys = [...new Set(locales.flatMap((locale) => Object.keys(catalogs[locale])))].sort();

  it.each(locales)('%s has every key of every other catalog', (locale) => {
    expect(Object.keys(catalogs[locale]).sort()).toEqual(allKeys);
  });

  it.each(locales)('%s has no empty value', (locale) => {
    const empty = Object.entries(catalogs[locale])
      .filter(([, value]) => typeof value !== 'string' || value.trim() === '')
      .map(([key]) => key);
    expect(empty).toEqual([]);
  });

  it.each(locales)('%s keeps the placeholders of the English text', (locale) => {
    const catalog: Record<string, string> = catalogs[locale];
    const english: Record<string, string> = catalogs.en;
    const mismatched = Object.keys(english).filter(
      (key) => placeholders(catalog[key] ?? '').join() !== placeholders(english[key]).join(),
    );
    expect(mismatched).toEqual([]);
  });

  it('French and German are actually translated', () => {
    expect(catalogs.fr['nav.login']).toBe('Se connecter');
    expect(catalogs.de['nav.login']).toBe('Anmelden');
    expect(catalogs.fr).not.toEqual(catalogs.en);
    expect(catalogs.de).not.toEqual(catalogs.en);
  });
});

describe('negotiateLocale', () => {
  it('lets the cookie win over Accept-Language', () => {
    expect(negotiateLocale('en', 'de-DE,de;q=0.9')).toBe('en');
    expect(negotiateLocale('de', 'fr-FR')).toBe('de');
  });

  it('ignores an unknown cookie', () => {
    expect(negotiateLocale('xx', 'de-DE,de;q=0.9')).toBe('de');
  });

  it('reads Accept-Language', () => {
    expect(negotiateLocale(undefined, 'de-DE,de;q=0.9')).toBe('de');
    expect(negotiateLocale(undefined, 'es-ES,es;q=0.9,en;q=0.5')).toBe('en');
    expect(negotiateLocale(undefined, 'fr;q=0.3,de;q=0.8')).toBe('de');
  });

  it('falls back to French', () => {
    expect(negotiateLocale(undefined, 'es')).toBe('fr');
    expect(negotiateLocale(undefined, undefined)).toBe('fr');
    expect(negotiateLocale(undefined, '')).toBe('fr');
  });

  it('falls back to the box’s own language when it has one', () => {
    expect(negotiateLocale(undefined, 'es', 'de')).toBe('de');
    expect(negotiateLocale(undefined, 'en', 'de')).toBe('en');
    expect(negotiateLocale(undefined, undefined, 'xx')).toBe('fr');
  });

  it('ignores languages with q=0', () => {
    expect(negotiateLocale(undefined, 'de;q=0')).toBe('fr');
    expect(negotiateLocale(undefined, 'de;q=0,en;q=0.1')).toBe('en');
  });
});

describe('translator', () => {
  it('substitutes parameters', () => {
    expect(translator('en')('form.editTitle', { name: 'Café' })).toBe('Edit Café');
    expect(translator('fr')('admin.demoCount', { count: 3 })).toBe('3 éléments de démonstration sur cette box.');
    expect(translator('de')('me.signedInAs', { username: 'anna' })).toBe('Angemeldet als anna');
  });

  it('substitutes several parameters and leaves missing ones as they are', () => {
    expect(translator('en')('home.territory', { name: 'Valley', communes: 12, population: 3400 })).toBe(
      'Valley: 12 communes, 3400 inhabitants.',
    );
    expect(translator('en')('home.territory', { name: 'Valley' })).toBe(
      'Valley: {communes} communes, {population} inhabitants.',
    );
  });

  it('returns the template when no parameters are given', () => {
    expect(translator('fr')('nav.register')).toBe('Créer un compte');
  });
});
