// Runs the fake DingTalk as a standalone process for local development and the offline demo:
//   npx tsx server/src/integrations/dingtalk/fake-server-cli.ts [port]
// Env: FAKE_DINGTALK_PORT (default 3900), FAKE_DINGTALK_HOST, FAKE_DINGTALK_APP_SECRET,
// FAKE_DINGTALK_ROBOT_TOKEN / FAKE_DINGTALK_ROBOT_SECRET / FAKE_DINGTALK_ROBOT_KEYWORD for a demo robot,
// FAKE_DINGTALK_ROBOTS=N for N more robots (tokens `<token>-1` … `<token>-N`, same secret and keyword),
// FAKE_DINGTALK_QUIET=1 to not echo messages, CLOCK_DATE=YYYY-MM-DD to share a server's shifted clock
// (it checks signature timestamps against it). GET /_fake/robot-messages lists what the groups show.
import { shiftedClock, systemClock } from '../../lib/clock';
import { startFakeDingTalk } from './fake-server';

const port = Number(process.argv[2] ?? process.env.FAKE_DINGTALK_PORT ?? 3900);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`invalid port: ${process.argv[2] ?? process.env.FAKE_DINGTALK_PORT}`);
  process.exit(2);
}

const fake = await startFakeDingTalk({
  clock: process.env.CLOCK_DATE ? shiftedClock(process.env.CLOCK_DATE) : systemClock,
  port,
  host: process.env.FAKE_DINGTALK_HOST ?? '127.0.0.1',
  appSecret: process.env.FAKE_DINGTALK_APP_SECRET || 'fake-dingtalk-dev-secret',
});
const keyword = process.env.FAKE_DINGTALK_ROBOT_KEYWORD;
const robot = fake.addRobot({
  accessToken: process.env.FAKE_DINGTALK_ROBOT_TOKEN || 'fake-robot-token',
  secret: process.env.FAKE_DINGTALK_ROBOT_SECRET || 'SECfakerobotsecret',
  ...(keyword ? { keywords: [keyword] } : {}),
});
for (let i = 1; i <= Number(process.env.FAKE_DINGTALK_ROBOTS ?? 0); i++) {
  fake.addRobot({
    accessToken: `${robot.accessToken}-${i}`,
    ...(robot.secret ? { secret: robot.secret } : {}),
    ...(keyword ? { keywords: [keyword] } : {}),
  });
}
const group = fake.addAppRobotGroup('cidFakeGroup');

console.log(`fake DingTalk listening on ${fake.url}
  DINGTALK_OAPI_URL=${fake.url}
  DINGTALK_API_URL=${fake.url}
  DINGTALK_APP_KEY=${fake.appKey}
  DINGTALK_APP_SECRET=${fake.appSecret}
  DINGTALK_AGENT_ID=${fake.agentId}
  DINGTALK_CORP_ID=${fake.corpId}
  robot webhook: ${fake.url}/robot/send?access_token=${robot.accessToken}  secret: ${robot.secret}${keyword ? `  keyword: ${keyword}` : ''}
  app robot group: ${group}`);

// Echo what would appear in DingTalk, so a developer can see reminders arrive.
const shown = { robot: 0, notification: 0, group: 0 };
const echoNew = <T extends { at: Date }>(
  kind: keyof typeof shown,
  items: T[],
  show: (item: T) => unknown,
) => {
  for (const item of items.slice(shown[kind])) console.log(`[${kind} ${item.at.toISOString()}]`, show(item));
  shown[kind] = items.length;
};
const quiet = ['1', 'true'].includes(process.env.FAKE_DINGTALK_QUIET ?? '');
const echo = setInterval(() => {
  if (quiet) return;
  echoNew('robot', fake.received(), (m) => JSON.stringify(m.body));
  echoNew('notification', fake.notifications(), (n) => `${n.userId} ${JSON.stringify(n.msg)}`);
  echoNew(
    'group',
    fake.groupMessages(),
    (g) => `${g.openConversationId} ${g.msgKey} ${JSON.stringify(g.msgParam)}`,
  );
}, 500);

const stop = () => {
  clearInterval(echo);
  void fake.close().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
