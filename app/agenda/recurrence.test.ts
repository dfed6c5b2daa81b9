import { describe, expect, it } from 'vitest';
import { checkSeries, occurrencesBetween, type Series } from './recurrence.ts';

const series = (fields: Partial<Series>): Series => ({
  startsAt: '2027-01-05T17:00:00Z', endsAt: '2027-01-05T19:00:00Z', allDay: false, timezone: 'Europe/Paris', rrule: null, exdates: [], ...fields,
});
const starts = (s: Series, from: string, to: string) => occurrencesBetween(s, new Date(from), new Date(to)).occurrences.map((o) => o.startsAt);

describe('recurring dates', () => {
  it('keep their local time across daylight-saving changes', () => {
    const tuesdays = series({ rrule: 'FREQ=WEEKLY;BYDAY=TU' }); // 18:00 in Paris
    expect(starts(tuesdays, '2027-03-20T00:00:00Z', '2027-04-07T00:00:00Z')).toEqual([
      '2027-03-23T17:00:00.000Z', // 18:00 CET
      '2027-03-30T16:00:00.000Z', // 18:00 CEST, after the clocks went forward on 28 March
      '2027-04-06T16:00:00.000Z',
    ]);
  });

  it('leave out the excluded dates and stop at COUNT or UNTIL', () => {
    const five = series({ rrule: 'FREQ=DAILY;COUNT=5', exdates: ['2027-01-07T17:00:00Z'] });
    expect(starts(five, '2027-01-01T00:00:00Z', '2028-01-01T00:00:00Z')).toHaveLength(4);
    const untilJune = series({ rrule: 'FREQ=MONTHLY;BYDAY=1SA;UNTIL=20270630T220000Z', startsAt: '2027-01-02T08:00:00Z', endsAt: null });
    expect(starts(untilJune, '2027-01-01T00:00:00Z', '2030-01-01T00:00:00Z')).toHaveLength(6);
  });

  it('find an occurrence that began before the window and is still running', () => {
    const evenings = series({ rrule: 'FREQ=DAILY' });
    expect(starts(evenings, '2027-02-01T18:00:00Z', '2027-02-01T18:30:00Z')).toEqual(['2027-02-01T17:00:00.000Z']);
  });

  it('give the same dates far from their first one as when counted from it', () => {
    const inMarch2027 = (iso: string) => iso >= '2027-03-01' && iso < '2027-04-01';
    for (const s of [
      series({ startsAt: '2021-01-05T17:00:00Z', endsAt: '2021-01-05T19:00:00Z', rrule: 'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,TH' }),
      series({ startsAt: '2023-05-01T06:00:00Z', endsAt: '2023-05-01T07:00:00Z', rrule: 'FREQ=DAILY', exdates: ['2027-03-03T06:00:00Z'] }),
      series({ startsAt: '2022-10-29T23:30:00Z', endsAt: '2022-10-30T01:30:00Z', rrule: 'FREQ=WEEKLY;UNTIL=20280101T000000Z' }),
    ]) {
      const fromTheStart = starts(s, s.startsAt, '2027-04-01T00:00:00Z').filter(inMarch2027);
      expect(fromTheStart.length).toBeGreaterThan(1);
      expect(starts(s, '2027-03-01T00:00:00Z', '2027-04-01T00:00:00Z')).toEqual(fromTheStart);
    }
  });

  it('are bounded for a rule without end', () => {
    const forever = series({ rrule: 'FREQ=DAILY', endsAt: null });
    const { occurrences, truncated } = occurrencesBetween(forever, new Date('2027-01-01T00:00:00Z'), new Date('2037-01-01T00:00:00Z'));
    expect(occurrences).toHaveLength(2000);
    expect(truncated).toBe(true);
  });

  it('refuse an invalid rule, an unknown time zone and an end before the start, naming the field', () => {
    expect(() => checkSeries(series({ rrule: 'FREQ=SOMETIMES' }))).toThrow(expect.objectContaining({ field: 'rrule' }));
    expect(() => checkSeries(series({ rrule: 'RRULE:FREQ=DAILY' }))).toThrow(expect.objectContaining({ field: 'rrule' }));
    expect(() => checkSeries(series({ rrule: 'FREQ=MINUTELY' }))).toThrow(expect.objectContaining({ field: 'rrule' }));
    expect(() => checkSeries(series({ timezone: 'Europe/Atlantis' }))).toThrow(expect.objectContaining({ field: 'timezone' }));
    expect(() => checkSeries(series({ endsAt: '2027-01-05T16:00:00Z' }))).toThrow(expect.objectContaining({ field: 'endsAt' }));
  });
});
