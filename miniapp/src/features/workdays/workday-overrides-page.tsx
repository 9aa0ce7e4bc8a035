import { useState } from 'react';
import { Button, Checkbox, Input, List, Selector, Tag, Toast } from 'antd-mobile';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  workdayOverridesPutBodySchema,
  type WorkdayOverride,
  type WorkdayOverrides,
} from '@coordnet/shared/api/reminders';
import { errorMessage } from '../../lib/api';
import { fetchWorkdayOverrides, putWorkdayOverrides, reminderKeys } from '../../lib/reminder-api';
import { Field, FormActions } from '../../lib/ui/form-parts';
import { LoadingBlock } from '../../lib/ui/loading-block';
import { PageHeader } from '../../lib/ui/page-header';
import { ErrorState } from '../../lib/ui/query-states';
import { ScheduleMissingNotice } from '../../lib/ui/schedule-missing-notice';

const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六'];
const KIND_OPTIONS = [
  { value: 'off', label: '放假(休息日)' },
  { value: 'work', label: '调休上班(工作日)' },
];

const weekday = (date: string) => WEEKDAYS[new Date(`${date}T00:00:00Z`).getUTCDay()];

/**
 * 工作日调整: the province's corrections to the official holiday calendar, for dates the calendar
 * package does not know yet (next year's 调休 before the package is updated) or a local decision.
 */
export function WorkdayOverridesPage() {
  const overrides = useQuery({
    queryKey: reminderKeys.overrides(),
    queryFn: ({ signal }) => fetchWorkdayOverrides(signal),
  });
  return (
    <>
      <PageHeader title="工作日调整" backTo="/me" />
      {overrides.isPending ? (
        <LoadingBlock rows={6} />
      ) : overrides.isError ? (
        <ErrorState error={overrides.error} onRetry={() => void overrides.refetch()} />
      ) : (
        <OverridesEditor
          key={JSON.stringify([overrides.data.overrides, overrides.data.confirmedYears])}
          data={overrides.data}
        />
      )}
    </>
  );
}

function OverridesEditor({ data }: { data: WorkdayOverrides }) {
  const queryClient = useQueryClient();
  const [list, setList] = useState<WorkdayOverride[]>(
    data.overrides.map((o) => ({ date: o.date, workday: o.workday, ...(o.note ? { note: o.note } : {}) })),
  );
  const [date, setDate] = useState('');
  const [kind, setKind] = useState<'off' | 'work'>('off');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [confirmed, setConfirmed] = useState<number[]>(data.confirmedYears);
  const save = useMutation({
    mutationFn: (next: WorkdayOverride[]) => putWorkdayOverrides(data.province, next, confirmed),
    onSuccess: (next) => {
      queryClient.setQueryData(reminderKeys.overrides(), next);
      Toast.show({ content: '已保存，提醒将按调整后的工作日发送' });
    },
    onError: (failure) => setError(errorMessage(failure)),
  });

  const add = () => {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return setError('请选择日期');
    if (list.some((o) => o.date === date)) return setError('该日期已设置，请先删除再添加');
    setError(null);
    const entry: WorkdayOverride = {
      date,
      workday: kind === 'work',
      ...(note.trim() ? { note: note.trim() } : {}),
    };
    setList((prev) => [...prev, entry].sort((a, b) => a.date.localeCompare(b.date)));
    setDate('');
    setNote('');
  };
  const submit = () => {
    const parsed = workdayOverridesPutBodySchema.safeParse({ province: data.province, overrides: list });
    if (!parsed.success) return setError(parsed.error.issues[0]?.message ?? '请检查填写的内容');
    setError(null);
    save.mutate(parsed.data.overrides);
  };

  const known = data.knownYears;
  // Years that can be confirmed: those missing now, those confirmed before, and any later year with dates entered.
  const confirmable = [
    ...new Set([
      ...data.missingYears,
      ...data.confirmedYears,
      ...list.map((o) => Number(o.date.slice(0, 4))).filter((y) => y >= 2025 && !known.includes(y)),
    ]),
  ].sort((a, b) => a - b);
  return (
    <>
      {data.editable && <ScheduleMissingNotice years={data.missingYears} />}
      <div className="form-page">
        <h2 className="form-subject">{data.provinceName}</h2>
        <p className="muted">
          周末和法定节假日不发送例行提醒，调休上班日照常发送。系统内置国务院公布的
          {known.length > 0 ? ` ${known[0]}–${known.at(-1)} 年` : ''}
          放假安排；尚未收录的年份（如新公布的放假安排）或本省的调整，请在此设置。
        </p>
      </div>
      <List header={`已设置的日期（${list.length}）`}>
        {list.length === 0 && <List.Item>暂无调整，按国家放假安排执行</List.Item>}
        {list.map((o) => (
          <List.Item
            key={o.date}
            description={o.note}
            extra={
              data.editable ? (
                <Button
                  size="mini"
                  fill="none"
                  aria-label={`删除 ${o.date}`}
                  onClick={() => setList((prev) => prev.filter((x) => x.date !== o.date))}
                >
                  删除
                </Button>
              ) : undefined
            }
          >
            <span className="override-row">
              {o.date}（周{weekday(o.date)}）
              <Tag color={o.workday ? 'primary' : 'success'} fill="outline">
                {o.workday ? '上班' : '放假'}
              </Tag>
            </span>
          </List.Item>
        ))}
      </List>
      {data.missingYears.map((year) => (
        <List key={year} header={`${year} 年估算的放假日期（法定节假日及补假，不含调休）`}>
          {data.estimatedHolidays
            .filter((h) => h.date.startsWith(`${year}-`))
            .map((h) => (
              <List.Item key={h.date} extra={h.name}>
                {h.date}（周{weekday(h.date)}）
              </List.Item>
            ))}
        </List>
      ))}
      {data.editable && confirmable.length > 0 && (
        <div className="form-page">
          <h3 className="section-title">国务院放假安排已录入完整</h3>
          <p className="muted">
            录入某年全部放假日期（法定节假日以外的休息日）和调休上班日后勾选，保存后该年不再按估算日历提醒。
          </p>
          <Checkbox.Group
            value={confirmed}
            onChange={(values) => setConfirmed((values as number[]).slice().sort((a, b) => a - b))}
          >
            {confirmable.map((year) => (
              <Checkbox key={year} value={year} className="confirm-year">
                {year} 年已全部录入
              </Checkbox>
            ))}
          </Checkbox.Group>
        </div>
      )}
      {data.editable ? (
        <>
          <div className="form-page">
            <h3 className="section-title">添加日期</h3>
            <Field label="日期" labelFor="override-date">
              <input id="override-date" type="date" value={date} onChange={(e) => setDate(e.target.value)} />
            </Field>
            <Field label="类型">
              <Selector
                columns={2}
                showCheckMark={false}
                options={KIND_OPTIONS}
                value={[kind]}
                onChange={(values) => values[0] && setKind(values[0] as 'off' | 'work')}
              />
            </Field>
            <Field label="说明(选填)" labelFor="override-note">
              <Input
                id="override-note"
                value={note}
                onChange={setNote}
                maxLength={100}
                placeholder="如：2027年春节调休"
              />
            </Field>
            <Button block onClick={add}>
              添加到列表
            </Button>
          </div>
          <FormActions label="保存调整" onSubmit={submit} loading={save.isPending} error={error} />
        </>
      ) : (
        <p className="muted page-section">只有省人力社保厅管理人员可以修改工作日调整。</p>
      )}
    </>
  );
}
