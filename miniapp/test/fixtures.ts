import type { DevUser, Me, Session } from '@coordnet/shared/api/auth';
import type { Log } from '@coordnet/shared/api/logs';
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
  {
    code: '330106000000',
    parentCode: '330100000000',
    level: 'county',
    name: '西湖区',
    childCount: 7,
    localCode: false,
  },
  {
    code: '330106109000',
    parentCode: '330106000000',
    level: 'township',
    name: '三墩镇',
    childCount: 1,
    localCode: false,
  },
  {
    code: '330106400000',
    parentCode: '330106000000',
    level: 'park',
    name: '西湖科技经济园区',
    childCount: 0,
    localCode: false,
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
    responsible: null,
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
    canRevealMobile: false,
    kind: 'enterprise',
    kindLabel: '企业劳动关系协调员',
    jurisdictionCode: '330106109000',
    jurisdictionName: '三墩镇',
    enterpriseId: uuid(1001),
    enterpriseName: '测试企业1号有限公司',
    organisation: null,
    skillLevel: 'level3',
    certificateNo: null,
    certificateDate: null,
    canEditQualification: false,
    validFrom: '2024-01-01',
    validTo: null,
    ...overrides,
  };
}

/** A township coordinator of 三墩镇 (the C1/C2 duties). */
export function makeTownshipCoordinator(): Me {
  return makeMe({
    id: uuid(5),
    name: '刘芳',
    supervisorRoles: [],
    coordinatorRoles: [
      {
        id: uuid(6),
        kind: 'township',
        kindLabel: '乡镇(街道)劳动关系协调员',
        jurisdictionCode: '330106109000',
        jurisdictionName: '三墩镇',
        enterpriseId: null,
        enterpriseName: null,
        skillLevel: 'level3',
      },
    ],
    jurisdictions: [{ code: '330106109000', name: '三墩镇', level: 'township' }],
  });
}

export function makeVisitLog(n: number, overrides: Partial<Log> = {}): Log {
  return {
    id: uuid(4000 + n),
    clientId: uuid(4100 + n),
    kind: 'visit',
    kindLabel: '实地走访',
    status: 'submitted',
    statusLabel: '待审核',
    revision: 1,
    enterprise: {
      id: uuid(1000 + n),
      name: `测试企业${n}号有限公司`,
      jurisdictionCode: '330106109000',
      jurisdictionName: '三墩镇',
    },
    author: { userId: uuid(5), name: '刘芳' },
    occurredAt: '2026-11-20T02:00:00.000Z',
    createdAt: '2026-11-20T02:01:00.000Z',
    updatedAt: '2026-11-20T02:01:00.000Z',
    duties: ['law_publicity', 'dispute_mediation'],
    notes: `第${n}家企业现场查看劳动合同台账`,
    flags: [],
    duplicateOfId: null,
    contact: null,
    visit: {
      checkIn: {
        latitude: 30.3243,
        longitude: 120.0975,
        accuracy: 25,
        address: null,
        isFromMock: false,
        coordinateSystem: 'gcj02',
      },
      distanceMeters: 120,
      photos: [{ id: uuid(4200 + n), url: `/api/v1/uploads/${uuid(4200 + n)}` }],
      riskLevel: 'none',
      decision: null,
    },
    guidance: null,
    riskReport: null,
    ...overrides,
  };
}

type Person = { userId: string; name: string };

/**
 * A visit's history: submitted with a check-in 2.2 km away, sent back by `decider` for its location,
 * resubmitted with a redone check-in 120 m away.
 */
export function makeRecheckedHistory(author: Person, decider: Person) {
  return [
    {
      action: 'created',
      actionLabel: '提交',
      revision: 1,
      actor: author,
      reason: null,
      at: '2026-12-03T02:25:00.000Z',
      checkIn: { at: '2026-12-03T02:21:00.000Z', distanceMeters: 2200, redone: false },
    },
    {
      action: 'rejected',
      actionLabel: '退回',
      revision: 1,
      actor: decider,
      reason: '请到现场重新打卡',
      at: '2026-12-03T05:00:00.000Z',
      checkIn: null,
    },
    {
      action: 'revised',
      actionLabel: '修改后重新提交',
      revision: 2,
      actor: author,
      reason: null,
      at: '2026-12-04T01:10:00.000Z',
      checkIn: { at: '2026-12-04T01:10:00.000Z', distanceMeters: 120, redone: true },
    },
  ];
}
