import { MSG_UUID_LENGTH } from './msg-uuid';

/** Message bodies of the custom group robot (docs/dingtalk.md §1). */
export interface RobotAt {
  atMobiles?: string[];
  atUserIds?: string[];
  isAtAll?: boolean;
}

export interface TextMessage {
  msgtype: 'text';
  text: { content: string };
  at?: RobotAt;
}

export interface MarkdownMessage {
  msgtype: 'markdown';
  markdown: { title: string; text: string };
  at?: RobotAt;
}

export interface ActionCardMessage {
  msgtype: 'actionCard';
  actionCard: { title: string; text: string; singleTitle: string; singleURL: string };
}

export interface ActionCardButtonsMessage {
  msgtype: 'actionCard';
  actionCard: {
    title: string;
    text: string;
    /** '0' buttons stacked, '1' side by side */
    btnOrientation: '0' | '1';
    btns: { title: string; actionURL: string }[];
  };
}

export interface LinkMessage {
  msgtype: 'link';
  link: { title: string; text: string; messageUrl: string; picUrl?: string };
}

export type RobotMessage =
  TextMessage | MarkdownMessage | ActionCardMessage | ActionCardButtonsMessage | LinkMessage;

/** What the app robot (docs/dingtalk.md §2) has templates for. */
export type AppRobotMessage = Exclude<RobotMessage, ActionCardButtonsMessage>;

/** Work notifications (docs/dingtalk.md §4) take the same text and markdown shapes, without `at`. */
export type WorkMessage =
  | { msgtype: 'text'; text: { content: string } }
  | { msgtype: 'markdown'; markdown: { title: string; text: string } };

/** The custom robot's body limit, in UTF-8 bytes of the whole JSON request body. */
export const ROBOT_MAX_BODY_BYTES = 20_000;
/** api.dingtalk.com limit on an app robot's msgParam (docs/dingtalk.md §2). */
export const APP_ROBOT_MAX_PARAM_BYTES = 15_000;

export const textMessage = (content: string, at?: RobotAt): TextMessage => ({
  msgtype: 'text',
  text: { content },
  ...(at ? { at } : {}),
});

export const markdownMessage = (title: string, text: string, at?: RobotAt): MarkdownMessage => ({
  msgtype: 'markdown',
  markdown: { title, text },
  ...(at ? { at } : {}),
});

export const actionCardMessage = (card: ActionCardMessage['actionCard']): ActionCardMessage => ({
  msgtype: 'actionCard',
  actionCard: card,
});

export const actionCardButtonsMessage = (
  card: Omit<ActionCardButtonsMessage['actionCard'], 'btnOrientation'> & { btnOrientation?: '0' | '1' },
): ActionCardButtonsMessage => ({
  msgtype: 'actionCard',
  actionCard: { ...card, btnOrientation: card.btnOrientation ?? '0' },
});

export const linkMessage = (link: LinkMessage['link']): LinkMessage => ({ msgtype: 'link', link });

/** The exact JSON request body posted to /robot/send. */
export function robotRequestBody(message: RobotMessage, msgUuid?: string): string {
  return JSON.stringify(msgUuid === undefined ? message : { ...message, msgUuid });
}

export function utf8Bytes(body: string | object): number {
  return Buffer.byteLength(typeof body === 'string' ? body : JSON.stringify(body), 'utf8');
}

/** A group that secures its robot with a keyword gets it at the front of every title. */
export function titleWithKeyword(title: string, keyword?: string): string {
  return keyword && !title.includes(keyword) ? `【${keyword}】${title}` : title;
}

export interface SplitOptions {
  maxBytes?: number;
  /** the group's robot keyword; always carried in the title and the text */
  keyword?: string;
  /** whom to @; goes on the first part only, so nobody is notified once per part */
  at?: RobotAt;
}

/**
 * Splits a long list into markdown messages `标题（1/3）`, `标题（2/3）`, … whose whole request body —
 * with `at` and a msgUuid of {@link MSG_UUID_LENGTH} characters — stays within `maxBytes` UTF-8
 * bytes. Lines are kept whole and in order; a single line too long for any message throws.
 */
export function splitMarkdown(
  title: string,
  lines: readonly string[],
  { maxBytes = ROBOT_MAX_BODY_BYTES, keyword, at }: SplitOptions = {},
): MarkdownMessage[] {
  const baseTitle = titleWithKeyword(title, keyword);
  const uuidPlaceholder = 'x'.repeat(MSG_UUID_LENGTH);
  const build = (partTitle: string, partLines: readonly string[], first: boolean) => {
    const mention = first && at ? mentionText(at) : '';
    const text = [`#### ${partTitle}`, '', ...partLines, ...(mention ? ['', mention] : [])].join('\n');
    return markdownMessage(partTitle, text, first ? at : undefined);
  };
  const bodyBytes = (message: MarkdownMessage) => utf8Bytes(robotRequestBody(message, uuidPlaceholder));
  // Inside a JSON string each added line costs its escaped bytes plus the escaped "\n" before it.
  const lineCost = (line: string) => utf8Bytes(JSON.stringify(`\n${line}`)) - 2;

  const pack = (suffixRoom: string): string[][] => {
    const parts: string[][] = [];
    let current: string[] = [];
    let used = 0;
    const start = () => {
      current = [];
      used = bodyBytes(build(`${baseTitle}${suffixRoom}`, [], parts.length === 0));
      parts.push(current);
    };
    start();
    lines.forEach((line, index) => {
      const cost = lineCost(line);
      if (used + cost > maxBytes && current.length > 0) start();
      if (used + cost > maxBytes)
        throw new RangeError(`line ${index + 1} does not fit in a ${maxBytes}-byte message`);
      current.push(line);
      used += cost;
    });
    return parts;
  };

  // Room is reserved for the widest "（n/n）" of the digit count; more parts than that digit count
  // allows means packing again with wider room.
  for (let digits = 1; ; digits++) {
    const nines = '9'.repeat(digits);
    const parts = pack(`（${nines}/${nines}）`);
    if (String(parts.length).length > digits) continue;
    const messages = parts.map((partLines, i) =>
      build(parts.length > 1 ? `${baseTitle}（${i + 1}/${parts.length}）` : baseTitle, partLines, i === 0),
    );
    for (const message of messages)
      if (bodyBytes(message) > maxBytes) throw new Error('splitMarkdown produced an oversized part');
    return messages;
  }
}

/** DingTalk only shows an @ when the text also carries `@<mobile>` or `@<userId>`. */
function mentionText(at: RobotAt): string {
  return [...(at.atMobiles ?? []), ...(at.atUserIds ?? [])].map((who) => `@${who}`).join(' ');
}

/** api.dingtalk.com robot templates (docs/dingtalk.md §2) for the message shapes they have. */
export function appRobotTemplate(message: AppRobotMessage): { msgKey: string; msgParam: string } {
  switch (message.msgtype) {
    case 'text':
      return { msgKey: 'sampleText', msgParam: JSON.stringify({ content: message.text.content }) };
    case 'markdown':
      return { msgKey: 'sampleMarkdown', msgParam: JSON.stringify(message.markdown) };
    case 'actionCard':
      return { msgKey: 'sampleActionCard', msgParam: JSON.stringify(message.actionCard) };
    case 'link':
      return { msgKey: 'sampleLink', msgParam: JSON.stringify(message.link) };
  }
}
