import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import type { Jurisdiction } from '@coordnet/shared/api/registry';
import { countyOptions } from '../src/features/evaluations/county-picker';
import { EvaluationsPage } from '../src/features/evaluations/evaluations-page';
import { makeMe, uuid } from './fixtures';
import { json, mockFetch, type SeenRequest } from './http';
import { renderPage } from './render';

afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

const j = (code: string, parentCode: string | null, level: Jurisdiction['level'], name: string) => ({
  code,
  parentCode,
  level,
  name,
  childCount: 1,
  localCode: false,
});
const provinceTree: Jurisdiction[] = [
  j('330000000000', null, 'province', '浙江省'),
  j('330100000000', '330000000000', 'city', '杭州市'),
  j('330200000000', '330000000000', 'city', '宁波市'),
  j('330105000000', '330100000000', 'county', '拱墅区'),
  j('330106000000', '330100000000', 'county', '西湖区'),
  j('330203000000', '330200000000', 'county', '海曙区'),
];
const cityTree = provinceTree.filter((x) => x.code.startsWith('3301')).filter((x) => x.level !== 'province');

const supervisor = (code: string, name: string, level: 'province' | 'city' | 'county') =>
  makeMe({
    supervisorRoles: [
      {
        id: uuid(2),
        jurisdictionCode: code,
        jurisdictionName: name,
        jurisdictionLevel: level,
        access: 'manager',
      },
    ],
    jurisdictions: [{ code, name, level }],
  });

function serve(tree: Jurisdiction[]) {
  return mockFetch((request: SeenRequest) => {
    if (request.url.pathname === '/api/v1/jurisdictions') return json({ items: tree });
    const code = request.url.searchParams.get('jurisdiction')!;
    return json({
      county: { code, name: tree.find((x) => x.code === code)?.name ?? '?' },
      year: Number(request.url.searchParams.get('year')),
      weights: { coverage: 40, frequency: 20, quality: 25, difficulty: 15 },
      editable: true,
      items: [],
    });
  });
}

describe('年度评价: choosing a county (seed §二(三), C5)', () => {
  it('labels counties with their city when the scope has several cities, plain names under one city', () => {
    expect(countyOptions(provinceTree).map((o) => o.label)).toEqual([
      '杭州市 拱墅区',
      '杭州市 西湖区',
      '宁波市 海曙区',
    ]);
    expect(countyOptions(cityTree).map((o) => o.label)).toEqual(['拱墅区', '西湖区']);
  });

  it('a province supervisor is asked to choose a county, then sees its evaluation', async () => {
    const { requests } = serve(provinceTree);
    const { router } = renderPage('/evaluations', EvaluationsPage, '/evaluations', {
      user: supervisor('330000000000', '浙江省', 'province'),
    });
    expect(await screen.findByText('请先选择县(市、区)')).toBeTruthy();
    expect(requests.some((r) => r.url.pathname === '/api/v1/evaluations')).toBe(false);

    fireEvent.click(screen.getByRole('button', { name: '选择县(市、区)' }));
    expect(await screen.findByText('宁波市')).toBeTruthy();
    fireEvent.click(await screen.findByText('海曙区'));

    await waitFor(() => expect(router.state.location.search).toContain('jurisdiction=330203000000'));
    expect(await screen.findByText(/海曙区 \d{4}年度/)).toBeTruthy();
    const asked = requests.filter((r) => r.url.pathname === '/api/v1/evaluations');
    expect(asked.at(-1)!.url.searchParams.get('jurisdiction')).toBe('330203000000');
    expect(screen.getByRole('button', { name: '县(市、区)：宁波市 海曙区，点按更换' })).toBeTruthy();
  });

  it('a city supervisor opening a county from a link sees it and may switch to another', async () => {
    serve(cityTree);
    renderPage('/evaluations', EvaluationsPage, '/evaluations?jurisdiction=330106000000', {
      user: supervisor('330100000000', '杭州市', 'city'),
    });
    expect(await screen.findByText(/西湖区 \d{4}年度/)).toBeTruthy();
    fireEvent.click(await screen.findByRole('button', { name: '县(市、区)：西湖区，点按更换' }));
    fireEvent.click(await screen.findByText('拱墅区'));
    expect(await screen.findByText(/拱墅区 \d{4}年度/)).toBeTruthy();
  });

  it('a county supervisor gets his county straight away, with no picker and no tree request', async () => {
    const { requests } = serve(cityTree);
    renderPage('/evaluations', EvaluationsPage, '/evaluations', {
      user: supervisor('330106000000', '西湖区', 'county'),
    });
    expect(await screen.findByText(/西湖区 \d{4}年度/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: /县\(市、区\)/ })).toBeNull();
    expect(requests.some((r) => r.url.pathname === '/api/v1/jurisdictions')).toBe(false);
  });
});
