/**
 * The columns of each import template and the header texts accepted for them. Headers are matched
 * in any order, ignoring spaces, full-width/half-width forms, a required-marker `*` and a unit in
 * brackets, so `统一社会信用代码`, `信用代码`, `USCC` and `＊统一社会信用代码` all name one column.
 */
export interface ColumnSpec<K extends string = string> {
  key: K;
  /** The template's header. */
  header: string;
  aliases: readonly string[];
  required?: boolean;
  /** The template's example row. */
  example: string;
  /** How to fill it in (the template's 填写说明 sheet). */
  note: string;
  width: number;
}

/** NFKC folds full-width letters and brackets; spaces, `*` and case do not matter. */
export function normaliseHeader(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\s*]/g, '')
    .replace(/[【[]/g, '(')
    .replace(/[】\]]/g, ')')
    .toLowerCase();
}

const withoutUnit = (normalised: string) => normalised.replace(/\([^)]*\)/g, '');

export interface HeaderMatch<K extends string> {
  /** Cell index of each column found. */
  index: Map<K, number>;
  /** Header text as written in the file, by column (for the error report). */
  written: Map<K, string>;
  missing: ColumnSpec<K>[];
  /** Two cells naming the same column. */
  repeated: string[];
}

export function matchHeader<K extends string>(
  cells: readonly string[],
  columns: readonly ColumnSpec<K>[],
): HeaderMatch<K> {
  const lookup = new Map<string, K>();
  for (const column of columns) {
    for (const name of [column.header, ...column.aliases]) {
      const normalised = normaliseHeader(name);
      lookup.set(normalised, column.key);
      lookup.set(withoutUnit(normalised), column.key);
    }
  }
  const index = new Map<K, number>();
  const written = new Map<K, string>();
  const repeated: string[] = [];
  cells.forEach((cell, i) => {
    const normalised = normaliseHeader(cell);
    if (!normalised) return;
    const key = lookup.get(normalised) ?? lookup.get(withoutUnit(normalised));
    if (key === undefined) return;
    if (index.has(key)) repeated.push(cell.trim());
    else {
      index.set(key, i);
      written.set(key, cell.trim());
    }
  });
  return { index, written, repeated, missing: columns.filter((c) => c.required && !index.has(c.key)) };
}

const MOBILE_ALIASES = ['手机', '手机号', '手机号码', '联系电话', '联系手机', '移动电话', '电话', 'mobile'];

export const ENTERPRISE_COLUMNS = [
  {
    key: 'uscc',
    header: '统一社会信用代码',
    aliases: ['信用代码', '社会信用代码', '统一代码', '统一信用代码', 'USCC', '企业信用代码'],
    required: true,
    example: '91330106MA2B3C4D5D',
    note: '18 位，按 GB 32100-2015 校验；已登记的企业按此代码更新',
    width: 24,
  },
  {
    key: 'name',
    header: '企业名称',
    aliases: ['单位名称', '企业(单位)名称', '名称', '企业全称'],
    required: true,
    example: '（示例）杭州某某科技有限公司',
    note: '必填',
    width: 34,
  },
  {
    key: 'jurisdictionCode',
    header: '所属区划代码',
    aliases: ['区划代码', '行政区划代码', '所属区域代码', '属地区划代码', '区域代码'],
    required: true,
    example: '330106109001',
    note: '12 位统计用区划代码，须在您的管理范围内',
    width: 16,
  },
  {
    key: 'industry',
    header: '行业',
    aliases: ['所属行业', '行业类别', '行业门类', '国民经济行业'],
    example: '软件和信息技术服务业',
    note: '2017 年大中小微型企业划分办法中的行业，如 工业（含采矿业，制造业，电力、热力、燃气及水生产和供应业）、零售业、软件和信息技术服务业；不填为 其他未列明行业',
    width: 22,
  },
  {
    key: 'employees',
    header: '从业人员(人)',
    aliases: ['从业人员', '从业人数', '职工人数', '员工人数', '用工人数', '人数'],
    example: '120',
    note: '整数',
    width: 12,
  },
  {
    key: 'revenue',
    header: '营业收入(万元)',
    aliases: ['营业收入', '年营业收入', '营收', '主营业务收入'],
    example: '3500',
    note: '数字，单位万元',
    width: 14,
  },
  {
    key: 'assets',
    header: '资产总额(万元)',
    aliases: ['资产总额', '总资产', '资产'],
    example: '2800',
    note: '数字，单位万元',
    width: 14,
  },
  {
    key: 'declaredSize',
    header: '企业规模',
    aliases: ['规模', '企业类型(规模)', '申报规模'],
    example: '',
    note: '大型、中型、小型或微型；不填则按 2017 年标准由行业、从业人员、营业收入、资产总额计算',
    width: 10,
  },
  {
    key: 'contactName',
    header: '联系人',
    aliases: ['联系人姓名', '企业联系人', '负责人'],
    example: '张三',
    note: '',
    width: 10,
  },
  {
    key: 'contactMobile',
    header: '联系电话',
    aliases: MOBILE_ALIASES.concat(['联系人手机', '联系人电话']),
    example: '13800138000',
    note: '11 位中国大陆手机号',
    width: 14,
  },
  {
    key: 'address',
    header: '地址',
    aliases: ['企业地址', '注册地址', '经营地址', '住所', '详细地址'],
    example: '杭州市西湖区三墩镇某某路 1 号',
    note: '',
    width: 30,
  },
  {
    key: 'isKey',
    header: '重点企业',
    aliases: ['是否重点企业', '重点'],
    example: '否',
    note: '是 或 否',
    width: 10,
  },
  {
    key: 'longitude',
    header: '经度',
    aliases: ['企业经度', 'longitude', 'lng'],
    example: '120.0975',
    note: '企业所在位置的经度（高德/钉钉地图坐标 GCJ-02），与纬度同时填写；实地走访打卡按此计算距离',
    width: 12,
  },
  {
    key: 'latitude',
    header: '纬度',
    aliases: ['企业纬度', 'latitude', 'lat'],
    example: '30.3243',
    note: '企业所在位置的纬度（GCJ-02），与经度同时填写',
    width: 12,
  },
  {
    key: 'status',
    header: '经营状态',
    aliases: ['状态', '企业状态', '登记状态'],
    example: '正常',
    note: '正常、停业或注销；不填为 正常。停业、注销的企业不再计入履职范围',
    width: 10,
  },
  {
    key: 'responsible',
    header: '责任人',
    aliases: ['责任协调员', '负责协调员', '联系协调员'],
    example: '（示例）张三',
    note: '所在乡镇(街道)、工业园区在岗协调员的姓名或手机号；同名时填手机号；不填由该乡镇全体协调员负责',
    width: 14,
  },
] as const satisfies readonly ColumnSpec[];
export type EnterpriseColumn = (typeof ENTERPRISE_COLUMNS)[number]['key'];

export const COORDINATOR_COLUMNS = [
  {
    key: 'dingtalkUserId',
    header: '钉钉用户ID',
    aliases: ['钉钉userid', '钉钉ID', '钉钉账号', 'userid', '用户ID', '钉钉用户编号'],
    required: true,
    example: 'zhangsan01',
    note: '钉钉通讯录中的 userid；已登记的人员按此更新',
    width: 16,
  },
  {
    key: 'name',
    header: '姓名',
    aliases: ['协调员姓名', '人员姓名'],
    required: true,
    example: '（示例）张三',
    note: '必填',
    width: 10,
  },
  {
    key: 'mobile',
    header: '手机',
    aliases: MOBILE_ALIASES,
    example: '13800138000',
    note: '11 位中国大陆手机号',
    width: 14,
  },
  {
    key: 'kind',
    header: '协调员类别',
    aliases: ['类别', '协调员类型', '人员类别', '类型'],
    required: true,
    example: '社区(村)劳动关系协调员',
    note: '企业、乡镇(街道)、工业园区、社区(村)、工会、企业联合会/企业家协会、工商联、行业协会(商会)、调解组织、律师事务所/社会组织',
    width: 24,
  },
  {
    key: 'jurisdictionCode',
    header: '服务区划代码',
    aliases: ['区划代码', '所属区划代码', '行政区划代码', '服务区域代码'],
    example: '330106109001',
    note: '12 位区划代码；企业协调员可不填(取企业所在区划)',
    width: 16,
  },
  {
    key: 'enterpriseUscc',
    header: '所在企业统一社会信用代码',
    aliases: ['企业统一社会信用代码', '所在企业信用代码', '企业信用代码', '统一社会信用代码'],
    example: '',
    note: '企业劳动关系协调员必填，企业须已登记',
    width: 24,
  },
  {
    key: 'organisation',
    header: '所在单位',
    aliases: ['工作单位', '单位', '单位名称'],
    example: '三墩镇社区服务中心',
    note: '',
    width: 20,
  },
  {
    key: 'skillLevel',
    header: '技能等级',
    aliases: ['职业技能等级', '等级', '证书等级'],
    example: '四级',
    note: '四级、三级、二级或一级',
    width: 10,
  },
  {
    key: 'certificateNo',
    header: '证书编号',
    aliases: ['职业技能等级证书编号', '证书号'],
    example: 'S000033010600241000123',
    note: '',
    width: 24,
  },
  {
    key: 'certificateDate',
    header: '发证日期',
    aliases: ['证书日期', '取证日期', '发证时间'],
    example: '2025-06-30',
    note: '如 2025-06-30',
    width: 12,
  },
  {
    key: 'endedOn',
    header: '结束日期',
    aliases: ['离任日期', '结束任职日期', '任职结束日期', '停用日期'],
    example: '',
    note: '结束此项任职时填写：不再任职的第一天，如 2026-11-16；不能晚于今天，须晚于任职日期，该人员须在此任职。不填则不变',
    width: 12,
  },
  {
    key: 'endReason',
    header: '结束原因',
    aliases: ['离任原因', '任职结束原因'],
    example: '',
    note: '离任 或 调岗；填写结束日期时必填',
    width: 10,
  },
  {
    key: 'personStatus',
    header: '人员状态',
    aliases: ['状态', '在岗状态'],
    example: '在岗',
    note: '在岗 或 停用；不填为 在岗。停用：结束该人员的全部任职(离任，自结束日期起，不填为今天)并停用，不再计入人数、履职和提醒',
    width: 10,
  },
] as const satisfies readonly ColumnSpec[];
export type CoordinatorColumn = (typeof COORDINATOR_COLUMNS)[number]['key'];

export const JURISDICTION_COLUMNS = [
  {
    key: 'code',
    header: '区划代码',
    aliases: ['统计用区划代码', '行政区划代码', '代码'],
    required: true,
    example: '330106109099',
    note: '12 位统计用区划代码；层级和上级由代码决定，只能导入乡镇(街道)、工业园区和社区(村)',
    width: 16,
  },
  {
    key: 'name',
    header: '名称',
    aliases: ['区划名称', '单位名称', '社区(村)名称', '乡镇(街道)名称'],
    required: true,
    example: '（示例）某某社区',
    note: '必填；已有的区划按代码更新名称',
    width: 24,
  },
  {
    key: 'level',
    header: '层级',
    aliases: ['级别', '类型'],
    example: '社区(村)',
    note: '可不填；填写时须与代码一致',
    width: 12,
  },
  {
    key: 'parentCode',
    header: '上级区划代码',
    aliases: ['上级代码', '上级区划'],
    example: '330106109000',
    note: '可不填；填写时须与代码一致',
    width: 16,
  },
  {
    key: 'localCode',
    header: '本地编码',
    aliases: ['非统计用区划代码', '自编代码'],
    example: '否',
    note: '没有统计用区划代码、由县(市、区)自行编码的单位(如县设园区)填 是；不填为 否(已有的区划不变)',
    width: 12,
  },
] as const satisfies readonly ColumnSpec[];
export type JurisdictionColumn = (typeof JURISDICTION_COLUMNS)[number]['key'];

/** The template's example row starts its name with this; such rows are skipped. */
export const EXAMPLE_MARK = /^[(（]示例[)）]/;
