/**
 * The image type from the file's first bytes, never from the declared mimetype or the name: only
 * JPEG, PNG, WebP and HEIC/HEIF (what phones produce) are accepted. The check lives in shared/ so
 * the phone refuses the same files before it queues them.
 */
export { detectImageType, type ImageType } from '@coordnet/shared/domain/photos';
