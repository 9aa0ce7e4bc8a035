import type { DevUser, Me, Session } from '@coordnet/shared/api/auth';
import type { Coordinator, Enterprise, Jurisdiction } from '@coordnet/shared/api/registry';

export const uuid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

export function makeMe(overrides: Partial<Me> = {}): Me {
  return {
    id: uuid(1),
    name: '王建华',
    mobile: '138****1234',
    coordinatorRoles: [],
    supervisorRoles: [
      {
        id: uuid(2),
        jurisdictionCode: '330106000000',
        jurisdictionName: '西湖区',
        jurisdictionLevel: 'county',
        access: 'manager',
      },
    ],
    jurisdictions: [{ code: '330106000000', name: '西湖区', level: 'county' }],
    enterpriseIds: [],
    ...overrides,
  };
}

export function makeSession(token = 'token-1', user: Me = makeMe()): Session {
  return { token, expiresAt: new Date(Date.now() + 2 * 3600_000).toISOString(), user };
}

export const devUsers: DevUser[] = [
  { id: uuid(1), name: '王建华', roleLabel: '县(市、区)人社监管（管理）', jurisdictionName: '西湖区' },
  { id: uuid(3), name: '李芳', roleLabel: '乡镇(街道)劳动关系协调员', jurisdictionName: '三墩镇' },
];

export const scopeTree: Jurisdiction[] = [
  { code: '330106000000', parentCode: '330100000000', level: 'county', name: '西湖区', childCount: 7 },
  { code: '330106109000', parentCode: '330106000000', level: 'township', name: '三墩镇', childCount: 1 },
  {
    code: '330106400000',
    parentCode: '330106000000',
    level: 'park',
    name: '西湖科技经济园区',
    childCount: 0,
  },
];

export function makeEnterprise(n: number, overrides: Partial<Enterprise> = {}): Enterprise {
  return {
    id: uuid(1000 + n),
    uscc: '91350100M000100Y43',
    name: `测试企业${n}号有限公司`,
    jurisdictionCode: '330106109000',
    jurisdictionName: '三墩镇',
    industry: 'industry',
    employees: 320,
    revenue: 2500,
    assets: 1800.5,
    declaredSize: 'medium',
    computedSize: 'medium',
    size: 'medium',
    contactName: '陈静',
    contactMobile: '139****5678',
    address: '杭州市西湖区三墩镇振华路 1 号',
    latitude: null,
    longitude: null,
    inScope: true,
    isKey: false,
    status: 'active',
    createdAt: '2025-01-01T00:00:00.000Z',
    updatedAt: '2025-01-01T00:00:00.000Z',
    ...overrides,
  };
}

export function makeCoordinator(n: number, overrides: Partial<Coordinator> = {}): Coordinator {
  return {
    roleId: uuid(2000 + n),
    userId: uuid(3000 + n),
    name: `协调员${n}`,
    mobile: '137****0000',
    kind: 'enterprise',
    kindLabel: '企业劳动关系协调员',
    jurisdictionCode: '330106109000',
    jurisdictionName: '三墩镇',
    enterpriseId: uuid(1001),
    enterpriseName: '测试企业1号有限公司',
    organisation: null,
    skillLevel: 'level3',
    certificateNo: null,
    validFrom: '2024-01-01',
    validTo: null,
    ...overrides,
  };
}
