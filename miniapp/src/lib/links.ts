// Paths shared by several features, so no feature imports another to link to it.
export function enterprisesInPath(jurisdiction: { code: string; name: string }): string {
  return `/enterprises?${new URLSearchParams({ jurisdiction: jurisdiction.code, jurisdictionName: jurisdiction.name })}`;
}

export function enterprisePath(id: string): string {
  return `/enterprises/${encodeURIComponent(id)}`;
}

export function jurisdictionChildrenPath(code: string): string {
  return `/jurisdictions?${new URLSearchParams({ parent: code })}`;
}
