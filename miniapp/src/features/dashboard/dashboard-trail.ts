/** The drill-down path, kept in the address: `code~name` steps joined by `|`. */
export interface TrailStep {
  code: string;
  name: string;
}

export function parseTrail(value: string | null): TrailStep[] {
  if (!value) return [];
  return value.split('|').flatMap((step) => {
    const [code, ...rest] = step.split('~');
    return code && /^\d{12}$/.test(code) ? [{ code, name: rest.join('~') || code }] : [];
  });
}

export function formatTrail(trail: TrailStep[]): string {
  return trail.map((step) => `${step.code}~${step.name.replace(/[|~]/g, '')}`).join('|');
}
