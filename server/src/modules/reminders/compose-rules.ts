import { periodOf, shanghaiDate } from '@coordnet/shared/domain/period';
import type { Candidate } from './candidates';
import { openListOf, type Content } from './content';
import {
  backlogReminder,
  dueReminder,
  overdueReminder,
  personalReminder,
  summaryReminder,
  type Links,
  type Reminder,
} from './messages';
import { robotMessages, workNotification, type ComposedRun, type OutboxMessage } from './outbox';
import { personalKey, townshipOfKey } from './open-sql';

/**
 * One candidate's messages from the content read for the tick, one function a rule: nothing is
 * said (no message, the run still recorded) when there is nothing to say.
 */

const PREVIEW_NOTE =
  '> 演示环境：启动演示时按当前数据生成的预览。正式运行时，此提醒只在每月提醒日（默认 20 日起的第一个工作日）和月末最后几个工作日发送。';

/** The group's robot messages of a reminder; a preview is titled 【演示预览】 and says why. */
function robot(c: Candidate, reminder: Reminder): OutboxMessage[] {
  return robotMessages(
    c.group!,
    c.preview
      ? {
          rule: c.rule,
          period: c.period,
          routine: false,
          key: 'demo-preview',
          ...reminder,
          title: `【演示预览】${reminder.title}`,
          lines: [...reminder.lines, '', PREVIEW_NOTE],
        }
      : { rule: c.rule, period: c.period, routine: true, ...reminder },
  );
}

type RuleComposer = (c: Candidate, content: Content, links: Links, now: Date) => OutboxMessage[];

/** A township's or park's enterprises still due this month (C1) and quarter (C2). */
const composeDue: RuleComposer = (c, content, links, now) => {
  const month = shanghaiDate(now).slice(0, 7);
  const quarter = periodOf(now, 'quarter');
  const list = openListOf(content, month, quarter, c.jurisdictionCode);
  if (list.items.length === 0) return [];
  return robot(
    c,
    dueReminder({
      township: { code: c.jurisdictionCode, name: c.group!.jurisdictionName },
      now,
      month,
      quarter,
      open: list,
      people: content.people.get(c.jurisdictionCode) ?? [],
      links,
    }),
  );
};

/** A township's or park's enterprises left undone in the closed month (and quarter). */
const composeOverdue: RuleComposer = (c, content, links) => {
  const closed = c.plan.closed!;
  const list = openListOf(content, closed.month, closed.quarter, c.jurisdictionCode);
  if (list.items.length === 0) return [];
  return robot(
    c,
    overdueReminder({
      township: { code: c.jurisdictionCode, name: c.group!.jurisdictionName },
      month: closed.month,
      quarter: closed.quarter,
      open: list,
      people: content.people.get(c.jurisdictionCode) ?? [],
      links,
    }),
  );
};

/** A county's, city's or province's coverage of the closed month (and quarter), child by child. */
const composeSummary: RuleComposer = (c, content, links) => {
  const closed = c.plan.closed!;
  const level = c.group!.level as 'county' | 'city' | 'province';
  const rows = (period: string) => content.coverage.get(`${level}|${period}`)?.get(c.jurisdictionCode) ?? [];
  const c1 = rows(closed.month);
  if (!c1.some((r) => r.total > 0)) return [];
  return robot(
    c,
    summaryReminder({
      jurisdiction: { code: c.jurisdictionCode, name: c.group!.jurisdictionName, level },
      month: closed.month,
      quarter: closed.quarter,
      c1,
      c2: closed.quarter ? rows(closed.quarter) : null,
      links,
    }),
  );
};

/** The visits waiting too long for the approving level's decision. */
const composeBacklog: RuleComposer = (c, content, links) => {
  const rows = content.backlog.get(c.jurisdictionCode) ?? [];
  if (rows.length === 0) return [];
  return robot(
    c,
    backlogReminder({
      jurisdiction: { name: c.group!.jurisdictionName },
      days: c.plan.settings.approvalReminderDays,
      rows,
      links,
    }),
  );
};

/** A coordinator's own notice: the enterprises left undone in each township they serve. */
const composePersonal: RuleComposer = (c, content, links) => {
  const closed = c.plan.closed!;
  const person = c.person!;
  const townships = (content.served.get(person.user_id) ?? [personalKey(person.code, person.user_id)])
    .map((key) => ({
      code: townshipOfKey(key),
      name: content.townshipNames.get(townshipOfKey(key)) ?? townshipOfKey(key),
      open: openListOf(content, closed.month, closed.quarter, key),
    }))
    .filter((t) => t.open.items.length > 0);
  if (townships.length === 0) return [];
  const notice = personalReminder({
    person: { name: person.name },
    month: closed.month,
    quarter: closed.quarter,
    townships,
    links,
  });
  return [
    workNotification(
      { userId: person.user_id, jurisdictionCode: person.code },
      { rule: 'personal_overdue', period: closed.month, routine: true, ...notice },
    ),
  ];
};

const COMPOSERS: Record<Candidate['rule'], RuleComposer> = {
  due: composeDue,
  overdue: composeOverdue,
  summary: composeSummary,
  approval_backlog: composeBacklog,
  personal_overdue: composePersonal,
};

export function compose(c: Candidate, content: Content, links: Links, now: Date): ComposedRun {
  const run = {
    runKey: c.runKey,
    rule: c.rule,
    period: c.period,
    jurisdictionCode: c.jurisdictionCode,
    groupId: c.group?.id ?? null,
    userId: c.person?.user_id ?? null,
  };
  return { run, messages: COMPOSERS[c.rule](c, content, links, now) };
}
