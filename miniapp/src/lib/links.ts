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

export const MY_LOGS_PATH = '/logs';
export const APPROVALS_PATH = '/approvals';
export const DASHBOARD_PATH = '/dashboard';
export const SETTINGS_PATH = '/settings';
export const RISK_REPORT_PATH = '/risk-report';
export const RISK_CASES_PATH = '/risk-cases';
export const TRAINING_PATH = '/training';
export const INCENTIVES_PATH = '/incentives';
export const AUDIT_LOG_PATH = '/audit-log';
export const REMINDERS_PATH = '/reminders';
export const WORK_GROUPS_PATH = '/work-groups';
export const WORKDAYS_PATH = '/workdays';
export const CONTACT_HISTORY_PATH = '/contact-history';
export const STATS_PATH = '/stats';
export const COMPLIANCE_PATH = '/compliance';
export const CASES_PATH = '/cases';
export const EVALUATIONS_PATH = '/evaluations';
export const IMPORTS_PATH = '/imports';
export const GUIDANCE_PATH = '/guidance';
export const ASSESSMENT_PATH = '/assessment';

/** `draft` opens an outbox item (one the server refused) for correction. */
export function contactPath(enterpriseId: string, draft?: string): string {
  return `${enterprisePath(enterpriseId)}/contact${draft ? `?${new URLSearchParams({ draft })}` : ''}`;
}

export function visitPath(enterpriseId: string, draft?: string): string {
  return `${enterprisePath(enterpriseId)}/visit${draft ? `?${new URLSearchParams({ draft })}` : ''}`;
}

export function correctVisitPath(logId: string, draft?: string): string {
  return `/logs/${encodeURIComponent(logId)}/correct${draft ? `?${new URLSearchParams({ draft })}` : ''}`;
}

export function riskReportPath(enterpriseId?: string, draft?: string): string {
  const params = new URLSearchParams();
  if (enterpriseId) params.set('enterprise', enterpriseId);
  if (draft) params.set('draft', draft);
  const search = params.toString();
  return `${RISK_REPORT_PATH}${search ? `?${search}` : ''}`;
}

/** Where an outbox item is corrected, by its kind. */
export function draftPath(item: {
  kind: 'contact' | 'visit' | 'visit_revision' | 'risk_report';
  clientId: string;
  enterpriseId: string;
  logId?: string;
}): string {
  switch (item.kind) {
    case 'contact':
      return contactPath(item.enterpriseId, item.clientId);
    case 'visit':
      return visitPath(item.enterpriseId, item.clientId);
    case 'visit_revision':
      return correctVisitPath(item.logId ?? '', item.clientId);
    case 'risk_report':
      return riskReportPath(item.enterpriseId, item.clientId);
  }
}

/** AMap's marker page; `coordinate` tells it whether the point is raw GPS or already GCJ-02. */
export function mapLink(
  point: { latitude: number; longitude: number; coordinateSystem?: string },
  name: string,
) {
  const params = new URLSearchParams({
    position: `${point.longitude},${point.latitude}`,
    name,
    src: 'coordnet',
    coordinate: point.coordinateSystem === 'wgs84' ? 'wgs84' : 'gaode',
    callnative: '0',
  });
  return `https://uri.amap.com/marker?${params}`;
}
