import { useEffect, useRef, useState } from 'react';
import { Button, Card, List, Selector, Tag, Toast } from 'antd-mobile';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import {
  IMPORT_KINDS,
  IMPORT_KIND_KEYS,
  IMPORT_STATES,
  IMPORT_TEMPLATE_FILE_NAMES,
  type Import,
  type ImportKind,
} from '@coordnet/shared/api/imports';
import { useSession } from '../../app/session-context';
import { errorMessage } from '../../lib/api';
import { managerRoles } from '../../lib/roles';
import { LoadingBlock } from '../../lib/ui/loading-block';
import { PageHeader } from '../../lib/ui/page-header';
import { EmptyState, ErrorState } from '../../lib/ui/query-states';
import {
  downloadFile,
  fetchImport,
  fetchImports,
  importKeys,
  templatePath,
  uploadImport,
} from './import-api';
import { ImportCard } from './import-card';
import { isRunning } from './import-progress';

const STATE_COLORS = {
  queued: 'default',
  validating: 'primary',
  validated: 'success',
  invalid: 'danger',
  committing: 'primary',
  committed: 'success',
  failed: 'danger',
  expired: 'default',
} as const;

/** Poll every second while the server works on the import. */
const pollWhileRunning = (imp: Import | undefined) => (imp && isRunning(imp.state) ? 1_000 : false);

/** 批量导入: template, upload, dry-run summary and error report, commit, progress. Phone or desktop. */
export function ImportsPage() {
  const { user } = useSession();
  const manager = managerRoles(user).length > 0;
  const [params, setParams] = useSearchParams();
  const [kind, setKind] = useState<ImportKind>('enterprises');
  const [file, setFile] = useState<File | null>(null);
  const input = useRef<HTMLInputElement>(null);
  const queryClient = useQueryClient();
  const currentId = params.get('id');

  const recent = useQuery({
    queryKey: importKeys.all(),
    queryFn: ({ signal }) => fetchImports(signal),
    enabled: manager,
  });
  const current = useQuery({
    queryKey: importKeys.one(currentId ?? ''),
    queryFn: ({ signal }) => fetchImport(currentId!, signal),
    enabled: manager && currentId !== null,
    staleTime: 0,
    refetchInterval: (query) => pollWhileRunning(query.state.data),
  });
  // When the import on screen finishes, the list below shows its new state too.
  const finishedState = current.data && !isRunning(current.data.state) ? current.data.state : null;
  useEffect(() => {
    if (finishedState) void queryClient.invalidateQueries({ queryKey: importKeys.all(), exact: true });
  }, [finishedState, currentId, queryClient]);
  const upload = useMutation({
    mutationFn: () => uploadImport(kind, file!),
    onSuccess: (created) => {
      queryClient.setQueryData(importKeys.one(created.id), created);
      void queryClient.invalidateQueries({ queryKey: importKeys.all(), exact: true });
      setParams({ id: created.id });
      setFile(null);
      if (input.current) input.current.value = '';
    },
    onError: (error) => Toast.show({ icon: 'fail', content: errorMessage(error) }),
  });

  if (!manager)
    return (
      <>
        <PageHeader title="批量导入" backTo="/me" />
        <EmptyState title="只有县(市、区)及以上人力社保局管理人员可以批量导入" />
      </>
    );

  const downloadTemplate = () =>
    downloadFile(templatePath(kind), IMPORT_TEMPLATE_FILE_NAMES[kind]).catch((error: unknown) =>
      Toast.show({ icon: 'fail', content: errorMessage(error) }),
    );

  return (
    <>
      <PageHeader title="批量导入" backTo="/me" />
      <section className="page-section import-layout">
        <Card title="1. 选择导入内容">
          <Selector
            columns={3}
            value={[kind]}
            onChange={(value) => value[0] && setKind(value[0])}
            options={IMPORT_KIND_KEYS.map((k) => ({ label: IMPORT_KINDS[k], value: k }))}
          />
          <p className="muted import-hint">
            按模板填写，表头顺序不限；支持 .xlsx 和 .csv(UTF-8 或 GBK)。先校验全部行，全部正确后再确认写入。
          </p>
          <Button size="small" fill="outline" color="primary" onClick={() => void downloadTemplate()}>
            下载{IMPORT_KINDS[kind]}导入模板
          </Button>
        </Card>
        <Card title="2. 上传文件并校验">
          {/* The native picker's own label follows the browser's language, so ours is shown instead. */}
          <label className="import-file">
            <input
              ref={input}
              type="file"
              aria-label="选择导入文件"
              accept=".xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
              onChange={(event) => setFile(event.target.files?.[0] ?? null)}
            />
            <span className="import-file-button">选择文件</span>
            <span className="import-file-name">{file ? file.name : '未选择 .xlsx 或 .csv 文件'}</span>
          </label>
          <Button
            block
            color="primary"
            disabled={!file}
            loading={upload.isPending}
            onClick={() => upload.mutate()}
          >
            上传并校验
          </Button>
        </Card>
        {currentId &&
          (current.isPending ? (
            <LoadingBlock rows={3} />
          ) : current.isError ? (
            <ErrorState error={current.error} onRetry={() => void current.refetch()} />
          ) : (
            <ImportCard imp={current.data} />
          ))}
      </section>
      <h3 className="section-title">最近的导入</h3>
      {recent.isPending ? (
        <LoadingBlock rows={3} />
      ) : recent.isError ? (
        <ErrorState error={recent.error} onRetry={() => void recent.refetch()} />
      ) : recent.data.items.length === 0 ? (
        <EmptyState title="还没有导入记录" />
      ) : (
        <List>
          {recent.data.items.map((imp) => (
            <List.Item
              key={imp.id}
              onClick={() => setParams({ id: imp.id })}
              description={`${IMPORT_KINDS[imp.kind]} · ${imp.rowsDone.toLocaleString('zh-CN')} 行`}
              extra={
                <Tag color={STATE_COLORS[imp.state]} fill="outline">
                  {IMPORT_STATES[imp.state]}
                </Tag>
              }
            >
              {imp.fileName}
            </List.Item>
          ))}
        </List>
      )}
    </>
  );
}
