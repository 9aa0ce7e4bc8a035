import { spawn, type ChildProcess } from 'node:child_process';
import { clockEnv } from '../../clock';
import { repoRoot } from '../lib';

export const FAKE_APP_SECRET = 'drill-fake-dingtalk-app-secret';
export const FAKE_ROBOT_TOKEN = 'drillrobottoken0123456789';
export const FAKE_ROBOT_SECRET = 'SECdrillrobotsecret0123456789';

export interface FakeDingTalkProcess {
  child: ChildProcess;
  url: string;
  /** DINGTALK_* variables that point a server at this fake (app sign-in, work notifications, robots). */
  serverEnv: NodeJS.ProcessEnv;
  /** Robot access tokens: `<FAKE_ROBOT_TOKEN>-1` … `-N`. */
  robotTokens: string[];
  shown(): Promise<RobotMessages>;
  stop(): Promise<void>;
}

export interface RobotMessages {
  messages: { accessToken: string; at: string; msgUuid: string | null }[];
  duplicateUuids: number;
  throttled: number;
}

/** Runs server/src/integrations/dingtalk/fake-server-cli.ts as its own process, as a real DingTalk would be. */
export async function startFakeDingTalkProcess(robots = 0): Promise<FakeDingTalkProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'server/src/integrations/dingtalk/fake-server-cli.ts', '0'],
    {
      cwd: repoRoot,
      env: {
        ...process.env,
        FAKE_DINGTALK_APP_SECRET: FAKE_APP_SECRET,
        FAKE_DINGTALK_ROBOT_TOKEN: FAKE_ROBOT_TOKEN,
        FAKE_DINGTALK_ROBOT_SECRET: FAKE_ROBOT_SECRET,
        FAKE_DINGTALK_ROBOTS: String(robots),
        FAKE_DINGTALK_QUIET: '1',
        // It checks the server's signature timestamps against its own clock.
        ...clockEnv,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const output = await new Promise<string>((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => reject(new Error(`fake DingTalk did not start:\n${text}`)), 30_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (/app robot group/.test(text)) {
        clearTimeout(timer);
        resolve(text);
      }
    });
    child.once('exit', (code) => reject(new Error(`fake DingTalk exited with ${code}:\n${text}`)));
  });
  const value = (name: string) => new RegExp(`${name}=(\\S+)`).exec(output)![1]!;
  const url = /listening on (\S+)/.exec(output)![1]!;
  return {
    child,
    url,
    serverEnv: {
      DINGTALK_OAPI_URL: value('DINGTALK_OAPI_URL'),
      DINGTALK_API_URL: value('DINGTALK_API_URL'),
      DINGTALK_APP_KEY: value('DINGTALK_APP_KEY'),
      DINGTALK_APP_SECRET: value('DINGTALK_APP_SECRET'),
      DINGTALK_AGENT_ID: value('DINGTALK_AGENT_ID'),
      DINGTALK_CORP_ID: 'dingdrillcorp',
      DINGTALK_FAKE: '0',
    },
    robotTokens: Array.from({ length: robots }, (_, i) => `${FAKE_ROBOT_TOKEN}-${i + 1}`),
    shown: async () => (await (await fetch(`${url}/_fake/robot-messages`)).json()) as RobotMessages,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
