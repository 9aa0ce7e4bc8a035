// Unified social credit code (统一社会信用代码), GB 32100-2015.
import { toHalfWidth } from './text';

const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = Array.from({ length: 17 }, (_, i) => 3 ** i % 31);
const BODY = /^[0-9ABCDEFGHJKLMNPQRTUWXY]{17}$/;

/** As people type it: full-width characters to half-width, spaces dropped, letters upper-cased. */
export function normalizeUscc(input: string): string {
  return toHalfWidth(input).replace(/\s/g, '').toUpperCase();
}

/** Letters the code never uses (GB 32100-2015 leaves out I, O, Z, S, V) and what was probably meant. */
const LOOK_ALIKES: Record<string, string> = {
  O: '数字 0',
  I: '数字 1',
  Z: '数字 2',
  S: '数字 5',
  V: '字母 U',
};

/**
 * What is wrong with a normalized code, in Chinese for the person who typed it, or null when it is
 * valid: length, a look-alike letter, another stray character, an all-zero 主体标识码 (positions
 * 9–17: a placeholder, never issued) or a wrong check character.
 */
export function usccProblem(code: string): string | null {
  if (!code) return '统一社会信用代码不能为空';
  if (code.length !== 18) return `统一社会信用代码应为 18 位（现为 ${code.length} 位）`;
  const lookAlike = [...code].findIndex((c) => c in LOOK_ALIKES);
  if (lookAlike >= 0) {
    const letter = code.charAt(lookAlike);
    return `统一社会信用代码不含字母 I、O、Z、S、V：第 ${lookAlike + 1} 位可能把${LOOK_ALIKES[letter]} 输成了字母 ${letter}`;
  }
  if (!/^[0-9A-Z]{18}$/.test(code)) return '统一社会信用代码应为 18 位数字或大写字母';
  if (!BODY.test(code.slice(0, 17)) || !/^[0-9ABCDEFGHJKLMNPQRTUWXY]$/.test(code.charAt(17)))
    return '统一社会信用代码含有不使用的字母';
  if (/^0{9}$/.test(code.slice(8, 17))) return '统一社会信用代码的主体标识码（第 9–17 位）不能全为 0';
  return usccCheckChar(code.slice(0, 17)) === code.charAt(17) ? null : '统一社会信用代码校验位不正确';
}

export function usccCheckChar(first17: string): string | null {
  if (!BODY.test(first17)) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CHARSET.indexOf(first17.charAt(i)) * WEIGHTS[i]!;
  return CHARSET.charAt((31 - (sum % 31)) % 31);
}

/** A well-formed code with the right check character and a 主体标识码 that is not all zeros. */
export function isValidUscc(code: string): boolean {
  return (
    code.length === 18 &&
    !/^0{9}$/.test(code.slice(8, 17)) &&
    usccCheckChar(code.slice(0, 17)) === code.charAt(17)
  );
}

export function makeUscc(first17: string): string {
  const check = usccCheckChar(first17);
  if (check === null) throw new Error(`Invalid USCC body: ${first17}`);
  return first17 + check;
}
