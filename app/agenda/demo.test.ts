import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestBox, type TestBox } from '../testing/test-box.ts';

let box: TestBox;
beforeAll(() => { box = createTestBox({ demo: true }); });
afterAll(() => box.close());

describe('demo agenda', () => {
  it('shows the recurring demo events: every Tuesday, and the first Saturday of the month', async () => {
    const response = await box.request('/api/v1/events');
    const { items } = (await response.json()) as { items: { startsAt: string; event: { name: string } }[] };
    const weekday = (iso: string) => new Intl.DateTimeFormat('en', { weekday: 'short', timeZone: 'Europe/Paris' }).format(new Date(iso));
    const tuesdays = items.filter((item) => item.event.name === 'Cours d’informatique pour tous');
    expect(tuesdays.length).toBeGreaterThanOrEqual(3);
    expect(tuesdays.every((item) => weekday(item.startsAt) === 'Tue')).toBe(true);
    const saturdays = ((await (await box.request(`/api/v1/events?to=${new Date(Date.now() + 300 * 86_400_000).toISOString()}`)).json()) as { items: typeof items }).items
      .filter((item) => item.event.name === 'Chantier participatif au four à pain');
    expect(saturdays.length).toBeGreaterThanOrEqual(7);
    expect(saturdays.every((item) => weekday(item.startsAt) === 'Sat' && Number(item.startsAt.slice(8, 10)) <= 7)).toBe(true);
    expect(await (await box.request('/agenda')).text()).toContain('Cours d’informatique pour tous');
  });
});
