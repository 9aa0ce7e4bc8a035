import { useRef, useState } from 'react';
import { Button, Card, Input, List, Tag, Toast } from 'antd-mobile';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useParams } from 'react-router';
import type { SignInSheetResult } from '@coordnet/shared/api/development';
import { trainingAttendanceBodySchema } from '@coordnet/shared/api/development';
import { isWithin } from '@coordnet/shared/domain/jurisdiction-code';
import { errorMessage } from '../../lib/api';
import { Field } from '../../lib/ui/form-parts';
import { LoadingBlock } from '../../lib/ui/loading-block';
import { PageHeader } from '../../lib/ui/page-header';
import { ErrorState } from '../../lib/ui/query-states';
import { PersonPicker, type PickedPerson } from './person-picker';
import { addAttendance, fetchAttendees, trainingKeys, uploadSignInSheet } from './training-api';
import { useOrganiser } from './use-organiser';

/**
 * 一期培训: who attended and their hours; the recorders add people (picked from the jurisdiction, or
 * from a 签到表 they upload: previewed first, then written all at once — a county officer checks the
 * matches before anything is recorded, and a sheet with a wrong row records nobody).
 */
export function SessionPage() {
  const { id = '' } = useParams();
  const queryClient = useQueryClient();
  const { roles } = useOrganiser();
  const session = useQuery({
    queryKey: trainingKeys.session(id),
    queryFn: ({ signal }) => fetchAttendees(id, signal),
  });
  const s = session.data?.session;
  const recorder = !!s && roles.some((r) => isWithin(s.jurisdictionCode, r.jurisdictionCode));
  const back = s ? `/training?${new URLSearchParams({ jurisdiction: s.jurisdictionCode })}` : '/training';
  const refresh = () => void queryClient.invalidateQueries({ queryKey: trainingKeys.all });

  return (
    <>
      <PageHeader title="培训详情" backTo={back} />
      {session.isPending ? (
        <LoadingBlock rows={5} />
      ) : session.isError ? (
        <ErrorState error={session.error} onRetry={() => void session.refetch()} />
      ) : (
        <>
          <section className="page-section">
            <Card>
              <h2 className="detail-title">{session.data.session.topic}</h2>
              <p className="muted">
                {session.data.session.heldOn} · {session.data.session.jurisdictionName} ·{' '}
                {session.data.session.trainer}
              </p>
              <p className="muted">
                {session.data.session.hours} 学时 · 参训 {session.data.session.attendees} 人
              </p>
            </Card>
          </section>
          {recorder && s && (
            <>
              <AddAttendees
                sessionId={id}
                jurisdiction={s.jurisdictionCode}
                hours={s.hours}
                onDone={refresh}
              />
              <SignInSheet sessionId={id} onDone={refresh} />
            </>
          )}
          <List header={`参训人员（${session.data.items.length} 人）`}>
            {session.data.items.map((a) => (
              <List.Item key={a.userId} description={a.mobile ?? undefined} extra={`${a.hours} 学时`}>
                {a.name}
              </List.Item>
            ))}
            {session.data.items.length === 0 && <List.Item>暂无参训人员</List.Item>}
          </List>
        </>
      )}
    </>
  );
}

function AddAttendees({
  sessionId,
  jurisdiction,
  hours: sessionHours,
  onDone,
}: {
  sessionId: string;
  jurisdiction: string;
  hours: number;
  onDone: () => void;
}) {
  const [people, setPeople] = useState<PickedPerson[]>([]);
  const [hours, setHours] = useState('');
  const [error, setError] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: (body: { userIds: string[]; hours?: number }) => addAttendance(sessionId, body),
    onSuccess: (s) => {
      Toast.show({ content: `已添加，参训共 ${s.attendees} 人` });
      setPeople([]);
      setHours('');
      onDone();
    },
    onError: (e) => setError(errorMessage(e)),
  });
  const submit = () => {
    const parsed = trainingAttendanceBodySchema.safeParse({
      userIds: people.map((p) => p.userId),
      hours: hours.trim() === '' ? undefined : Number(hours),
    });
    if (!parsed.success) return setError(parsed.error.issues[0]?.message ?? '请检查填写的内容');
    if ((parsed.data.hours ?? 0) > sessionHours)
      return setError(`参训学时不能超过本期培训的 ${sessionHours} 学时`);
    setError(null);
    save.mutate(parsed.data);
  };
  return (
    <section className="page-section">
      <Card title="添加参训人员">
        <Field label="参训学时" labelFor="attendance-hours" hint={`不填为本期全部 ${sessionHours} 学时`}>
          <Input
            id="attendance-hours"
            type="number"
            inputMode="decimal"
            value={hours}
            onChange={setHours}
            placeholder={String(sessionHours)}
          />
        </Field>
        <Field label={`选择人员（已选 ${people.length} 人）`}>
          <PersonPicker jurisdiction={jurisdiction} multiple value={people} onChange={setPeople} />
        </Field>
        {error && (
          <p role="alert" className="form-field-error">
            {error}
          </p>
        )}
        <Button block color="primary" loading={save.isPending} onClick={submit}>
          添加
        </Button>
      </Card>
    </section>
  );
}

function SignInSheet({ sessionId, onDone }: { sessionId: string; onDone: () => void }) {
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<SignInSheetResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const check = useMutation({
    mutationFn: (f: File) => uploadSignInSheet(sessionId, f, false),
    onSuccess: (result) => {
      setPreview(result);
      setError(null);
    },
    onError: (e) => {
      setPreview(null);
      setError(errorMessage(e));
    },
  });
  const confirm = useMutation({
    mutationFn: (f: File) => uploadSignInSheet(sessionId, f, true),
    onSuccess: (result) => {
      Toast.show({ content: `已按签到表登记 ${result.matched} 人` });
      setPreview(null);
      setFile(null);
      if (input.current) input.current.value = '';
      onDone();
    },
    onError: (e) => setError(errorMessage(e)),
  });
  return (
    <section className="page-section">
      <Card title="导入签到表">
        <p className="muted import-hint">
          .xlsx 或 .csv，表头为
          姓名、手机号、学时（手机号用于区分同名，学时不填为全部学时）。先核对匹配结果，全部匹配后一次登记。
        </p>
        <label className="import-file">
          <input
            ref={input}
            type="file"
            aria-label="选择签到表文件"
            accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
            onChange={(event) => {
              const picked = event.target.files?.[0] ?? null;
              setFile(picked);
              setPreview(null);
              setError(null);
              if (picked) check.mutate(picked);
            }}
          />
          <span className="import-file-button">选择文件</span>
          <span className="import-file-name">{file ? file.name : '未选择签到表'}</span>
        </label>
        {check.isPending && <LoadingBlock rows={2} />}
        {error && (
          <p role="alert" className="form-field-error">
            {error}
          </p>
        )}
        {preview && (
          <>
            <p className="muted">
              共 {preview.rows.length} 行：匹配 {preview.matched} 人
              {preview.problems > 0 ? `，${preview.problems} 行无法匹配` : ''}
            </p>
            <List>
              {preview.rows.map((r) => (
                <List.Item
                  key={r.rowNo}
                  description={
                    r.problem ??
                    [r.mobile, r.already ? '已在名单中，将更新学时' : null].filter(Boolean).join(' · ')
                  }
                  extra={
                    r.problem ? (
                      <Tag color="danger">第 {r.rowNo} 行</Tag>
                    ) : (
                      <Tag color="success">{r.hours === null ? '全部学时' : `${r.hours} 学时`}</Tag>
                    )
                  }
                >
                  {r.name || '（无姓名）'}
                </List.Item>
              ))}
            </List>
            {preview.problems > 0 ? (
              <p role="alert" className="form-field-error">
                有 {preview.problems} 行无法匹配，请修改签到表后重新选择文件；全部匹配后才能登记。
              </p>
            ) : (
              <Button
                block
                color="primary"
                loading={confirm.isPending}
                onClick={() => {
                  if (file) confirm.mutate(file);
                }}
              >
                确认登记 {preview.matched} 人
              </Button>
            )}
          </>
        )}
      </Card>
    </section>
  );
}
