import { useState } from 'react';
import { Button, Popup } from 'antd-mobile';
import { reasonBodySchema } from '@coordnet/shared/api/logs';
import { CountedTextArea } from '../../lib/ui/counted-text-area';

/** Asks for the reason a visit is sent back; the author sees it and corrects the visit. */
export function RejectPopup({
  enterpriseName,
  visible,
  busy,
  onCancel,
  onConfirm,
}: {
  enterpriseName: string;
  visible: boolean;
  busy: boolean;
  onCancel: () => void;
  onConfirm: (reason: string) => void;
}) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);

  const confirm = () => {
    const parsed = reasonBodySchema.safeParse({ reason });
    if (!parsed.success) return setError(parsed.error.issues[0]?.message ?? '请填写退回原因');
    setError(null);
    onConfirm(parsed.data.reason);
  };

  return (
    <Popup
      visible={visible}
      onMaskClick={onCancel}
      onClose={() => setReason('')}
      bodyClassName="reject-popup"
      destroyOnClose
    >
      <h3 className="reject-title">退回走访记录</h3>
      <p className="muted">{enterpriseName}</p>
      <CountedTextArea
        ariaLabel="退回原因"
        placeholder="请写明退回原因，如照片不清晰、走访情况不完整（必填）"
        value={reason}
        onChange={(next) => {
          setReason(next);
          setError(null);
        }}
        max={500}
        maxRows={6}
      />
      {error && (
        <p className="form-error-inline" role="alert">
          {error}
        </p>
      )}
      <div className="approval-actions">
        <Button onClick={onCancel}>取消</Button>
        <Button color="danger" loading={busy} onClick={confirm}>
          确认退回
        </Button>
      </div>
    </Popup>
  );
}
