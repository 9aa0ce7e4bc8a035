import type { SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { AssessmentRow } from '@coordnet/shared/api/assessment';
import type { Evaluation } from '@coordnet/shared/api/evaluations';
import { PLATFORM_STATUSES, platformStatusOf, STAFFING_STATUSES } from '@coordnet/shared/api/compliance';
import { SIZE_LABELS } from '@coordnet/shared/domain/enterprise-size';
import { LEVEL_LABELS } from '@coordnet/shared/domain/jurisdiction-code';
import { rowsOf } from '../../db/rows';
import { keysetPages, sheet, type LedgerColumn } from '../../lib/xlsx';
import {
  communityPageQuery,
  communityRowSchema,
  enterpriseLedgerPageQuery,
  enterpriseLedgerRowSchema,
  platformPageQuery,
  platformRowSchema,
  type CommunityRow,
  type EnterpriseLedgerRow,
  type PlatformRow,
} from '../compliance/queries';
import { PAGE_SIZE, type LedgerPlanner } from './ledger';

const met = (coordinators: number, minimum: number) => (coordinators >= minimum ? '达标' : '未达标');

/** 配备达标台账 (seed §二(一)): every enterprise, township/park and community against its minimum. */
export const staffingLedger: LedgerPlanner<'staffing'> = async (_query, ctx) => {
  const params = {
    prefix: ctx.target.prefix,
    scope: ctx.principal.scope,
    asOf: ctx.asOf,
    resolver: await ctx.settings.resolver([ctx.target.code]),
  };
  const run = async <S extends z.ZodType>(schema: S, query: SQL) =>
    rowsOf(schema, await ctx.db.execute(query));

  return {
    label: { text: `_${ctx.asOf}`, ascii: ctx.asOf },
    filter: { jurisdiction: ctx.target.code },
    personalData: false,
    sheets: [
      sheet<EnterpriseLedgerRow>({
        name: '企业配备情况',
        rows: keysetPages(
          (after: [string, string] | null) =>
            run(enterpriseLedgerRowSchema, enterpriseLedgerPageQuery({ ...params, after, limit: PAGE_SIZE })),
          (r): [string, string] => [r.jurisdiction_code, r.id],
          PAGE_SIZE,
        ),
        columns: [
          { header: '所属区域', width: 16, value: (r) => r.jurisdiction_name },
          { header: '区划代码', width: 14, value: (r) => r.jurisdiction_code },
          { header: '企业名称', width: 34, value: (r) => r.name },
          { header: '统一社会信用代码', width: 22, value: (r) => r.uscc },
          { header: '企业规模', width: 10, value: (r) => (r.size ? SIZE_LABELS[r.size] : '未分类') },
          { header: '企业协调员(人)', width: 14, value: (r) => r.coordinators },
          { header: '最低配备(人)', width: 12, value: (r) => r.minimum },
          { header: '达标情况', width: 14, value: (r) => STAFFING_STATUSES[r.status] },
        ],
      }),
      sheet<PlatformRow>({
        name: '乡镇(街道)园区配备情况',
        rows: keysetPages(
          (after: string | null) =>
            run(platformRowSchema, platformPageQuery({ ...params, after, limit: PAGE_SIZE })),
          (r) => r.code,
          PAGE_SIZE,
        ),
        columns: [
          { header: '名称', width: 22, value: (r) => r.name },
          { header: '区划代码', width: 14, value: (r) => r.code },
          { header: '类别', width: 12, value: (r) => LEVEL_LABELS[r.level] },
          { header: '在册企业(家)', width: 12, value: (r) => r.enterprises },
          { header: '"企业数较多"标准(家)', width: 18, value: (r) => r.threshold },
          { header: '协调员(人)', width: 10, value: (r) => r.coordinators },
          { header: '最低配备(人)', width: 12, value: (r) => r.minimum },
          { header: '建议配备(人)', width: 12, value: (r) => r.advised },
          { header: '达标情况', width: 26, value: (r) => PLATFORM_STATUSES[platformStatusOf(r)] },
        ],
      }),
      sheet<CommunityRow>({
        name: '社区(村)配备情况',
        rows: keysetPages(
          (after: string | null) =>
            run(communityRowSchema, communityPageQuery({ ...params, after, limit: PAGE_SIZE })),
          (r) => r.code,
          PAGE_SIZE,
        ),
        columns: [
          { header: '名称', width: 22, value: (r) => r.name },
          { header: '区划代码', width: 14, value: (r) => r.code },
          { header: '协调员(人)', width: 10, value: (r) => r.coordinators },
          { header: '最低配备(人)', width: 12, value: (r) => r.minimum },
          { header: '达标情况', width: 10, value: (r) => met(r.coordinators, r.minimum) },
        ],
      }),
    ],
  };
};

const percent = '0.00%';

/** 年度目标考核台账 (seed §三(一)): the ranked regions of GET /assessment/regions. */
export const assessmentLedger: LedgerPlanner<'assessment'> = async (query, ctx) => {
  const result = await ctx.assessment.regions(ctx.principal, {
    jurisdiction: ctx.target.code,
    year: query.year,
  });
  const columns: LedgerColumn<AssessmentRow>[] = [
    { header: '排名', width: 6, value: (r) => r.rank },
    { header: '地区', width: 14, value: (r) => r.name },
    { header: '区划代码', width: 14, value: (r) => r.code },
    { header: '在册企业(家)', width: 12, value: (r) => r.enterprises },
    { header: '应配协调员(人)', width: 14, value: (r) => r.required.total },
    { header: '其中：企业', width: 10, value: (r) => r.required.enterprise },
    { header: '其中：乡镇(街道)园区', width: 18, value: (r) => r.required.platform },
    { header: '其中：社区(村)', width: 14, value: (r) => r.required.community },
    { header: '在岗协调员(人)', width: 14, value: (r) => r.inPost.total },
    { header: '其中：企业', width: 10, value: (r) => r.inPost.enterprise },
    { header: '其中：乡镇(街道)园区', width: 18, value: (r) => r.inPost.platform },
    { header: '其中：社区(村)', width: 14, value: (r) => r.inPost.community },
    { header: '配备率', width: 10, value: (r) => r.staffingRate, numFmt: percent },
    { header: '乡镇园区建议增至4名(个)', width: 22, value: (r) => r.platformsBelowAdvice },
    { header: '达标企业(家)', width: 12, value: (r) => r.compliantEnterprises },
    { header: '企业达标率', width: 12, value: (r) => r.compliantRate, numFmt: percent },
    { header: '月度联络覆盖率(C1)', width: 18, value: (r) => r.c1Coverage, numFmt: percent },
    { header: '季度走访覆盖率(C2)', width: 18, value: (r) => r.c2Coverage, numFmt: percent },
  ];
  return {
    label: { text: `_${result.year}年`, ascii: String(result.year) },
    filter: { jurisdiction: ctx.target.code, year: result.year },
    personalData: false,
    sheets: [
      sheet<AssessmentRow>({
        name: `${result.year}年度目标考核`,
        columns,
        rows: (async function* () {
          yield result.items;
        })(),
      }),
    ],
  };
};

/**
 * 基层协调员年度评价表 (seed §二(三) 技能比武和评价机制, C5): the county's evaluations of the year,
 * best first, with every indicator, the part scores, the adjustment and its reason, and the status.
 */
export const evaluationLedger: LedgerPlanner<'evaluations'> = async (query, ctx) => {
  const result = await ctx.evaluations.list(ctx.principal, {
    jurisdiction: ctx.target.code,
    year: query.year,
  });
  const columns: LedgerColumn<Evaluation>[] = [
    { header: '排名', width: 6, value: (r) => r.rank },
    { header: '姓名', width: 10, value: (r) => r.name },
    { header: '类别', width: 24, value: (r) => r.kindLabel },
    { header: '所属区域', width: 16, value: (r) => r.jurisdictionName },
    { header: '服务企业(家)', width: 12, value: (r) => r.metrics.enterprises },
    { header: '月度联络覆盖率', width: 14, value: (r) => r.metrics.monthlyCoverage, numFmt: percent },
    { header: '季度走访覆盖率', width: 14, value: (r) => r.metrics.quarterlyCoverage, numFmt: percent },
    { header: '联络(次)', width: 10, value: (r) => r.metrics.contacts },
    { header: '实地走访(次)', width: 12, value: (r) => r.metrics.visits },
    { header: '服务劳动者(次)', width: 14, value: (r) => r.metrics.workerServices },
    { header: '走访审核通过率', width: 14, value: (r) => r.metrics.approvalRate, numFmt: percent },
    { header: '被退回(次)', width: 10, value: (r) => r.metrics.rejections },
    { header: '覆盖职责(项/7)', width: 14, value: (r) => r.metrics.dutiesCovered },
    { header: '大中型企业(家)', width: 14, value: (r) => r.metrics.largeMedium },
    { header: '重点企业(家)', width: 12, value: (r) => r.metrics.keyEnterprises },
    { header: '风险报告(件)', width: 12, value: (r) => r.metrics.riskReports },
    { header: '覆盖面得分', width: 11, value: (r) => r.scores.coverage, numFmt: '0.00' },
    { header: '频次得分', width: 10, value: (r) => r.scores.frequency, numFmt: '0.00' },
    { header: '质量得分', width: 10, value: (r) => r.scores.quality, numFmt: '0.00' },
    { header: '难度得分', width: 10, value: (r) => r.scores.difficulty, numFmt: '0.00' },
    { header: '计算得分', width: 10, value: (r) => r.computedScore, numFmt: '0.00' },
    { header: '调整分', width: 8, value: (r) => r.adjustment, numFmt: '0.00' },
    { header: '调整说明', width: 30, value: (r) => r.adjustmentComment },
    { header: '最终得分', width: 10, value: (r) => r.finalScore, numFmt: '0.00' },
    { header: '状态', width: 8, value: (r) => r.statusLabel },
  ];
  const w = result.weights;
  return {
    label: { text: `_${result.year}年`, ascii: String(result.year) },
    filter: { jurisdiction: ctx.target.code, year: result.year, weights: w },
    personalData: false,
    sheets: [
      sheet<Evaluation>({
        name: `${result.year}年度评价`,
        columns,
        rows: (async function* () {
          yield result.items;
        })(),
      }),
    ],
  };
};
