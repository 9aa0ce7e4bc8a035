// Unified social credit code (统一社会信用代码), GB 32100-2015.
const CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = Array.from({ length: 17 }, (_, i) => 3 ** i % 31);
const BODY = /^[0-9ABCDEFGHJKLMNPQRTUWXY]{17}$/;

export function normalizeUscc(input: string): string {
  return input.trim().toUpperCase();
}

export function usccCheckChar(first17: string): string | null {
  if (!BODY.test(first17)) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += CHARSET.indexOf(first17.charAt(i)) * WEIGHTS[i]!;
  return CHARSET.charAt((31 - (sum % 31)) % 31);
}

export function isValidUscc(code: string): boolean {
  return code.length === 18 && usccCheckChar(code.slice(0, 17)) === code.charAt(17);
}

export function makeUscc(first17: string): string {
  const check = usccCheckChar(first17);
  if (check === null) throw new Error(`Invalid USCC body: ${first17}`);
  return first17 + check;
}
