import sharp from 'sharp';
import { AppError } from '../../lib/errors';
import type { ImageType } from './image-type';

/** The longest side a stored photo keeps; larger ones are scaled down (aspect ratio kept). */
export const MAX_PHOTO_SIDE = 2560;
/** Decoding refuses images larger than this many pixels (a decompression bomb), before allocating them. */
const MAX_INPUT_PIXELS = 120_000_000;

// Each upload is decoded once: libvips' operation cache would only hold photos in memory.
sharp.cache(false);

export interface ReencodedImage {
  data: Buffer;
  contentType: ImageType;
}

/**
 * Decodes the uploaded image and encodes a new one from its pixels only: no EXIF (GPS position,
 * device, time), XMP, IPTC, ICC profile or comment survives, nor anything appended to or hidden in
 * the file (a JPEG header followed by HTML comes out as a plain JPEG, or is refused when its
 * pixels cannot be decoded). The orientation is applied first, so the photo still stands upright,
 * and the longest side is bounded by MAX_PHOTO_SIDE. PNG and WebP keep their format (screenshots,
 * transparency); JPEG and HEIC become JPEG. The original bytes are not kept anywhere.
 */
export async function reencodeImage(data: Buffer, type: ImageType): Promise<ReencodedImage> {
  try {
    const image = sharp(data, { failOn: 'error', limitInputPixels: MAX_INPUT_PIXELS, animated: false })
      .rotate()
      .resize({ width: MAX_PHOTO_SIDE, height: MAX_PHOTO_SIDE, fit: 'inside', withoutEnlargement: true });
    if (type === 'image/png') return { data: await image.png().toBuffer(), contentType: 'image/png' };
    if (type === 'image/webp')
      return { data: await image.webp({ quality: 82 }).toBuffer(), contentType: 'image/webp' };
    return {
      data: await image.flatten({ background: '#ffffff' }).jpeg({ quality: 82 }).toBuffer(),
      contentType: 'image/jpeg',
    };
  } catch {
    // libvips' message says why (truncated, unsupported HEVC, too many pixels); the user needs
    // to know only that this file cannot be used.
    throw new AppError('upload_image_unreadable');
  }
}
