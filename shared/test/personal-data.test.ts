import { describe, it, expect } from 'vitest';
import { isMainlandMobile, maskMobile } from '../src/domain/personal-data';

describe('maskMobile', () => {
  it('masks the middle four digits of an 11-digit number (DOMAIN §6)', () => {
    expect(maskMobile('13812341234')).toBe('138****1234');
    expect(maskMobile('01234567890')).toBe('012****7890');
  });

  it('keeps the first 3 and last 4 characters of other long strings', () => {
    expect(maskMobile('057187654321')).toBe('057*****4321');
    expect(maskMobile('12345678')).toBe('123*5678');
  });

  it('masks short strings entirely', () => {
    expect(maskMobile('1234567')).toBe('*******');
    expect(maskMobile('')).toBe('');
  });
});

describe('isMainlandMobile', () => {
  it('accepts 1[3-9] followed by nine digits', () => {
    expect(isMainlandMobile('13812341234')).toBe(true);
    expect(isMainlandMobile('19912341234')).toBe(true);
  });

  it('rejects other shapes', () => {
    expect(isMainlandMobile('12812341234')).toBe(false);
    expect(isMainlandMobile('1381234123')).toBe(false);
    expect(isMainlandMobile('138123412345')).toBe(false);
    expect(isMainlandMobile('+8613812341234')).toBe(false);
    expect(isMainlandMobile('138 1234 1234')).toBe(false);
  });
});
