import type { PhotoInput } from './outbox';

/** Longest edge after compression: enough to read a notice board, small enough for a weak signal. */
export const MAX_PHOTO_EDGE = 1600;
const JPEG_QUALITY = 0.8;
const SERVER_LIMIT_BYTES = 10 * 1024 * 1024;
const SERVER_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'image/heif'];

export const MAX_VISIT_PHOTOS = 9;

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

/**
 * A picked photo, compressed on the phone, as bytes for the outbox. A photo the WebView cannot
 * decode (HEIC outside Safari) goes as it is when the server accepts it.
 */
export async function preparePhoto(file: Blob, name = 'photo.jpg'): Promise<PhotoInput> {
  const base = name.replace(/\.[^.]*$/, '') || 'photo';
  try {
    const { jpeg, scaled } = await toJpeg(file);
    // Re-encoding a small, already compressed JPEG can make it larger: then keep the original.
    const keepOriginal = !scaled && file.type === 'image/jpeg' && file.size <= jpeg.size;
    const chosen = keepOriginal ? file : jpeg;
    return { bytes: await readBytes(chosen), type: 'image/jpeg', name: `${base}.jpg` };
  } catch {
    if (SERVER_TYPES.includes(file.type) && file.size <= SERVER_LIMIT_BYTES) {
      return { bytes: await readBytes(file), type: file.type, name };
    }
    throw new Error('无法读取这张照片，请换一张或重新拍摄');
  }
}
