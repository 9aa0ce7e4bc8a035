/**
 * Full-width digits, letters and brackets (typed with a Chinese input method) to their ASCII
 * forms by NFKC; skipped for the usual all-ASCII text.
 */
export const toHalfWidth = (text: string): string => (/[^ -~]/.test(text) ? text.normalize('NFKC') : text);
