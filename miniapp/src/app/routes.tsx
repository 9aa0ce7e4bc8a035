import type { RouteObject } from 'react-router';
import { PageLoading } from '../lib/ui/page-loading';
import { AppLayout } from './app-layout';
import { RouteErrorPage } from './route-error-page';

const form = { form: true };

// Each page is its own chunk so the first screen downloads only the shell and the page it shows.
export const routes: RouteObject[] = [
  {
    path: '/',
    Component: AppLayout,
    HydrateFallback: PageLoading,
    errorElement: <RouteErrorPage />,
    children: [
      {
        index: true,
        lazy: async () => ({ Component: (await import('../features/home/home-page')).HomePage }),
      },
      {
        path: 'jurisdictions',
        lazy: async () => ({
          Component: (await import('../features/jurisdictions/jurisdiction-browser-page'))
            .JurisdictionBrowserPage,
        }),
      },
      {
        path: 'enterprises',
        lazy: async () => ({
          Component: (await import('../features/enterprises/enterprise-list-page')).EnterpriseListPage,
        }),
      },
      {
        path: 'enterprises/new',
        handle: form,
        lazy: async () => ({
          Component: (await import('../features/enterprise-edit/enterprise-form-page')).EnterpriseFormPage,
        }),
      },
      {
        path: 'enterprises/:id/edit',
        handle: form,
        lazy: async () => ({
          Component: (await import('../features/enterprise-edit/enterprise-form-page')).EnterpriseFormPage,
        }),
      },
      {
        path: 'enterprises/:id',
        lazy: async () => ({
          Component: (await import('../features/enterprises/enterprise-detail-page')).EnterpriseDetailPage,
        }),
      },
      {
        path: 'enterprises/:id/contact',
        handle: form,
        lazy: async () => ({
          Component: (await import('../features/contact-log/contact-form-page')).ContactFormPage,
        }),
      },
      {
        path: 'enterprises/:id/visit',
        handle: form,
        lazy: async () => ({
          Component: (await import('../features/visit-log/visit-form-page')).VisitFormPage,
        }),
      },
      {
        path: 'logs',
        lazy: async () => ({ Component: (await import('../features/my-logs/my-logs-page')).MyLogsPage }),
      },
      {
        path: 'logs/:id/correct',
        handle: form,
        lazy: async () => ({
          Component: (await import('../features/visit-log/visit-correction-page')).VisitCorrectionPage,
        }),
      },
      {
        path: 'contact-history',
        lazy: async () => ({
          Component: (await import('../features/contact-history/contact-history-page')).ContactHistoryPage,
        }),
      },
      {
        path: 'risk-report',
        lazy: async () => ({
          Component: (await import('../features/risk-report/risk-report-page')).RiskReportPage,
        }),
      },
      {
        path: 'risk-cases',
        lazy: async () => ({
          Component: (await import('../features/risk-cases/risk-cases-page')).RiskCasesPage,
        }),
      },
      {
        path: 'risk-cases/:id',
        lazy: async () => ({
          Component: (await import('../features/risk-cases/risk-case-detail-page')).RiskCaseDetailPage,
        }),
      },
      {
        path: 'training',
        lazy: async () => ({ Component: (await import('../features/training/training-page')).TrainingPage }),
      },
      {
        path: 'training/new-session',
        handle: form,
        lazy: async () => ({
          Component: (await import('../features/training/session-form-page')).SessionFormPage,
        }),
      },
      {
        path: 'training/sessions/:id',
        lazy: async () => ({
          Component: (await import('../features/training/session-page')).SessionPage,
        }),
      },
      {
        path: 'incentives',
        lazy: async () => ({
          Component: (await import('../features/training/incentives-page')).IncentivesPage,
        }),
      },
      {
        path: 'training/new-award',
        handle: form,
        lazy: async () => ({
          Component: (await import('../features/training/award-form-page')).AwardFormPage,
        }),
      },
      {
        path: 'coordinators/:roleId/end',
        handle: form,
        lazy: async () => ({
          Component: (await import('../features/post-end/post-end-page')).PostEndPage,
        }),
      },
      {
        path: 'people/:userId/deactivate',
        handle: form,
        lazy: async () => ({
          Component: (await import('../features/person-deactivate/person-deactivate-page'))
            .PersonDeactivatePage,
        }),
      },
      {
        path: 'audit-log',
        lazy: async () => ({
          Component: (await import('../features/audit-log/audit-log-page')).AuditLogPage,
        }),
      },
      {
        path: 'approvals',
        lazy: async () => ({
          Component: (await import('../features/approvals/approvals-page')).ApprovalsPage,
        }),
      },
      {
        path: 'guidance',
        lazy: async () => ({
          Component: (await import('../features/guidance/guidance-page')).GuidancePage,
        }),
      },
      {
        path: 'guidance/:enterpriseId/new',
        handle: form,
        lazy: async () => ({
          Component: (await import('../features/guidance/guidance-form-page')).GuidanceFormPage,
        }),
      },
      {
        path: 'assessment',
        lazy: async () => ({
          Component: (await import('../features/assessment/assessment-page')).AssessmentPage,
        }),
      },
      {
        path: 'dashboard',
        lazy: async () => ({
          Component: (await import('../features/dashboard/dashboard-page')).DashboardPage,
        }),
      },
      {
        path: 'settings',
        lazy: async () => ({
          Component: (await import('../features/settings/settings-page')).SettingsPage,
        }),
      },
      {
        path: 'reminders',
        lazy: async () => ({
          Component: (await import('../features/reminders/reminders-page')).RemindersPage,
        }),
      },
      {
        path: 'work-groups',
        lazy: async () => ({
          Component: (await import('../features/work-groups/work-groups-page')).WorkGroupsPage,
        }),
      },
      {
        path: 'work-groups/new',
        handle: form,
        lazy: async () => ({
          Component: (await import('../features/work-groups/work-group-form-page')).WorkGroupFormPage,
        }),
      },
      {
        path: 'work-groups/:id/edit',
        handle: form,
        lazy: async () => ({
          Component: (await import('../features/work-groups/work-group-form-page')).WorkGroupFormPage,
        }),
      },
      {
        path: 'imports',
        lazy: async () => ({
          Component: (await import('../features/imports/imports-page')).ImportsPage,
        }),
      },
      {
        path: 'workdays',
        lazy: async () => ({
          Component: (await import('../features/workdays/workday-overrides-page')).WorkdayOverridesPage,
        }),
      },
      {
        path: 'coordinators',
        lazy: async () => ({
          Component: (await import('../features/coordinators/coordinator-list-page')).CoordinatorListPage,
        }),
      },
      {
        path: 'stats',
        lazy: async () => ({ Component: (await import('../features/stats/stats-page')).StatsPage }),
      },
      {
        path: 'compliance',
        lazy: async () => ({
          Component: (await import('../features/compliance/compliance-page')).CompliancePage,
        }),
      },
      {
        path: 'cases',
        lazy: async () => ({ Component: (await import('../features/cases/cases-page')).CasesPage }),
      },
      {
        path: 'cases/new',
        handle: form,
        lazy: async () => ({ Component: (await import('../features/cases/case-form-page')).CaseFormPage }),
      },
      {
        path: 'cases/:id',
        lazy: async () => ({
          Component: (await import('../features/cases/case-detail-page')).CaseDetailPage,
        }),
      },
      {
        path: 'evaluations',
        lazy: async () => ({
          Component: (await import('../features/evaluations/evaluations-page')).EvaluationsPage,
        }),
      },
      { path: 'me', lazy: async () => ({ Component: (await import('../features/me/me-page')).MePage }) },
      { path: '*', lazy: async () => ({ Component: (await import('./not-found-page')).NotFoundPage }) },
    ],
  },
];
