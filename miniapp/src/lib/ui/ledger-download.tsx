import { useState } from 'react';
import { Button } from 'antd-mobile';
import { DownlandOutline } from 'antd-mobile-icons';
import { exportLinkSchema, type LedgerKey } from '@coordnet/shared/api/stats';
import { apiRequest, errorMessage, type QueryValue } from '../api';

/**
 * 下载台账: asks the API for a short-lived single-use link to this ledger with this filter (checked
 * and audited by the server) and opens it — in DingTalk its file viewer, which sends no header.
 */
export function LedgerDownload({
  ledger,
  query,
  label = '下载台账',
}: {
  ledger: LedgerKey;
  query: Record<string, QueryValue>;
  label?: string;
}) {
  const [loading, setLoading] = useState(false);
  // Shown beside the button rather than as a Toast, whose overlay code would weigh on every list page.
  const [problem, setProblem] = useState<string | null>(null);
  const download = async () => {
    setLoading(true);
    setProblem(null);
    try {
      const link = await apiRequest(`/exports/${ledger}/link`, exportLinkSchema, { method: 'POST', query });
      // The DingTalk bridge loads on the tap, not with every list that offers a ledger.
      const { openFileLink } = await import('../dingtalk');
      await openFileLink(new URL(link.path, window.location.origin).toString());
    } catch (e) {
      setProblem(errorMessage(e));
    } finally {
      setLoading(false);
    }
  };
  return (
    <span className="ledger-download">
      <Button size="small" fill="outline" color="primary" loading={loading} onClick={() => void download()}>
        <DownlandOutline /> {label}
      </Button>
      {problem && (
        <span role="alert" className="ledger-download-problem">
          {problem}
        </span>
      )}
    </span>
  );
}
