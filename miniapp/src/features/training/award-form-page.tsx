import { useState } from 'react';
import { Input, Selector, Toast } from 'antd-mobile';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import {
  AWARD_LEVELS,
  HONOURS,
  awardCreateBodySchema,
  type AwardKind,
  type AwardLevel,
  type Honour,
} from '@coordnet/shared/api/development';
import { errorMessage } from '../../lib/api';
import { Field, FormActions } from '../../lib/ui/form-parts';
import { PageHeader } from '../../lib/ui/page-header';
import { EmptyState } from '../../lib/ui/query-states';
import { PersonPicker, type PickedPerson } from './person-picker';
import { createAward, trainingKeys } from './training-api';
import { useOrganiser } from './use-organiser';

const today = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
const KIND_OPTIONS = [
  { value: 'competition' as const, label: '技能竞赛成绩' },
  { value: 'honour' as const, label: '荣誉称号' },
];
const HONOUR_OPTIONS = (Object.keys(HONOURS) as Honour[]).map((k) => ({ value: k, label: HONOURS[k] }));
const LEVEL_OPTIONS = (Object.keys(AWARD_LEVELS) as AwardLevel[]).map((k) => ({
  value: k,
  label: AWARD_LEVELS[k],
}));

/** 登记比武成绩或荣誉: a competition result, or a defined honour (金牌…) with its year and level. */
export function AwardFormPage() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { role } = useOrganiser();
  const [kind, setKind] = useState<AwardKind>('competition');
  const [person, setPerson] = useState<PickedPerson[]>([]);
  const [title, setTitle] = useState('');
  const [result, setResult] = useState('');
  const [honour, setHonour] = useState<Honour>('gold_coordinator');
  const [level, setLevel] = useState<AwardLevel | null>(null);
  const [year, setYear] = useState(String(new Date().getFullYear()));
  const [awardedOn, setAwardedOn] = useState(today);
  const [issuer, setIssuer] = useState('');
  const [error, setError] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: createAward,
    onSuccess: (a) => {
      void queryClient.invalidateQueries({ queryKey: trainingKeys.all });
      Toast.show({ content: '已登记' });
      void navigate(`/training?${new URLSearchParams({ jurisdiction: a.jurisdictionCode, tab: 'awards' })}`, {
        replace: true,
      });
    },
    onError: (e) => setError(errorMessage(e)),
  });
  if (!role)
    return (
      <>
        <PageHeader title="登记比武成绩或荣誉" backTo="/training" />
        <EmptyState title="暂无权限" description="比武成绩和荣誉由市、县(市、区)人力社保局管理人员登记" />
      </>
    );
  const submit = () => {
    if (person.length === 0) return setError('请选择获奖人员');
    const parsed = awardCreateBodySchema.safeParse({
      userId: person[0]!.userId,
      kind,
      awardedOn,
      issuer,
      jurisdictionCode: role.jurisdictionCode,
      ...(level ? { level } : {}),
      ...(kind === 'competition'
        ? { title, result: result.trim() || null }
        : { honour, year: year.trim() === '' ? undefined : Number(year) }),
    });
    if (!parsed.success) return setError(parsed.error.issues[0]?.message ?? '请检查填写的内容');
    setError(null);
    save.mutate(parsed.data);
  };
  return (
    <>
      <PageHeader title="登记比武成绩或荣誉" backTo="/training" />
      <div className="form-page">
        <p className="muted">登记单位：{role.jurisdictionName}</p>
        <Field label="类别" required>
          <Selector
            columns={2}
            showCheckMark={false}
            options={KIND_OPTIONS}
            value={[kind]}
            onChange={(v) => v[0] && setKind(v[0])}
          />
        </Field>
        <Field label={`获奖人员${person[0] ? `：${person[0].name}` : ''}`} required>
          <PersonPicker
            jurisdiction={role.jurisdictionCode}
            multiple={false}
            value={person}
            onChange={(next) => {
              setPerson(next);
              setError(null);
            }}
          />
        </Field>
        {kind === 'competition' ? (
          <>
            <Field label="竞赛名称" labelFor="award-title" required>
              <Input
                id="award-title"
                value={title}
                onChange={setTitle}
                placeholder="如：劳动关系协调师职业技能竞赛"
                maxLength={200}
              />
            </Field>
            <Field label="成绩" labelFor="award-result" required>
              <Input
                id="award-result"
                value={result}
                onChange={setResult}
                placeholder="如：一等奖、第 3 名"
                maxLength={50}
              />
            </Field>
          </>
        ) : (
          <>
            <Field label="荣誉称号" required>
              <Selector
                columns={1}
                showCheckMark={false}
                options={HONOUR_OPTIONS}
                value={[honour]}
                onChange={(v) => v[0] && setHonour(v[0])}
              />
            </Field>
            <Field label="年度" labelFor="award-year" required>
              <Input id="award-year" type="number" inputMode="numeric" value={year} onChange={setYear} />
            </Field>
          </>
        )}
        <Field label="级别" hint={`不选则为登记单位的级别`}>
          <Selector
            columns={4}
            showCheckMark={false}
            options={LEVEL_OPTIONS}
            value={level ? [level] : []}
            onChange={(v) => setLevel(v[0] ?? null)}
          />
        </Field>
        <Field label="授予日期" labelFor="award-date" required>
          <Input id="award-date" type="date" value={awardedOn} onChange={setAwardedOn} />
        </Field>
        <Field label="授予单位" labelFor="award-issuer" required>
          <Input
            id="award-issuer"
            value={issuer}
            onChange={setIssuer}
            placeholder="如：杭州市人力资源和社会保障局"
            maxLength={100}
          />
        </Field>
      </div>
      <FormActions label="保存" onSubmit={submit} loading={save.isPending} error={error} />
    </>
  );
}
