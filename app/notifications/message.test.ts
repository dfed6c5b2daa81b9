// Every kind, and every variant the flows use, reads as a sentence in each language; dates follow the box's clock.
import { describe, expect, it } from 'vitest';
import { locales, translator } from '../core/i18n/index.ts';
import { notificationKinds } from './notify.ts';
import { isLocalPath, notificationMessage } from './message.ts';
import type { Notification } from './storage.ts';

const variants: Record<string, string[]> = {
  join_request: ['joined'], join_answer: ['accepted', 'declined'], comment: ['reply'],
  moderation: ['hidden', 'restored', 'report'], booking: ['request', 'booked', 'approved', 'refused', 'cancelled'],
};

const notification = (kind: Notification['kind'], params: Notification['params'], actor = true): Notification => ({
  id: '0', kind, params, subjectUrl: '/', readAt: null, createdAt: '2030-01-01T00:00:00Z',
  actor: actor ? { id: '1', name: 'Zoé', slug: 'zoe' } : null,
});

describe('notification sentences', () => {
  it.each(locales)('every kind and variant has a sentence in %s, with every placeholder filled', (locale) => {
    const reader = { t: translator(locale), locale, timezone: 'Europe/Paris' };
    for (const kind of notificationKinds) {
      for (const variant of [undefined, ...(variants[kind] ?? [])]) {
        const params = { name: 'Fête', room: 'Salle', startsAt: '2030-06-01T16:00:00Z', ...(variant ? { variant } : {}) };
        const message = notificationMessage(reader, notification(kind, params));
        expect(message, `${kind} ${variant}`).not.toMatch(/[{}]|notification\./);
      }
    }
  });

  it('falls back to the short sentence when the params lack a name, and to "someone" without an actor', () => {
    const reader = { t: translator('en'), locale: 'en' as const, timezone: 'Europe/Paris' };
    expect(notificationMessage(reader, notification('mention', {}))).toBe('Zoé mentioned you');
    expect(notificationMessage(reader, notification('wall_post', { name: 'Chorale' }, false))).toBe('Someone posted on the wall of Chorale');
  });

  it('shows a date in the box time zone', () => {
    const reader = { t: translator('fr'), locale: 'fr' as const, timezone: 'Europe/Paris' };
    const message = notificationMessage(reader, notification('booking', { variant: 'approved', room: 'Salle', name: 'Club', startsAt: '2030-06-01T16:00:00Z' }));
    expect(message).toContain('18:00');
  });

  it('follows only paths on this box', () => {
    expect(['/e/x', '/e/x#post-1', '/rooms/bookings?x=1'].every(isLocalPath)).toBe(true);
    expect(['//evil.example', '/\\evil.example', 'https://evil.example', 'javascript:alert(1)', '', '/a b'].some(isLocalPath)).toBe(false);
  });
});
