import { ProgressBar } from 'antd-mobile';
import type { Import } from '@coordnet/shared/api/imports';
import { importProgress } from './import-progress';

const COLORS = {
  active: 'var(--adm-color-primary)',
  success: 'var(--adm-color-success)',
  error: 'var(--adm-color-danger)',
} as const;

export function ImportProgressBar({ imp }: { imp: Import }) {
  const progress = importProgress(imp);
  return (
    <div
      className={`import-progress${progress.running ? ' import-progress-running' : ''}`}
      role="progressbar"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={progress.percent}
      aria-valuetext={progress.text}
    >
      <ProgressBar percent={progress.percent} style={{ '--fill-color': COLORS[progress.tone] }} />
      <p className={progress.tone === 'error' ? 'import-progress-text import-error' : 'import-progress-text'}>
        {progress.text}
      </p>
    </div>
  );
}
