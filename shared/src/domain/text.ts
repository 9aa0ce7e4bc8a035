/**
 * Full-width digits, letters and brackets (typed with a Chinese input method) to their ASCII
 * forms by NFKC; skipped for the usual all-ASCII text.
 */
export const toHalfWidth = (text: string): string => (/[^ -~]/.test(text) ? text.normalize('NFKC') : text);

/**
 * A text's length as the API's zod schemas count it: trimmed, in Unicode code points, so 👍🏽
 * (emoji and skin tone), 🇨🇳 or a ZWJ family count 2, 2 and 5. A phone's counter must count the
 * same, or a text would pass the counter and fail on save.
 */
export const textLength = (text: string): number => [...text.trim()].length;
