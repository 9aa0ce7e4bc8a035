import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Encrypts secrets kept in the database (robot webhook tokens and signing secrets) with AES-256-GCM.
 * Sealed form: `v1:` + base64url(iv | tag | ciphertext). `context` (e.g. the row's id) is bound as
 * associated data, so a sealed value copied onto another row does not open there.
 */
export interface SecretBox {
  seal(plain: string, context?: string): string;
  /** Throws SecretBoxError when the value was altered, belongs elsewhere or was sealed with another key. */
  open(sealed: string, context?: string): string;
}

export class SecretBoxError extends Error {
  override name = 'SecretBoxError';
}

const PREFIX = 'v1:';
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const MIN_SECRETS_KEY_LENGTH = 32;

/** `key` is the SECRETS_KEY environment value; the AES key is derived from it with HKDF-SHA256. */
export function createSecretBox(key: string): SecretBox {
  if (key.length < MIN_SECRETS_KEY_LENGTH)
    throw new RangeError(`the secrets key must be at least ${MIN_SECRETS_KEY_LENGTH} characters`);
  const aesKey = Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), 'coordnet secret-box v1', 32));
  const aad = (context: string | undefined) => Buffer.from(`${PREFIX}${context ?? ''}`, 'utf8');

  return {
    seal(plain, context) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', aesKey, iv);
      cipher.setAAD(aad(context));
      const ciphertext = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64url');
    },
    open(sealed, context) {
      if (!sealed.startsWith(PREFIX)) throw new SecretBoxError('not a sealed secret');
      const encoded = sealed.slice(PREFIX.length);
      const packed = Buffer.from(encoded, 'base64url');
      // Buffer.from skips stray characters; a value that does not round-trip was altered.
      if (packed.toString('base64url') !== encoded) throw new SecretBoxError('sealed secret is malformed');
      if (packed.length < IV_BYTES + TAG_BYTES) throw new SecretBoxError('sealed secret too short');
      try {
        const decipher = createDecipheriv('aes-256-gcm', aesKey, packed.subarray(0, IV_BYTES));
        decipher.setAAD(aad(context));
        decipher.setAuthTag(packed.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
        const plain = Buffer.concat([
          decipher.update(packed.subarray(IV_BYTES + TAG_BYTES)),
          decipher.final(),
        ]);
        return plain.toString('utf8');
      } catch {
        throw new SecretBoxError('sealed secret does not open: altered, misplaced or another key');
      }
    },
  };
}
