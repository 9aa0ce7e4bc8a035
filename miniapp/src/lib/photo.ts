import {
  MAX_UPLOAD_BYTES,
  MAX_VISIT_PHOTOS,
  detectImageType,
  photoProblem,
} from '@coordnet/shared/domain/photos';
import { ERROR_MESSAGES } from '@coordnet/shared/api/errors';
import type { PhotoInput } from './outbox';

/** Longest edge after compression: enough to read a notice board, small enough for a weak signal. */
export const MAX_PHOTO_EDGE = 1600;
const JPEG_QUALITY = 0.8;

export { MAX_VISIT_PHOTOS };

function readBytes(blob: Blob): Promise<ArrayBuffer> {
  if (typeof blob.arrayBuffer === 'function') return blob.arrayBuffer();
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as ArrayBuffer);
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsArrayBuffer(blob);
  });
}

function loadImage(
  blob: Blob,
): Promise<{ source: CanvasImageSource; width: number; height: number; done: () => void }> {
  return new Promise((resolve, reject) => {
    const url = URL.createObjectURL(blob);
    const image = new Image();
    image.onload = () =>
      resolve({
        source: image,
        width: image.naturalWidth,
        height: image.naturalHeight,
        done: () => URL.revokeObjectURL(url),
      });
    image.onerror = () => {
      URL.revokeObjectURL(url);
      reject(new Error('decode failed'));
    };
    image.src = url;
  });
}

/** Scales to at most 1600 px on the longest edge and re-encodes as JPEG (the EXIF orientation is applied). */
async function toJpeg(blob: Blob): Promise<{ jpeg: Blob; scaled: boolean }> {
  const image = await loadImage(blob);
  try {
    const scale = Math.min(1, MAX_PHOTO_EDGE / Math.max(image.width, image.height));
    const canvas = document.createElement('canvas');
    canvas.width = Math.max(1, Math.round(image.width * scale));
    canvas.height = Math.max(1, Math.round(image.height * scale));
    const context = canvas.getContext('2d');
    if (!context) throw new Error('no canvas');
    context.drawImage(image.source, 0, 0, canvas.width, canvas.height);
    const jpeg = await new Promise<Blob | null>((resolve) =>
      canvas.toBlob(resolve, 'image/jpeg', JPEG_QUALITY),
    );
    if (!jpeg) throw new Error('encode failed');
    return { jpeg, scaled: scale < 1 };
  } finally {
    image.done();
  }
}

/** The bytes as the outbox will send them, or the upload route's own refusal (size, type) at once. */
async function accepted(blob: Blob): Promise<ArrayBuffer> {
  if (blob.size > MAX_UPLOAD_BYTES) throw new Error(ERROR_MESSAGES.upload_too_large);
  const bytes = await readBytes(blob);
  const problem = photoProblem(new Uint8Array(bytes));
  if (problem) throw new Error(problem.message);
  return bytes;
}

/**
 * A picked photo, compressed on the phone, as bytes for the outbox. A photo the WebView cannot
 * decode (HEIC outside Safari) goes as it is when the server would accept it: the same size limit
 * and types as the upload route (shared/domain/photos), checked here so a photo the server would
 * refuse is refused at the photo field, before the visit is queued.
 */
export async function preparePhoto(file: Blob, name = 'photo.jpg'): Promise<PhotoInput> {
  const base = name.replace(/\.[^.]*$/, '') || 'photo';
  let converted: { jpeg: Blob; scaled: boolean };
  try {
    converted = await toJpeg(file);
  } catch {
    // Not decodable here: sent as it is, if the server would take it.
    const bytes = await accepted(file);
    return { bytes, type: detectImageType(new Uint8Array(bytes)) ?? file.type, name };
  }
  // Re-encoding a small, already compressed JPEG can make it larger: then keep the original.
  const { jpeg, scaled } = converted;
  const keepOriginal = !scaled && file.type === 'image/jpeg' && file.size <= jpeg.size;
  return { bytes: await accepted(keepOriginal ? file : jpeg), type: 'image/jpeg', name: `${base}.jpg` };
}
