import { describe, expect, it } from 'vitest';
import { reasonBodySchema, visitReviseBodySchema } from '../src/api/logs';
import { MAX_UPLOAD_BYTES, detectImageType, photoProblem } from '../src/domain/photos';
import { textLength } from '../src/domain/text';

describe('textLength counts as the API’s zod schemas do', () => {
  it('counts code points of the trimmed text: 👍🏽 2, 🇨🇳 2, a ZWJ family 5', () => {
    expect(textLength('  好  ')).toBe(1);
    expect(textLength('👍🏽')).toBe(2);
    expect(textLength('🇨🇳')).toBe(2);
    expect(textLength('👨‍👩‍👧')).toBe(5);
  });

  it('agrees with the schemas exactly at the limit', () => {
    const at = `${'退'.repeat(498)}👍🏽`;
    const over = `${'退'.repeat(499)}👍🏽`;
    expect(textLength(at)).toBe(500);
    expect(reasonBodySchema.safeParse({ reason: at }).success).toBe(true);
    expect(textLength(over)).toBe(501);
    expect(reasonBodySchema.safeParse({ reason: over }).success).toBe(false);
    const findings = (text: string) =>
      visitReviseBodySchema.safeParse({ revision: 1, duties: ['law_publicity'], findings: text }).success;
    expect(findings(`${'走'.repeat(3995)}👨‍👩‍👧`)).toBe(true);
    expect(findings(`${'走'.repeat(3996)}👨‍👩‍👧`)).toBe(false);
  });
});

describe('photoProblem: what the upload route refuses before decoding', () => {
  const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0]);
  it('refuses empty, oversize and non-image bytes with the server’s messages', () => {
    expect(photoProblem(new Uint8Array())?.code).toBe('upload_missing');
    const big = new Uint8Array(MAX_UPLOAD_BYTES + 1);
    big.set(jpeg);
    expect(photoProblem(big)).toEqual({ code: 'upload_too_large', message: '图片不能超过 10 MB' });
    expect(photoProblem(new TextEncoder().encode('%PDF-1.7'))?.code).toBe('upload_type_invalid');
    expect(photoProblem(jpeg)).toBeNull();
    expect(detectImageType(jpeg)).toBe('image/jpeg');
  });
});
