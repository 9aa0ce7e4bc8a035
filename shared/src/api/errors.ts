import { z } from 'zod';

/** Every error the API returns has this body; `message` is always Simplified Chinese for the user. */
export const errorBodySchema = z.object({
  code: z.string(),
  message: z.string(),
  details: z.unknown().optional(),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

export const ERROR_MESSAGES = {
  bad_request: '请求格式不正确',
  validation_failed: '提交的内容不符合要求',
  invalid_json: '请求内容不是有效的 JSON',
  body_too_large: '提交的内容过大',
  unsupported_media_type: '不支持的内容类型',
  unauthorized: '请先登录',
  token_expired: '登录已过期，请重新登录',
  auth_code_invalid: '钉钉免登授权码无效或已过期，请重新打开应用',
  user_not_registered: '您尚未登记为协调员或监管人员，请联系所在县(市、区)人力社保局',
  user_inactive: '您的账号已停用，请联系所在县(市、区)人力社保局',
  forbidden: '您没有权限执行此操作',
  not_found: '未找到该记录',
  route_not_found: '接口不存在',
  uscc_invalid: '统一社会信用代码不正确',
  uscc_duplicate: '该统一社会信用代码已登记',
  jurisdiction_invalid: '行政区划代码不正确或不存在',
  conflict: '数据已被修改，请刷新后重试',
  idempotency_conflict: '该记录编号已用于另一条内容不同的记录，请刷新后重试',
  occurred_at_future: '发生时间不能晚于当前时间',
  occurred_at_too_early: '发生时间早于补录期限',
  not_responsible: '您不是该企业的负责协调员，不能记录此项工作',
  not_approver: '您不是该走访记录的审核人',
  self_approval: '不能审核自己提交的记录',
  log_locked: '该走访记录已审核通过，不能修改或撤回',
  log_state_invalid: '该记录当前状态不允许此操作',
  photos_required: '请上传现场照片',
  upload_invalid: '照片无效或已被其他记录使用，请重新上传',
  upload_type_invalid: '只能上传 JPEG、PNG、WebP 或 HEIC 格式的图片',
  upload_missing: '请选择要上传的图片',
  upload_too_large: '图片不能超过 10 MB',
  person_invalid: '所选人员不是该企业的劳动关系协调员',
  period_mismatch: '统计周期与规则不符：C1 按月(如 2026-11)，C2 按季度(如 2026-Q4)，C3 按年(如 2026)',
  settings_level_invalid: '只能在省、市、县(市、区)层级设置工作规则',
  assessment_level_invalid: '年度目标考核按市、县(市、区)进行，请选择省、市或县(市、区)',
  stats_scope_required: '只有乡镇(街道)、工业园区、社区(村)协调员和人力社保局人员可以查看统计和导出台账',
  work_group_token_invalid: '机器人 Webhook 地址或 access_token 不正确',
  work_group_duplicate: '该群机器人已登记在另一个工作群',
  work_group_inactive: '该工作群已停用',
  work_group_rate_limited: '该群机器人一分钟内发送次数已达上限，请稍后再试',
  workday_overrides_province_only: '节假日调整只能在省级设置',
  rate_limited: '操作过于频繁，请稍后再试',
  dev_login_disabled: '未开放演示登录',
  dingtalk_unavailable: '钉钉服务暂时不可用，请稍后再试',
  service_unavailable: '服务暂时不可用，请稍后再试',
  internal_error: '服务器内部错误，请稍后再试',
} as const;

export type ErrorCode = keyof typeof ERROR_MESSAGES;
