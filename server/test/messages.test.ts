import { describe, expect, it } from 'vitest';
import {
  markdownMessage,
  robotRequestBody,
  splitMarkdown,
  textMessage,
  utf8Bytes,
  type MarkdownMessage,
} from '../src/integrations/dingtalk/messages';
import { MSG_UUID_LENGTH, reminderMsgUuid } from '../src/integrations/dingtalk/msg-uuid';

const enterpriseLines = (count: number) =>
  Array.from(
    { length: count },
    (_, i) =>
      `- ${String(i + 1).padStart(4, '0')} 杭州市西湖区三墩镇某某科技有限公司 未报送2026年第三季度劳动关系情况`,
  );
const linesOf = (message: MarkdownMessage) =>
  message.markdown.text.split('\n').filter((l) => l.startsWith('- '));
const fullBody = (message: MarkdownMessage, part: number) =>
  robotRequestBody(
    message,
    reminderMsgUuid({ groupId: 7, rule: 'quarterly-report', period: '2026-Q3', part }),
  );

describe('robot message bodies', () => {
  it('match the shapes DingTalk documents', () => {
    expect(JSON.parse(robotRequestBody(textMessage('请及时填报', { atMobiles: ['13800000000'] })))).toEqual({
      msgtype: 'text',
      text: { content: '请及时填报' },
      at: { atMobiles: ['13800000000'] },
    });
    expect(JSON.parse(robotRequestBody(markdownMessage('提醒', '#### 提醒\n> 内容'), 'u-1'))).toEqual({
      msgtype: 'markdown',
      markdown: { title: '提醒', text: '#### 提醒\n> 内容' },
      msgUuid: 'u-1',
    });
  });

  it('counts UTF-8 bytes, three for each Chinese character', () => {
    expect(utf8Bytes('协调员')).toBe(9);
    expect(utf8Bytes({ a: '员' })).toBe('{"a":""}'.length + 3);
  });
});

describe('splitMarkdown', () => {
  it('splits a 60,000-byte list into numbered parts that each fit in 20,000 bytes, all lines in order', () => {
    const lines = enterpriseLines(600);
    expect(utf8Bytes(lines.join('\n'))).toBeGreaterThan(60_000);
    const parts = splitMarkdown('季度报送提醒', lines);
    expect(parts.length).toBeGreaterThanOrEqual(4);
    parts.forEach((part, i) => {
      expect(utf8Bytes(fullBody(part, i + 1))).toBeLessThanOrEqual(20_000);
      expect(part.markdown.title).toBe(`季度报送提醒（${i + 1}/${parts.length}）`);
      expect(part.markdown.text.startsWith(`#### 季度报送提醒（${i + 1}/${parts.length}）\n`)).toBe(true);
    });
    expect(parts.flatMap(linesOf)).toEqual(lines);
  });

  it('keeps a short list in one message without a part number', () => {
    const [only, ...rest] = splitMarkdown('月度提醒', enterpriseLines(3));
    expect(rest).toEqual([]);
    expect(only!.markdown.title).toBe('月度提醒');
    expect(linesOf(only!)).toEqual(enterpriseLines(3));
  });

  it('carries the group keyword in every title and text', () => {
    const parts = splitMarkdown('季度报送提醒', enterpriseLines(600), { keyword: '协调员' });
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect(part.markdown.title).toContain('协调员');
      expect(part.markdown.text).toContain('协调员');
    }
  });

  it('counts @-mentions, JSON escaping and the msgUuid against the limit', () => {
    const lines = enterpriseLines(120).map((l) => `${l} "备注\\${'"'.repeat(20)}"`);
    const at = { atMobiles: ['13800000001', '13800000002'] };
    const parts = splitMarkdown('提醒', lines, { maxBytes: 4_000, at });
    parts.forEach((part, i) => expect(utf8Bytes(fullBody(part, i + 1))).toBeLessThanOrEqual(4_000));
    expect(parts.flatMap(linesOf)).toEqual(lines);
    expect(parts[0]!.at).toEqual(at);
    expect(parts[0]!.markdown.text).toContain('@13800000001 @13800000002');
    expect(parts.slice(1).every((p) => p.at === undefined)).toBe(true);
  });

  it('widens the part number when there are ten or more parts', () => {
    const parts = splitMarkdown('提醒', enterpriseLines(300), { maxBytes: 2_000 });
    expect(parts.length).toBeGreaterThanOrEqual(10);
    parts.forEach((part, i) => expect(utf8Bytes(fullBody(part, i + 1))).toBeLessThanOrEqual(2_000));
    expect(parts.at(-1)!.markdown.title).toBe(`提醒（${parts.length}/${parts.length}）`);
  });

  it('refuses a single line that no message could carry rather than cut it', () => {
    expect(() => splitMarkdown('提醒', ['短', '长'.repeat(10_000)])).toThrow(RangeError);
  });
});

describe('reminderMsgUuid', () => {
  const key = { groupId: 'g-1', rule: 'quarterly-report', period: '2026-Q3', part: 1 };

  it('gives a retried send the same msgUuid, and every other part, period or group a different one', () => {
    expect(reminderMsgUuid(key)).toBe(reminderMsgUuid({ ...key }));
    const others = [
      { ...key, part: 2 },
      { ...key, period: '2026-Q4' },
      { ...key, groupId: 'g-2' },
      { ...key, rule: 'monthly-log' },
      { ...key, groupId: 'g-1-quarterly', rule: 'report' },
    ].map(reminderMsgUuid);
    expect(new Set([reminderMsgUuid(key), ...others]).size).toBe(6);
  });

  it('is a UUID of fixed length', () => {
    expect(reminderMsgUuid(key)).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(reminderMsgUuid(key)).toHaveLength(MSG_UUID_LENGTH);
  });
});
