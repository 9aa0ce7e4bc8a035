import type { z } from 'zod';

export type FieldErrors = Partial<Record<string, string>>;

/** The first message for each top-level field of a failed zod parse: several fields at once. */
export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? '');
    errors[key] ??= issue.message;
  }
  return errors;
}

export const hasErrors = (errors: FieldErrors) => Object.values(errors).some(Boolean);
