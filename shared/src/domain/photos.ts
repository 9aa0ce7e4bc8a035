import { ERROR_MESSAGES } from '../api/errors';

/**
 * What the upload route accepts, shared by the server (which refuses) and the phone (which says so
 * at the photo field, before a visit is queued): the same size limit, the same types, told apart
 * by the file's first bytes, never by its declared type or name.
 */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;

/** Photos on one visit (or one case). */
export const MAX_VISIT_PHOTOS = 9;

export type ImageType = 'image/jpeg' | 'image/png' | 'image/webp' | 'image/heic';

/** Declared types a phone may hand over for the accepted images (HEIF is HEIC's container). */
export const UPLOAD_IMAGE_TYPES: readonly string[] = [
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/heic',
  'image/heif',
];

const HEIF_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'mif1', 'msf1']);

/** JPEG, PNG, WebP or HEIC/HEIF (what phones produce) from the first bytes, or null. */
export function detectImageType(bytes: Uint8Array): ImageType | null {
  const ascii = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 8 && [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((b, i) => bytes[i] === b)) {
    return 'image/png';
  }
  if (bytes.length >= 12 && ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'image/webp';
  if (bytes.length >= 12 && ascii(4, 8) === 'ftyp' && HEIF_BRANDS.has(ascii(8, 12))) return 'image/heic';
  return null;
}

export interface PhotoProblem {
  code: 'upload_missing' | 'upload_too_large' | 'upload_type_invalid';
  /** The server's Chinese message for the same refusal. */
  message: string;
}

const problem = (code: PhotoProblem['code']): PhotoProblem => ({ code, message: ERROR_MESSAGES[code] });

/** What the upload route would refuse about these bytes before decoding them, in its order. */
export function photoProblem(bytes: Uint8Array): PhotoProblem | null {
  if (bytes.length === 0) return problem('upload_missing');
  if (bytes.length > MAX_UPLOAD_BYTES) return problem('upload_too_large');
  if (!detectImageType(bytes)) return problem('upload_type_invalid');
  return null;
}
