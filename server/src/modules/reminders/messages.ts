import { daysLeftInPeriod, formatPeriod } from '@coordnet/shared/domain/period';
import { errcodeMeaning } from '@coordnet/shared/api/reminders';
import { GLOSSARY, RULE_NAMES } from '@coordnet/shared/domain/glossary';
import type { RobotAt } from '../../integrations/dingtalk/messages';
import type { BacklogRow } from './approval-backlog';
import type { CoverageRow } from './counts';
import type { PersonRow } from './recipients';
import { formatDateTimeCn, formatDayCn, formatRate, plain } from './text';

/**
 * The Chinese texts of the reminders (markdown, short, with a link into the app). Each builder
 * returns a title and the lines below it; the outbox splits long ones into numbered parts.
 */

export interface Reminder {
  title: string;
  lines: string[];
  at?: RobotAt;
}

export interface OpenList {
  /** enterprises listed (at most the list limit), with what is open for each */
  items: { name: string; c1: boolean; c2: boolean }[];
  /** open for each rule in all */
  c1: number;
  c2: number;
  /** more are open than listed */
  more: boolean;
}

/** Links into the mini-app; no base URL (PUBLIC_URL unset outside the demo) means no link. */
export function createLinks(base: string | undefined) {
  const url = (path: string) => (base ? `${base}${path}` : null);
  return {
    /** The duty list of one jurisdiction for a rule and period (看板, drilled down to it). */
    duties(rule: 'C1' | 'C2', period: string, jurisdiction: { code: string; name: string }) {
      const trail = `${jurisdiction.code}~${jurisdiction.name.replace(/[|~]/g, '')}`;
      return url(`/dashboard?${new URLSearchParams({ rule, period, trail })}`);
    },
    approvals: () => url('/approvals'),
    enterprise: (id: string) => url(`/enterprises/${encodeURIComponent(id)}`),
    workGroups: () => url('/work-groups'),
  };
}
export type Links = ReturnType<typeof createLinks>;

const link = (label: string, href: string | null) => (href ? ['', `[${label}](${href})`] : []);

function listLines(list: OpenList, verbs: { c1: string; c2: string } | null): string[] {
  const lines = list.items.map((item, i) => {
    const what = [item.c1 && verbs?.c1, item.c2 && verbs?.c2].filter(Boolean).join('、');
    return `${i + 1}. ${plain(item.name)}${verbs && what ? `（${what}）` : ''}`;
  });
  if (list.more) lines.push('……未全部列出，完整名单请点击下方链接查看');
  return lines;
}

/** @ the responsible coordinators: by DingTalk userid, by mobile only when no userid is known. */
export function mentionOf(people: readonly PersonRow[]): RobotAt | undefined {
  const atUserIds = people.flatMap((p) => (p.dingtalk_user_id ? [p.dingtalk_user_id] : []));
  const atMobiles = people.flatMap((p) => (!p.dingtalk_user_id && p.mobile ? [p.mobile] : []));
  if (atUserIds.length === 0 && atMobiles.length === 0) return undefined;
  return { ...(atUserIds.length ? { atUserIds } : {}), ...(atMobiles.length ? { atMobiles } : {}) };
}

/** Township/park group: what is still due this month (C1) and this quarter (C2). */
export function dueReminder(p: {
  township: { code: string; name: string };
  now: Date;
  month: string;
  quarter: string;
  open: OpenList;
  people: readonly PersonRow[];
  links: Links;
}): Reminder {
  const head = (label: string, verb: string, period: string, count: number) =>
    count === 0
      ? `**${label}** ${formatPeriod(period)}：已全部完成`
      : `**${label}** ${formatPeriod(period)}：还剩 ${daysLeftInPeriod(period, p.now)} 天，待${verb} **${count}** 家`;
  return {
    title: `${p.township.name}待完成的联络和走访（截至${formatDayCn(p.now)}）`,
    lines: [
      head(RULE_NAMES.C1, '联络', p.month, p.open.c1),
      '',
      head(RULE_NAMES.C2, '走访', p.quarter, p.open.c2),
      '',
      ...listLines(p.open, { c1: '联络', c2: '走访' }),
      ...link(
        '查看待办名单',
        p.links.duties(p.open.c1 > 0 ? 'C1' : 'C2', p.open.c1 > 0 ? p.month : p.quarter, p.township),
      ),
    ],
    at: mentionOf(p.people),
  };
}

/** Township/park group, first work day after a period closed: what was not done. */
export function overdueReminder(p: {
  township: { code: string; name: string };
  month: string;
  quarter: string | null;
  open: OpenList;
  people: readonly PersonRow[];
  links: Links;
}): Reminder {
  const head = (label: string, verb: string, period: string, count: number) =>
    count === 0
      ? `**${label}** ${formatPeriod(period)}：已全部完成`
      : `**${label}** ${formatPeriod(period)}：逾期未${verb} **${count}** 家`;
  const periods = p.quarter ? `${formatPeriod(p.month)}及${formatPeriod(p.quarter)}` : formatPeriod(p.month);
  return {
    title: `${p.township.name}${periods}逾期未完成名单`,
    lines: [
      head(RULE_NAMES.C1, '联络', p.month, p.open.c1),
      ...(p.quarter ? ['', head(RULE_NAMES.C2, '走访', p.quarter, p.open.c2)] : []),
      '',
      ...listLines(p.open, p.quarter ? { c1: '联络', c2: '走访' } : null),
      '',
      '已开展的工作请在补录期限内补录。',
      ...link('查看逾期名单', p.links.duties('C1', p.month, p.township)),
    ],
    at: mentionOf(p.people),
  };
}

const CHILD_LABEL = { county: '各乡镇(街道)、园区', city: '各县(市、区)', province: '各市' } as const;

/** County/city/province group: coverage and overdue count of each child for the closed period(s). */
export function summaryReminder(p: {
  jurisdiction: { code: string; name: string; level: 'county' | 'city' | 'province' };
  month: string;
  quarter: string | null;
  c1: readonly CoverageRow[];
  c2: readonly CoverageRow[] | null;
  links: Links;
}): Reminder {
  const section = (label: string, period: string, rows: readonly CoverageRow[]) => {
    const counted = rows.filter((r) => r.total > 0);
    const total = counted.reduce((n, r) => n + r.total, 0);
    const done = counted.reduce((n, r) => n + r.done, 0);
    const overdue = counted.reduce((n, r) => n + Math.max(0, r.total - r.done - r.awaiting), 0);
    return [
      `**${label}** ${formatPeriod(period)}：覆盖率 ${formatRate(done, total)}，逾期 ${overdue} 家`,
      ...counted.map(
        (r) =>
          `- ${plain(r.name)}：覆盖率 ${formatRate(r.done, r.total)}，逾期 ${Math.max(0, r.total - r.done - r.awaiting)} 家`,
      ),
    ];
  };
  const periods = p.quarter ? `${formatPeriod(p.month)}及${formatPeriod(p.quarter)}` : formatPeriod(p.month);
  return {
    title: `${p.jurisdiction.name}${periods}履职情况（${CHILD_LABEL[p.jurisdiction.level]}）`,
    lines: [
      ...section(RULE_NAMES.C1, p.month, p.c1),
      ...(p.quarter && p.c2 ? ['', ...section(RULE_NAMES.C2, p.quarter, p.c2)] : []),
      ...link('查看履职看板', p.links.duties('C1', p.month, p.jurisdiction)),
    ],
  };
}

/** The approver level's group: visits waiting too long for approval. */
export function backlogReminder(p: {
  jurisdiction: { name: string };
  days: number;
  rows: readonly BacklogRow[];
  links: Links;
}): Reminder {
  const total = p.rows[0]?.total ?? p.rows.length;
  const lines = p.rows.map(
    (r) =>
      `- ${plain(r.township_name ?? '')} ${plain(r.enterprise_name)}（${plain(r.author_name)}，${formatDayCn(new Date(r.submitted_at))}提交）`,
  );
  if (total > p.rows.length) lines.push(`……另有 ${total - p.rows.length} 条`);
  return {
    title: `${p.jurisdiction.name}有 ${total} 条走访记录待审核超过 ${p.days} 天`,
    lines: [...lines, ...link('去审核', p.links.approvals())],
  };
}

export interface MajorRiskPayload {
  logId?: string;
  enterpriseId?: string;
  enterpriseName?: string;
  jurisdictionName?: string;
  riskKindLabel?: string;
  severityLabel?: string;
  peopleAffected?: number | null;
  amountInvolved?: number | null;
  occurredAt?: string;
  reporterName?: string;
}

/** County group, at once: a major labour dispute was reported (C4). */
export function majorRiskReminder(p: { payload: MajorRiskPayload; links: Links }): Reminder {
  const e = p.payload;
  const lines = [
    `- **企业**：${plain(e.enterpriseName ?? '')}${e.jurisdictionName ? `（${plain(e.jurisdictionName)}）` : ''}`,
    `- **类型**：${e.riskKindLabel ?? '—'}（${e.severityLabel ?? '重大'}）`,
  ];
  if (e.peopleAffected != null) lines.push(`- **涉及人数**：${e.peopleAffected} 人`);
  if (e.amountInvolved != null) lines.push(`- **涉及金额**：${e.amountInvolved} 万元`);
  if (e.occurredAt) lines.push(`- **发生时间**：${formatDateTimeCn(new Date(e.occurredAt))}`);
  if (e.reporterName) lines.push(`- **报告人**：${plain(e.reporterName)}`);
  lines.push('', '请及时核实处置。');
  return {
    title: `重大劳动关系矛盾纠纷报告：${plain(e.enterpriseName ?? '')}`,
    lines: [...lines, ...link('查看企业', e.enterpriseId ? p.links.enterprise(e.enterpriseId) : null)],
  };
}

/** The next level's group, at once: a risk report was not closed in time and now answers to it. */
export function riskOverdueReminder(p: {
  payload: {
    logId?: string;
    enterpriseId?: string;
    enterpriseName?: string;
    jurisdictionName?: string;
    riskKindLabel?: string;
    severityLabel?: string;
    stageLabel?: string;
    fromName?: string;
    deadlineAt?: string;
    nextDeadlineAt?: string;
  };
  links: Links;
}): Reminder {
  const e = p.payload;
  const lines = [
    `- **企业**：${plain(e.enterpriseName ?? '')}${e.jurisdictionName ? `（${plain(e.jurisdictionName)}）` : ''}`,
    `- **类型**：${e.riskKindLabel ?? '—'}（${e.severityLabel ?? '—'}）`,
    `- **状态**：${e.stageLabel ?? '—'}，${plain(e.fromName ?? '')}未在期限内办结`,
  ];
  if (e.deadlineAt) lines.push(`- **原办结期限**：${formatDateTimeCn(new Date(e.deadlineAt))}`);
  if (e.nextDeadlineAt) lines.push(`- **新办结期限**：${formatDateTimeCn(new Date(e.nextDeadlineAt))}`);
  lines.push('', '请本级督办处置。');
  return {
    title: `${GLOSSARY.riskReport}逾期未办结，已上报本级：${plain(e.enterpriseName ?? '')}`,
    lines: [...lines, ...link('查看企业', e.enterpriseId ? p.links.enterprise(e.enterpriseId) : null)],
  };
}

/** A personal work notification lists at most this many enterprises per township. */
const PERSONAL_LIST_LIMIT = 20;

/** Work notification to one coordinator: their own overdue enterprises. */
export function personalReminder(p: {
  person: { name: string };
  month: string;
  quarter: string | null;
  townships: { code: string; name: string; open: OpenList }[];
  links: Links;
}): { title: string; text: string } {
  const title = `${p.person.name}，您负责的企业有逾期未完成的履职事项`;
  const lines = [`#### ${title}`, ''];
  for (const t of p.townships) {
    const what = [
      t.open.c1 > 0 ? `${formatPeriod(p.month)}${RULE_NAMES.C1}逾期 **${t.open.c1}** 家` : null,
      p.quarter && t.open.c2 > 0
        ? `${formatPeriod(p.quarter)}${RULE_NAMES.C2}逾期 **${t.open.c2}** 家`
        : null,
    ].filter(Boolean);
    lines.push(`**${plain(t.name)}**：${what.join('；')}`, '');
    // A phone screen: the first few, the rest behind the link.
    const shown = t.open.items.slice(0, PERSONAL_LIST_LIMIT);
    lines.push(
      ...listLines(
        { ...t.open, items: shown, more: t.open.more || shown.length < t.open.items.length },
        p.quarter ? { c1: '联络', c2: '走访' } : null,
      ),
    );
    const href = p.links.duties('C1', p.month, t);
    if (href) lines.push(`[查看名单](${href})`);
    lines.push('');
  }
  lines.push('已开展的工作请在补录期限内补录。');
  return { title, text: lines.join('\n') };
}

/** The parent level, when a group's robot stopped working. */
export function misconfiguredReminder(p: {
  group: { name: string; jurisdictionName: string };
  errcode: number | null;
  errmsg: string;
  explanation: string;
  links: Links;
}): Reminder {
  return {
    title: `工作群机器人异常：${plain(p.group.jurisdictionName)} ${plain(p.group.name)}`,
    lines: [
      `向「${plain(p.group.jurisdictionName)} ${plain(p.group.name)}」发送提醒失败（${plain(errcodeMeaning(p.errcode, p.errmsg))}），已暂停向该群发送。`,
      '',
      p.explanation,
      '',
      '修正后，暂停期间的提醒会自动补发。',
      ...link('管理工作群', p.links.workGroups()),
    ],
  };
}
