import { describe, expect, it } from 'vitest';
import { createSecretBox, SecretBoxError } from '../src/lib/secret-box';

const KEY = 'k'.repeat(24) + '-test-secrets-key-0001';
const box = createSecretBox(KEY);
const robotSecret = 'SECc1b2a3d4e5f60718293a4b5c6d7e8f90123456789abcdef0123456789abcdef';

describe('secret box', () => {
  it('opens what it sealed, and the sealed form does not contain the secret', () => {
    const sealed = box.seal(robotSecret);
    expect(sealed).toMatch(/^v1:[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain(robotSecret.slice(3, 20));
    expect(box.open(sealed)).toBe(robotSecret);
    expect(box.open(box.seal('机器人密钥'))).toBe('机器人密钥');
  });

  it('seals the same secret differently each time', () => {
    expect(box.seal(robotSecret)).not.toBe(box.seal(robotSecret));
  });

  it('refuses a value whose ciphertext, tag or iv was altered', () => {
    const sealed = box.seal(robotSecret);
    const packed = Buffer.from(sealed.slice(3), 'base64url');
    for (const index of [0, 12, 28, packed.length - 1]) {
      const altered = Buffer.from(packed);
      altered[index]! ^= 0x01;
      expect(() => box.open(`v1:${altered.toString('base64url')}`)).toThrow(SecretBoxError);
    }
    expect(() => box.open(`${sealed}x`)).toThrow(SecretBoxError);
    expect(() => box.open(sealed.slice(0, 20))).toThrow(SecretBoxError);
    expect(() => box.open(robotSecret)).toThrow(SecretBoxError);
  });

  it('does not open with another key', () => {
    const other = createSecretBox('another-environment-key-of-enough-length');
    expect(() => other.open(box.seal(robotSecret))).toThrow(SecretBoxError);
  });

  it('binds a context, so a secret copied to another work group does not open there', () => {
    const sealed = box.seal(robotSecret, 'work-group:17');
    expect(box.open(sealed, 'work-group:17')).toBe(robotSecret);
    expect(() => box.open(sealed, 'work-group:18')).toThrow(SecretBoxError);
    expect(() => box.open(sealed)).toThrow(SecretBoxError);
  });

  it('refuses a key too short to be a real secret', () => {
    expect(() => createSecretBox('short')).toThrow(RangeError);
  });
});
