export const GUIDANCE_LIST_PATH = '/guidance';

export const guidanceFormPath = (enterpriseId: string) =>
  `${GUIDANCE_LIST_PATH}/${encodeURIComponent(enterpriseId)}/new`;
