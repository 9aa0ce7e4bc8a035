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
  rate_limited: '操作过于频繁，请稍后再试',
  dev_login_disabled: '未开放演示登录',
  dingtalk_unavailable: '钉钉服务暂时不可用，请稍后再试',
  service_unavailable: '服务暂时不可用，请稍后再试',
  internal_error: '服务器内部错误，请稍后再试',
} as const;

export type ErrorCode = keyof typeof ERROR_MESSAGES;
