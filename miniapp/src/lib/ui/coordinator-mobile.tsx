import { useState } from 'react';
import { Button, Toast } from 'antd-mobile';
import { PhoneFill } from 'antd-mobile-icons';
import { useMutation } from '@tanstack/react-query';
import type { Coordinator } from '@coordnet/shared/api/registry';
import { errorMessage } from '../api';
import { callPhone, telHref } from '../dingtalk';
import { displayMobile } from '../labels';
import { revealMobile } from '../registry-api';

/**
 * Tap-to-call: the mobile stays masked until the person taps 查看号码 (the server checks they
 * need it and writes the read to its audit log), then 拨打 opens DingTalk's call menu or the
 * phone's dialer. Those who may not see it only ever get the masked number.
 */
export function CoordinatorMobile({ coordinator: c }: { coordinator: Coordinator }) {
  const [revealed, setRevealed] = useState<string | null>(null);
  const reveal = useMutation({
    mutationFn: () => revealMobile(c.roleId),
    onSuccess: (mobile) => {
      if (mobile) setRevealed(mobile);
      else Toast.show({ content: '该协调员未登记手机号' });
    },
  });

  if (revealed) {
    return (
      <span className="coordinator-mobile">
        <span>手机 {revealed}</span>
        <a
          className="call-link"
          href={telHref(revealed)}
          aria-label={`拨打 ${c.name} 的手机 ${revealed}`}
          onClick={(event) => {
            event.preventDefault();
            void callPhone(revealed);
          }}
        >
          <PhoneFill /> 拨打
        </a>
      </span>
    );
  }
  return (
    <span className="coordinator-mobile">
      <span>手机 {displayMobile(c.mobile)}</span>
      {c.canRevealMobile && (
        <Button
          className="reveal-button"
          size="small"
          fill="outline"
          color="primary"
          loading={reveal.isPending}
          aria-label={`查看 ${c.name} 的完整手机号`}
          onClick={(event) => {
            event.stopPropagation();
            reveal.mutate();
          }}
        >
          查看
        </Button>
      )}
      {reveal.isError && (
        <span className="reveal-error" role="alert">
          {errorMessage(reveal.error)}
        </span>
      )}
    </span>
  );
}
