import type { OutboxItem } from '../src/lib/outbox-db';
import type { ContactBody, VisitBody } from '../src/lib/outbox-db';
import type { SyncTransport } from '../src/lib/outbox-sync';
import { ApiError } from '../src/lib/api';
import { uuid } from './fixtures';

export const USER = uuid(1);
export const ENTERPRISE = uuid(1001);

export function contactBody(clientId: string, notes = ''): ContactBody {
  return {
    clientId,
    enterpriseId: ENTERPRISE,
    occurredAt: '2026-03-02T02:00:00.000Z',
    channel: 'phone',
    duties: ['law_publicity'],
    notes,
    riskFlags: [],
  };
}

export function visitBody(clientId: string): VisitBody {
  return {
    clientId,
    enterpriseId: ENTERPRISE,
    occurredAt: '2026-03-02T03:00:00.000Z',
    checkIn: { latitude: 30.3, longitude: 120.1, accuracy: 20, isFromMock: false, coordinateSystem: 'wgs84' },
    duties: ['dispute_mediation'],
    findings: '现场查看劳动合同台账',
    riskLevel: 'none',
  };
}

export function photo(n: number) {
  return { bytes: new Uint8Array([0xff, 0xd8, 0xff, n]).buffer, type: 'image/jpeg', name: `p${n}.jpg` };
}

export const networkError = () => new ApiError(0, 'network_error', '网络连接失败，请检查网络后重试');
export const serverError = () => new ApiError(503, 'service_unavailable', '服务暂时不可用，请稍后再试');

type Step = 'ok' | 'lost' | Error;

/**
 * A server that is idempotent on clientId like the real one: a replay returns the stored record.
 * `script` decides, call by call, whether it answers, fails, or stores and then loses the answer.
 */
export function fakeServer() {
  const records = new Map<string, { kind: string; body: unknown; photos: string[] }>();
  const uploads: { id: string; size: number; key: string }[] = [];
  const calls: string[] = [];
  const script: Step[] = [];
  let uploadSerial = 0;

  const next = () => script.shift() ?? 'ok';

  /** Idempotent on the photo's key, like the server: a replay returns the first upload. */
  function upload(call: string, key: string, size: number) {
    const step = next();
    calls.push(call);
    if (step instanceof Error) throw step;
    const stored = uploads.find((u) => u.key === key);
    const id = stored?.id ?? uuid(9000 + ++uploadSerial);
    if (!stored) uploads.push({ id, size, key });
    if (step === 'lost') throw networkError();
    return Promise.resolve({ id });
  }

  const transport: SyncTransport = {
    async uploadPhoto(blob, _name, clientId) {
      return upload(`upload:${blob.size}`, clientId, blob.size);
    },
    async uploadPhotoFromUrl(url, clientId) {
      return upload(`upload-url:${url}`, clientId, 0);
    },
    async send(item: OutboxItem, photoIds) {
      const step = next();
      const key = item.kind === 'visit_revision' ? `${item.logId}@${item.body.revision}` : item.clientId;
      calls.push(`${item.kind}:${key}`);
      if (step instanceof Error) throw step;
      if (!records.has(key)) records.set(key, { kind: item.kind, body: item.body, photos: photoIds });
      if (step === 'lost') throw networkError();
    },
  };
  return { transport, records, uploads, calls, script };
}
