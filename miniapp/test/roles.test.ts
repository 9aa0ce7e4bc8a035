import { describe, expect, it } from 'vitest';
import { tabsFor } from '../src/app/tabs';
import { canLogWith, canReportRiskAt } from '../src/lib/roles';
import { makeMe, makeTownshipCoordinator, uuid } from './fixtures';

const community = () =>
  makeMe({
    supervisorRoles: [],
    jurisdictions: [],
    coordinatorRoles: [
      {
        id: uuid(21),
        kind: 'community',
        kindLabel: '社区(村)劳动关系协调员',
        jurisdictionCode: '330106005055',
        jurisdictionName: '翠苑一区社区',
        enterpriseId: null,
        enterpriseName: null,
        skillLevel: null,
      },
    ],
  });

describe('who may do what with an enterprise', () => {
  it('seed §二(二) fifth duty: township and community coordinators may file a 风险上报, not only its own coordinator', () => {
    const inSanDun = { id: uuid(1001), jurisdictionCode: '330106109000' };
    const inCommunity = { id: uuid(1002), jurisdictionCode: '330106005055' };
    expect(canReportRiskAt(makeTownshipCoordinator(), inSanDun)).toBe(true);
    expect(canReportRiskAt(community(), inCommunity)).toBe(true);
    expect(canReportRiskAt(community(), inSanDun)).toBe(false);
  });

  it('seed §二(三) C5: a community coordinator logs contacts and visits with the enterprises of the community only', () => {
    expect(canLogWith(community(), '330106005055')).toBe(true);
    expect(canLogWith(community(), '330106005000')).toBe(false);
    expect(tabsFor(community()).map((t) => t.title)).toContain('记录');
  });
});
