import { useState } from 'react';
import { Button, Card, Dialog, List, Toast } from 'antd-mobile';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { IMPORT_KINDS, type Import } from '@coordnet/shared/api/imports';
import { ApiError, errorMessage } from '../../lib/api';
import { commitImport, downloadFile, errorReportPath, importKeys } from './import-api';
import { ImportProgressBar } from './import-progress-bar';

const n = (value: number) => value.toLocaleString('zh-CN');

/** One import: progress, the dry run's counts, the first errors, the report and the commit. */
export function ImportCard({ imp }: { imp: Import }) {
  const queryClient = useQueryClient();
  const [downloading, setDownloading] = useState(false);
  const commit = useMutation({
    mutationFn: () => commitImport(imp.id),
    onSuccess: (updated) => {
      queryClient.setQueryData(importKeys.one(imp.id), updated);
      void queryClient.invalidateQueries({ queryKey: importKeys.all() });
    },
    onError: (error) => {
      Toast.show({ icon: 'fail', content: errorMessage(error) });
      // The dry run expired (or changed state) meanwhile: show the import as the server has it now.
      if (error instanceof ApiError && error.status === 409)
        void queryClient.invalidateQueries({ queryKey: importKeys.all() });
    },
  });
  const counted = imp.state !== 'queued' && imp.state !== 'validating' && imp.state !== 'failed';

  const confirmCommit = async () => {
    const confirmed = await Dialog.confirm({
      title: `确认导入${IMPORT_KINDS[imp.kind]}`,
      content: `将新增 ${n(imp.inserts)} 条、更新 ${n(imp.updates)} 条（${n(imp.unchanged)} 条无变化）。导入要么全部写入，要么一条也不写入。`,
      confirmText: '确认导入',
      cancelText: '取消',
    });
    if (confirmed) commit.mutate();
  };

  const downloadReport = async () => {
    setDownloading(true);
    try {
      await downloadFile(errorReportPath(imp.id), `${imp.fileName.replace(/\.[^.]*$/, '')}-错误报告.xlsx`);
    } catch (error) {
      Toast.show({ icon: 'fail', content: errorMessage(error) });
    } finally {
      setDownloading(false);
    }
  };

  return (
    <Card className="import-card" title={`${IMPORT_KINDS[imp.kind]} · ${imp.fileName}`}>
      <ImportProgressBar imp={imp} />
      {counted && (
        <ul className="count-row" aria-label="校验结果">
          <li className="count-done">
            <strong>{n(imp.inserts)}</strong>新增
          </li>
          <li className="count-due">
            <strong>{n(imp.updates)}</strong>更新
          </li>
          <li>
            <strong>{n(imp.unchanged)}</strong>未变
          </li>
          <li className="count-overdue">
            <strong>{n(imp.errorCount)}</strong>错误
          </li>
        </ul>
      )}
      {imp.errors.length > 0 && (
        <List className="import-errors" header={`错误（前 ${imp.errors.length} 处）`}>
          {imp.errors.map((e, i) => (
            <List.Item
              key={`${e.row}-${e.column ?? ''}-${i}`}
              description={e.value ? `内容：${e.value}` : undefined}
              prefix={<span className="import-error-row">{e.row === 0 ? '文件' : `第 ${e.row} 行`}</span>}
            >
              {e.column ? `${e.column}：` : ''}
              {e.message}
            </List.Item>
          ))}
        </List>
      )}
      <div className="import-actions">
        {imp.errorCount > 0 && (
          <Button fill="outline" color="danger" loading={downloading} onClick={() => void downloadReport()}>
            下载错误报告
          </Button>
        )}
        {imp.state === 'validated' && (
          <Button color="primary" loading={commit.isPending} onClick={() => void confirmCommit()}>
            确认导入
          </Button>
        )}
      </div>
    </Card>
  );
}
