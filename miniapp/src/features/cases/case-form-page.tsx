import { useState } from 'react';
import { Input, Selector, TextArea, Toast } from 'antd-mobile';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { CASE_VISIBILITIES, caseCreateBodySchema } from '@coordnet/shared/api/cases';
import { DUTIES, DUTY_KEYS, type Duty } from '@coordnet/shared/domain/duties';
import { errorMessage } from '../../lib/api';
import { Field, FormActions } from '../../lib/ui/form-parts';
import { PageHeader } from '../../lib/ui/page-header';
import { shareCase } from './case-api';
import { CaseImagePicker, uploadedIds, type CaseImage } from './case-image-picker';

const DUTY_OPTIONS = DUTY_KEYS.map((key) => ({ value: key, label: DUTIES[key] }));
const VISIBILITY_OPTIONS = (Object.keys(CASE_VISIBILITIES) as (keyof typeof CASE_VISIBILITIES)[]).map(
  (key) => ({
    value: key,
    label: CASE_VISIBILITIES[key],
  }),
);

/** 分享案例: title, duty, what happened and what worked, shared with my jurisdiction or the province. */
export function CaseFormPage() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [title, setTitle] = useState('');
  const [duty, setDuty] = useState<Duty | null>(null);
  const [body, setBody] = useState('');
  const [visibility, setVisibility] = useState<'jurisdiction' | 'province'>('jurisdiction');
  const [images, setImages] = useState<CaseImage[]>([]);
  const uploading = images.some((i) => i.status === 'uploading');
  const [error, setError] = useState<string | null>(null);
  const share = useMutation({
    mutationFn: shareCase,
    onSuccess: (created) => {
      void queryClient.invalidateQueries({ queryKey: ['cases', 'list'] });
      Toast.show({ content: '已分享' });
      void navigate(`/cases/${created.id}`, { replace: true });
    },
    onError: (failure) => setError(errorMessage(failure)),
  });
  const submit = () => {
    if (uploading) return setError('附图正在上传，请稍候');
    if (images.some((i) => i.status === 'failed'))
      return setError('有附图上传失败，请点按“重试”或删除后再分享');
    const parsed = caseCreateBodySchema.safeParse({
      title,
      duty,
      body,
      visibility,
      attachmentIds: uploadedIds(images),
    });
    if (!parsed.success) return setError(parsed.error.issues[0]?.message ?? '请检查填写的内容');
    setError(null);
    share.mutate(parsed.data);
  };

  return (
    <>
      <PageHeader title="分享案例" backTo="/cases" />
      <div className="form-page">
        <Field label="标题">
          <Input
            value={title}
            onChange={setTitle}
            placeholder="如：三墩镇某企业欠薪纠纷调处"
            maxLength={100}
            aria-label="标题"
          />
        </Field>
        <Field label="职责类别">
          <Selector
            columns={1}
            showCheckMark={false}
            options={DUTY_OPTIONS}
            value={duty ? [duty] : []}
            onChange={(values) => setDuty(values[0] ?? null)}
          />
        </Field>
        <Field label="案例内容">
          <TextArea
            value={body}
            onChange={setBody}
            placeholder="事情经过、做法和成效，至少 20 个字"
            autoSize={{ minRows: 6, maxRows: 14 }}
            showCount
            maxLength={20000}
            aria-label="案例内容"
          />
        </Field>
        <Field label="附图" hint="现场照片、协议或材料的照片">
          <CaseImagePicker images={images} onChange={setImages} />
        </Field>
        <Field label="公开范围">
          <Selector
            columns={2}
            showCheckMark={false}
            options={VISIBILITY_OPTIONS}
            value={[visibility]}
            onChange={(values) => values[0] && setVisibility(values[0])}
          />
        </Field>
      </div>
      <FormActions
        label={uploading ? '附图上传中…' : '分享'}
        onSubmit={submit}
        loading={share.isPending}
        disabled={uploading}
        error={error}
      />
    </>
  );
}
