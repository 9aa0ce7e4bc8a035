import type { Import, ImportState } from '@coordnet/shared/api/imports';

export type ProgressTone = 'active' | 'success' | 'error';

export interface ImportProgress {
  /** 0–100 for the bar. */
  percent: number;
  /** What is happening, in Chinese. */
  text: string;
  tone: ProgressTone;
  /** Whether the server is still working (keep polling). */
  running: boolean;
}

const RUNNING: readonly ImportState[] = ['queued', 'validating', 'committing'];
export const isRunning = (state: ImportState) => RUNNING.includes(state);

const n = (value: number) => value.toLocaleString('zh-CN');

/**
 * The bar follows the two background phases: while validating it shows how much of the file has
 * been read (bytes, the only measure known before the end); committing is one transaction, so it
 * shows a full, moving bar until the server reports the result.
 */
export function importProgress(
  imp: Pick<
    Import,
    | 'state'
    | 'bytesDone'
    | 'bytesTotal'
    | 'rowsDone'
    | 'inserts'
    | 'updates'
    | 'unchanged'
    | 'errorCount'
    | 'message'
  >,
): ImportProgress {
  switch (imp.state) {
    case 'queued':
      return { percent: 0, text: '排队等待校验…', tone: 'active', running: true };
    case 'validating': {
      const read = imp.bytesTotal > 0 ? imp.bytesDone / imp.bytesTotal : 0;
      // 100% only once the checks after the last row are done too.
      const percent = Math.min(99, Math.floor(read * 100));
      return {
        percent,
        text: `正在校验：已读取 ${n(imp.rowsDone)} 行（${percent}%）`,
        tone: 'active',
        running: true,
      };
    }
    case 'validated':
      return {
        percent: 100,
        text: `校验通过：共 ${n(imp.rowsDone)} 行，确认后写入`,
        tone: 'success',
        running: false,
      };
    case 'invalid':
      return {
        percent: 100,
        text: imp.message ?? `发现 ${n(imp.errorCount)} 处错误，未写入任何数据`,
        tone: 'error',
        running: false,
      };
    case 'committing':
      return {
        percent: 100,
        text: `正在写入 ${n(imp.inserts + imp.updates)} 行，全部成功或全部不写入…`,
        tone: 'active',
        running: true,
      };
    case 'committed':
      return {
        percent: 100,
        text: `导入完成：新增 ${n(imp.inserts)}，更新 ${n(imp.updates)}，未变 ${n(imp.unchanged)}`,
        tone: 'success',
        running: false,
      };
    case 'failed':
      return { percent: 100, text: imp.message ?? '导入失败，未写入任何数据', tone: 'error', running: false };
    case 'expired':
      return {
        percent: 100,
        text: imp.message ?? '校验通过后长时间未确认导入，已过期，请重新上传',
        tone: 'error',
        running: false,
      };
  }
}
