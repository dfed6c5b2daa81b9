// Values decoded one by one: UTF-8 when their bytes are UTF-8, Windows-1252 otherwise, whatever shortcut
// decodeRaw takes for Latin-1 text.
import { describe, expect, it } from 'vitest';
import { EncodingTally } from './text.ts';

const latin1 = (bytes: number[]) => Buffer.from(bytes).toString('latin1');

describe('EncodingTally', () => {
  it('reads Latin-1, Windows-1252 and UTF-8 values right, and counts them', () => {
    const tally = new EncodingTally();
    expect(tally.decodeRaw('Dieulefit', 1)).toBe('Dieulefit');
    expect(tally.decodeRaw(Buffer.from('Comité des fêtes', 'latin1').toString('latin1'), 2)).toBe('Comité des fêtes');
    expect(tally.decodeRaw(latin1([0x6c, 0x92, 0xe9, 0x74, 0xe9]), 3)).toBe('l’été');
    expect(tally.decodeRaw(Buffer.from('Bézaudun-sur-Bîne', 'utf8').toString('latin1'), 4)).toBe('Bézaudun-sur-Bîne');
    expect({ utf8: tally.utf8, windows1252: tally.windows1252, encoding: tally.encoding }).toEqual({ utf8: 1, windows1252: 2, encoding: 'windows-1252' });
    expect(tally.mixedWarning).toMatch(/mixes UTF-8 and Latin-1 text.*lines 4 \(UTF-8\)/);
  });

  it('decodes every byte after every byte as its bytes decoded whole would', () => {
    const shortcut = new EncodingTally();
    const whole = new EncodingTally();
    for (let first = 0x80; first <= 0xff; first++) {
      for (let second = 0x20; second <= 0xff; second++) {
        const bytes = [0x41, first, second, 0x42];
        expect(shortcut.decodeRaw(latin1(bytes), 1)).toBe(whole.decode(Buffer.from(bytes), 1));
      }
    }
    expect([shortcut.utf8, shortcut.windows1252]).toEqual([whole.utf8, whole.windows1252]);
  });
});
