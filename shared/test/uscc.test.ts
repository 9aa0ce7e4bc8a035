import { describe, it, expect } from 'vitest';
import { isValidUscc, makeUscc, normalizeUscc, usccCheckChar } from '../src/domain/uscc';

const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

describe('uscc', () => {
  it('accepts the GB 32100-2015 worked example', () => {
    expect(isValidUscc('91350100M000100Y43')).toBe(true);
    expect(usccCheckChar('91350100M000100Y4')).toBe('3');
  });

  it('accepts a real code', () => {
    expect(isValidUscc('914403001922038216')).toBe(true);
  });

  it('rejects every one-character mutation', () => {
    for (const code of ['91350100M000100Y43', '914403001922038216']) {
      for (let i = 0; i < code.length; i++) {
        for (const c of CHARSET) {
          if (c === code[i]) continue;
          const mutated = code.slice(0, i) + c + code.slice(i + 1);
          expect(isValidUscc(mutated), mutated).toBe(false);
        }
      }
    }
  });

  it('rejects wrong lengths', () => {
    expect(isValidUscc('')).toBe(false);
    expect(isValidUscc('91350100M000100Y4')).toBe(false);
    expect(isValidUscc('91350100M000100Y433')).toBe(false);
  });

  it('rejects the forbidden letters I, O, Z, S, V', () => {
    for (const c of 'IOZSV') {
      expect(isValidUscc(`91350100M000100Y${c}3`)).toBe(false);
      expect(usccCheckChar(`91350100M000100Y${c}`)).toBeNull();
    }
  });

  it('requires uppercase; normalizeUscc trims and uppercases', () => {
    expect(isValidUscc('91350100m000100y43')).toBe(false);
    expect(normalizeUscc('  91350100m000100y43 ')).toBe('91350100M000100Y43');
    expect(isValidUscc(normalizeUscc('  91350100m000100y43 '))).toBe(true);
  });

  it('makeUscc appends the check character', () => {
    expect(makeUscc('91350100M000100Y4')).toBe('91350100M000100Y43');
    expect(isValidUscc(makeUscc('91330106MA2AAAAA0'))).toBe(true);
    expect(() => makeUscc('short')).toThrow();
  });

  it('a check value of 0 maps to the character 0', () => {
    const body = '91330106MA2AAAAA';
    const code = [...CHARSET].map((c) => makeUscc(body + c)).find((c) => c.endsWith('0'));
    expect(code).toBeDefined();
    expect(isValidUscc(code!)).toBe(true);
  });
});
