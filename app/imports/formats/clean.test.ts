// Dates as collectivities write them: ISO or French day/month/year, with impossible days and the register's
// "0001-01-01" placeholder read as no date at all.
import { describe, expect, it } from 'vitest';
import { frenchDate } from './clean.ts';

describe('frenchDate', () => {
  it('reads ISO and French dates', () => {
    expect(frenchDate('2026-03-01')).toBe('2026-03-01');
    expect(frenchDate('2026-03-01 10:00:00')).toBe('2026-03-01');
    expect(frenchDate('01/03/2026')).toBe('2026-03-01');
    expect(frenchDate(' 1/3/2026 ')).toBe('2026-03-01');
  });

  it('knows leap years and the length of each month', () => {
    expect(frenchDate('2024-02-29')).toBe('2024-02-29');
    expect(frenchDate('2000-02-29')).toBe('2000-02-29');
    expect(frenchDate('1900-02-29')).toBeUndefined();
    expect(frenchDate('2023-02-29')).toBeUndefined();
    expect(frenchDate('31/04/2024')).toBeUndefined();
    expect(frenchDate('2024-12-31')).toBe('2024-12-31');
  });

  it('reads placeholders and nonsense as no date', () => {
    for (const value of ['0001-01-01', '2024-13-01', '2024-00-10', '2024-01-00', '32/01/2024', 'demain', '', undefined]) {
      expect(frenchDate(value)).toBeUndefined();
    }
  });
});
