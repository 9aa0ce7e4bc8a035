import { useState } from 'react';
import { Button, Toast } from 'antd-mobile';
import { DownlandOutline } from 'antd-mobile-icons';
import { exportLinkSchema, type LedgerKey } from '@coordnet/shared/api/stats';
import { apiRequest, errorMessage, type QueryValue } from '../api';
import { openFileLink } from '../dingtalk';

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
  const download = async () => {
    setLoading(true);
    try {
      const link = await apiRequest(`/exports/${ledger}/link`, exportLinkSchema, { method: 'POST', query });
      await openFileLink(new URL(link.path, window.location.origin).toString());
    } catch (e) {
      Toast.show({ content: errorMessage(e), position: 'bottom' });
    } finally {
      setLoading(false);
    }
  };
  return (
    <Button size="small" fill="outline" color="primary" loading={loading} onClick={() => void download()}>
      <DownlandOutline /> {label}
    </Button>
  );
}
