import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaseDetail, CaseSummary } from '@coordnet/shared/api/cases';
import { createMemoryStorage } from '../src/lib/storage';
import { enterpriseAt, uploadPhoto, visitBody } from './helpers/duty-fixtures';
import { createTestApp, type TestApp } from './helpers/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ storage: createMemoryStorage() });
});
afterAll(() => t.close());

const body = (title: string, extra: object = {}) => ({
  title,
  duty: 'dispute_mediation',
  body: '某企业因订单减少拖欠 36 名员工两个月工资，镇协调员联合工会约谈企业负责人，协商分期支付方案并签订书面协议，一周内全部兑付。',
  visibility: 'jurisdiction',
  ...extra,
});

async function share(as: string, payload: object): Promise<CaseDetail> {
  t.clock.advance(60_000); // newest first
  const res = await t.request({ method: 'POST', url: '/api/v1/cases', as, payload });
  expect(res.statusCode, res.body).toBe(201);
  return res.json();
}
async function titles(as: string, query = ''): Promise<string[]> {
  const res = await t.request({ method: 'GET', url: `/api/v1/cases?${query}`, as });
  expect(res.statusCode, res.body).toBe(200);
  return res.json().items.map((c: CaseSummary) => c.title);
}

describe('协调员之家 case library (seed §二(三) 工作交流机制, §三(三) 典型经验)', () => {
  let township: CaseDetail;
  let county: CaseDetail;
  let province: CaseDetail;
  let photo: string;

  it('a township coordinator shares a case with her township; it is seen there and above, not next door', async () => {
    township = await share('刘芳', body('三墩镇欠薪纠纷调处案例'));
    expect(township).toMatchObject({
      jurisdictionName: '三墩镇',
      visibilityLabel: '本辖区',
      dutyLabel: '矛盾纠纷排查和协商调解',
      status: 'published',
      authorName: '刘芳',
    });
    for (const reader of ['刘芳', '王海峰', '赵敏', '林晓燕', '陈建国', '郑磊'])
      expect(await titles(reader), reader).toContain('三墩镇欠薪纠纷调处案例');
    for (const outsider of ['周强', '吴静', '孙立新'])
      expect(await titles(outsider), outsider).not.toContain('三墩镇欠薪纠纷调处案例');
    const hidden = await t.request({ method: 'GET', url: `/api/v1/cases/${township.id}`, as: '孙立新' });
    expect(hidden.statusCode).toBe(404);
  });

  it('shared with the county above her: the park and the community of 西湖区 see it, 拱墅区 does not', async () => {
    photo = await uploadPhoto(t, '刘芳');
    county = await share(
      '刘芳',
      body('集体协商推动工资增长经验', {
        duty: 'democratic_bargaining',
        jurisdictionCode: '330106000000',
        attachmentIds: [photo],
      }),
    );
    expect(county.attachments).toEqual([{ id: photo, url: `/api/v1/uploads/${photo}` }]);
    expect(await titles('周强')).toContain('集体协商推动工资增长经验');
    expect(await titles('吴静')).toContain('集体协商推动工资增长经验');
    expect(await titles('孙立新')).not.toContain('集体协商推动工资增长经验');
    // The attachment follows the case's visibility.
    expect((await t.request({ method: 'GET', url: `/api/v1/uploads/${photo}`, as: '周强' })).statusCode).toBe(
      200,
    );
    expect(
      (await t.request({ method: 'GET', url: `/api/v1/uploads/${photo}`, as: '孙立新' })).statusCode,
    ).toBe(404);
  });

  it('shared with the province: another county sees it', async () => {
    province = await share(
      '周强',
      body('园区企业用工体检"一件事"做法', { duty: 'checkup_registration', visibility: 'province' }),
    );
    expect(province.visibilityLabel).toBe('全省');
    expect(await titles('孙立新')).toContain('园区企业用工体检"一件事"做法');
  });

  it('refuses sharing with a county one does not work in, a used image, and thin content', async () => {
    const elsewhere = await t.request({
      method: 'POST',
      url: '/api/v1/cases',
      as: '刘芳',
      payload: body('跨区分享测试', { jurisdictionCode: '330105000000' }),
    });
    expect(elsewhere.statusCode).toBe(400);
    expect(elsewhere.json().message).toBe('只能在本人任职的地区或其上级地区范围内分享案例');
    const reused = await t.request({
      method: 'POST',
      url: '/api/v1/cases',
      as: '刘芳',
      payload: body('重复附图测试', { attachmentIds: [photo] }),
    });
    expect(reused.statusCode).toBe(400);
    expect(reused.json().code).toBe('case_attachment_invalid');
    const thin = await t.request({
      method: 'POST',
      url: '/api/v1/cases',
      as: '刘芳',
      payload: { ...body('内容过短'), body: '很好' },
    });
    expect(thin.statusCode).toBe(400);
    expect(thin.json().message).toContain('案例内容至少 20 个字');
    expect(await titles('刘芳', 'mine=true')).toEqual(['集体协商推动工资增长经验', '三墩镇欠薪纠纷调处案例']);
  });

  it('searches by text and by duty category', async () => {
    expect(await titles('王海峰', `q=${encodeURIComponent('分期支付')}`)).toEqual([
      '园区企业用工体检"一件事"做法',
      '集体协商推动工资增长经验',
      '三墩镇欠薪纠纷调处案例',
    ]);
    expect(await titles('王海峰', `q=${encodeURIComponent('集体协商推动')}`)).toEqual([
      '集体协商推动工资增长经验',
    ]);
    expect(await titles('王海峰', 'duty=checkup_registration')).toEqual(['园区企业用工体检"一件事"做法']);
    expect(await titles('王海峰', `q=${encodeURIComponent('100%_')}`)).toEqual([]);
    const bad = await t.request({ method: 'GET', url: '/api/v1/cases?duty=gossip', as: '王海峰' });
    expect(bad.statusCode).toBe(400);
  });

  it('the county manager hides a case with a reason and restores it; others may not', async () => {
    for (const who of ['赵敏', '刘芳', '孙立新']) {
      const res = await t.request({
        method: 'POST',
        url: `/api/v1/cases/${province.id}/hide`,
        as: who,
        payload: { reason: '含企业敏感信息' },
      });
      expect(res.statusCode, who).toBe(403);
    }
    const hidden = await t.request({
      method: 'POST',
      url: `/api/v1/cases/${province.id}/hide`,
      as: '王海峰',
      payload: { reason: '含企业敏感信息' },
    });
    expect(hidden.statusCode, hidden.body).toBe(200);
    expect(hidden.json()).toMatchObject({
      status: 'hidden',
      hiddenReason: '含企业敏感信息',
      moderatable: true,
    });
    expect(await titles('孙立新')).not.toContain(province.title);
    expect(await titles('赵敏')).not.toContain(province.title);
    expect(await titles('周强')).toContain(province.title); // the author still sees it, marked hidden
    const again = await t.request({
      method: 'POST',
      url: `/api/v1/cases/${province.id}/hide`,
      as: '王海峰',
      payload: { reason: '再次屏蔽' },
    });
    expect(again.statusCode).toBe(409);
    const restored = await t.request({
      method: 'POST',
      url: `/api/v1/cases/${province.id}/restore`,
      as: '陈建国',
    });
    expect(restored.statusCode).toBe(200);
    expect(await titles('孙立新')).toContain(province.title);
  });
});

describe('协调员之家 attachments (the case form picks images through the upload API)', () => {
  it('takes up to nine of my unused uploads, in the order picked, readable through their urls', async () => {
    const photos = [];
    for (let i = 0; i < 3; i++) photos.push(await uploadPhoto(t, '刘芳'));
    const shared = await share('刘芳', body('附图顺序测试', { attachmentIds: photos }));
    expect(shared.attachments.map((a) => a.id)).toEqual(photos);
    for (const a of shared.attachments)
      expect((await t.request({ method: 'GET', url: a.url, as: '王海峰' })).statusCode).toBe(200);
  });

  it('refuses another person’s upload, a visit photo and more than nine, in Chinese, writing nothing', async () => {
    const refused = async (attachmentIds: string[]) => {
      const res = await t.request({
        method: 'POST',
        url: '/api/v1/cases',
        as: '刘芳',
        payload: body('附图校验测试', { attachmentIds }),
      });
      expect(res.statusCode, res.body).toBe(400);
      expect(res.json().message).toMatch(/附图/);
    };
    await refused([await uploadPhoto(t, '王海峰')]);
    const visitPhoto = await uploadPhoto(t, '刘芳');
    const e = await enterpriseAt(t, '330106109000', 2);
    const visit = await t.request({
      method: 'POST',
      url: '/api/v1/visits',
      as: '刘芳',
      payload: visitBody(e.id, '2026-11-15T02:00:00Z', [visitPhoto]),
    });
    expect(visit.statusCode, visit.body).toBe(201);
    await refused([visitPhoto]);
    await refused(Array.from({ length: 10 }, () => crypto.randomUUID()));
    expect(await titles('刘芳', 'q=附图校验测试')).toEqual([]);
  });

  it('a photo attached to a case cannot be reused for a visit', async () => {
    const photo = await uploadPhoto(t, '刘芳');
    await share('刘芳', body('附图不可复用测试', { attachmentIds: [photo] }));
    const e = await enterpriseAt(t, '330106109000', 3);
    const visit = await t.request({
      method: 'POST',
      url: '/api/v1/visits',
      as: '刘芳',
      payload: visitBody(e.id, '2026-11-15T03:00:00Z', [photo]),
    });
    expect(visit.statusCode).toBe(400);
    expect(visit.json().code).toBe('upload_invalid');
  });
});
