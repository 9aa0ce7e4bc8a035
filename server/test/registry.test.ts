import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './helpers/test-app';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('registry', () => {
  it('lists the jurisdictions a county supervisor covers', async () => {
    const res = await t.request({ method: 'GET', url: '/api/v1/jurisdictions', as: '王海峰' });
    expect(res.statusCode).toBe(200);
    const codes = res.json().items.map((j: { code: string }) => j.code);
    expect(codes[0]).toBe('330106000000');
    expect(codes).toContain('330106109000');
    expect(codes).not.toContain('330105001000');
  });
});
