import { describe, it, expect } from 'vitest';
import { isValidUscc, makeUscc, normalizeUscc, usccCheckChar, usccProblem } from '../src/domain/uscc';

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

describe('uscc as people type it', () => {
  it('folds full-width characters and drops spaces', () => {
    expect(normalizeUscc('９１３５０１００Ｍ０００１００Ｙ４３')).toBe('91350100M000100Y43');
    expect(normalizeUscc(' 91350100 m000100y43 ')).toBe('91350100M000100Y43');
  });

  it('names the look-alike letters the code never uses (I, O, Z, S, V)', () => {
    expect(usccProblem('91350100MO00100Y43')).toBe(
      '统一社会信用代码不含字母 I、O、Z、S、V：第 10 位可能把数字 0 输成了字母 O',
    );
    expect(usccProblem('9I350100M000100Y43')).toContain('第 2 位可能把数字 1 输成了字母 I');
    expect(usccProblem('91350100M000100S43')).toContain('数字 5');
  });

  it('refuses an all-zero 主体标识码 even with a matching check character', () => {
    const zeros = makeUscc('91330106000000000');
    expect(isValidUscc(zeros)).toBe(false);
    expect(usccProblem(zeros)).toBe('统一社会信用代码的主体标识码（第 9–17 位）不能全为 0');
  });

  it('explains length and check-character errors, and accepts a valid code', () => {
    expect(usccProblem('9135010')).toBe('统一社会信用代码应为 18 位（现为 7 位）');
    expect(usccProblem('91350100M000100Y44')).toBe('统一社会信用代码校验位不正确');
    expect(usccProblem('91350100M000100Y43')).toBeNull();
  });
});
