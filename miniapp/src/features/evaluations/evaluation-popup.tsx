import { useState } from 'react';
import { Button, Popup, Stepper, TextArea, Toast } from 'antd-mobile';
import { useMutation } from '@tanstack/react-query';
import { evaluationAdjustBodySchema, type Evaluation } from '@coordnet/shared/api/evaluations';
import { errorMessage } from '../../lib/api';
import { formatRate } from '../../lib/format';
import { adjustEvaluation, finalizeEvaluation } from './evaluation-api';

/** One coordinator's indicators and scores; a draft is adjusted (±20 with a reason) or finalised. */
export function EvaluationPopup({
  item,
  editable,
  onClose,
  onSaved,
}: {
  item: Evaluation | null;
  editable: boolean;
  onClose: () => void;
  onSaved: () => void;
}) {
  // The parent keys this component by the item, so these start from the item opened.
  const [adjustment, setAdjustment] = useState(item?.adjustment ?? 0);
  const [comment, setComment] = useState(item?.adjustmentComment ?? '');
  const [error, setError] = useState<string | null>(null);
  const done = (message: string) => {
    Toast.show({ content: message });
    onSaved();
  };
  const save = useMutation({
    mutationFn: () => {
      const parsed = evaluationAdjustBodySchema.safeParse({ adjustment, comment });
      if (!parsed.success) throw new Error(parsed.error.issues[0]?.message ?? '请检查填写的内容');
      return adjustEvaluation(item!.id, parsed.data);
    },
    onSuccess: () => done('已保存调整'),
    onError: (failure) => setError(errorMessage(failure)),
  });
  const finalize = useMutation({
    mutationFn: () => finalizeEvaluation(item!.id),
    onSuccess: () => done('已定稿'),
    onError: (failure) => setError(errorMessage(failure)),
  });
  const m = item?.metrics;
  const draft = editable && item?.status === 'draft';

  return (
    <Popup visible={item !== null} onMaskClick={onClose} bodyStyle={{ maxHeight: '85vh', overflowY: 'auto' }}>
      {item && m && (
        <div className="form-page">
          <h2 className="detail-title">
            {item.name} · {item.finalScore === null ? '无可评价的工作' : `${item.finalScore.toFixed(2)} 分`}
          </h2>
          <p className="muted">
            {item.jurisdictionName} · {item.kindLabel}
          </p>
          <dl className="metric-list">
            <dt>服务企业</dt>
            <dd>
              {m.enterprises} 家（大中型 {m.largeMedium}，重点 {m.keyEnterprises}，风险报告 {m.riskReports}）
            </dd>
            <dt>覆盖面 {item.scores.coverage ?? '不适用'}</dt>
            <dd>
              月度联络 {formatRate(m.monthlyCoverage)}，季度走访 {formatRate(m.quarterlyCoverage)}（{m.months}{' '}
              个月、
              {m.quarters} 个季度）
            </dd>
            <dt>频次 {item.scores.frequency ?? '不适用'}</dt>
            <dd>
              联络 {m.contacts} 次，走访 {m.visits} 次，服务劳动者 {m.workerServices} 次
            </dd>
            <dt>质量 {item.scores.quality ?? '不适用'}</dt>
            <dd>
              审核通过率 {formatRate(m.approvalRate)}，退回 {m.rejections} 次，覆盖职责 {m.dutiesCovered}/7 项
            </dd>
            <dt>难度 {item.scores.difficulty ?? '不适用'}</dt>
            <dd>难度指数 {m.difficultyIndex}</dd>
            <dt>计算得分</dt>
            <dd>{item.computedScore === null ? '不适用' : item.computedScore.toFixed(2)}</dd>
          </dl>
          {draft ? (
            <>
              <p>调整分值（-20 ~ 20）</p>
              <Stepper
                min={-20}
                max={20}
                step={0.5}
                digits={1}
                value={adjustment}
                onChange={setAdjustment}
                aria-label="调整分值"
              />
              <TextArea
                className="page-section"
                placeholder="调整说明（调整分数时必填）"
                value={comment}
                onChange={setComment}
                maxLength={500}
                autoSize={{ minRows: 2, maxRows: 5 }}
                aria-label="调整说明"
              />
              {error && <p className="form-error">{error}</p>}
              <div className="button-row">
                <Button color="primary" loading={save.isPending} onClick={() => save.mutate()}>
                  保存调整
                </Button>
                <Button loading={finalize.isPending} onClick={() => finalize.mutate()}>
                  定稿
                </Button>
              </div>
            </>
          ) : (
            item.adjustmentComment && (
              <p>
                调整 {item.adjustment}：{item.adjustmentComment}
              </p>
            )
          )}
        </div>
      )}
    </Popup>
  );
}
