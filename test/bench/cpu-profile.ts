// Reads a V8 .cpuprofile (node --cpu-prof) and sums self time per function and per package, so a
// benchmark can say where the server's CPU went without opening a flame graph.
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** `node_modules/<package>` (or the project's own source, or node: internals) a frame belongs to. */
function ownerOf(url: string): string {
  const match = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (match) return match[1]!;
  if (url.startsWith('node:')) return 'node';
  if (url === '') return '(native/V8)';
  return 'coordnet';
}

const keyOf = (frame: ProfileNode['callFrame']) =>
  `${frame.functionName || '(anonymous)'} ${frame.url.replace(/^.*\//, '')}${frame.url ? `:${frame.lineNumber + 1}` : ''}`;

export function summarizeCpuProfile(file: string, top = 25) {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const functions = new Map<string, number>();
  const packages = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const frame = byId.get(id)!.callFrame;
    const key = keyOf(frame);
    functions.set(key, (functions.get(key) ?? 0) + us);
    const owner = ownerOf(frame.url);
    packages.set(owner, (packages.get(owner) ?? 0) + us);
  }
  // Total (inclusive) time: each sample counts once for every distinct function on its stack.
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const inclusive = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const key = keyOf(byId.get(at)!.callFrame);
      if (!seen.has(key)) inclusive.set(key, (inclusive.get(key) ?? 0) + us);
      seen.add(key);
    }
  }
  const share = (entries: Map<string, number>, n: number) =>
    [...entries]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([name, us]) => ({
        name,
        ms: Math.round(us / 1000),
        percent: Math.round((us / total) * 1000) / 10,
      }));
  return {
    sampledMs: Math.round(total / 1000),
    selfTime: share(functions, top),
    totalTime: share(inclusive, top * 3),
    packages: share(packages, 15),
  };
}

const COLOURS: Record<string, string> = {
  coordnet: '#f2a65a',
  'drizzle-orm': '#6fb7e0',
  pg: '#8fd18f',
  'pg-protocol': '#8fd18f',
  'pg-pool': '#8fd18f',
  node: '#d9d9d9',
  '(native/V8)': '#e06f6f',
};
const escapeXml = (s: string) => s.replace(/[<>&"]/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * An icicle (top-down flame) graph of the profile as a standalone SVG: each frame as wide as its
 * share of the samples, callers above callees, coloured by package; frames under 0.1% are left out.
 */
export function flameGraphSvg(file: string, title: string, width = 1600): string {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = new Map<number, number>();
  const sum = (id: number): number => {
    const node = byId.get(id)!;
    const t = (self.get(id) ?? 0) + (node.children ?? []).reduce((a, c) => a + sum(c), 0);
    total.set(id, t);
    return t;
  };
  const root = profile.nodes[0]!.id;
  const all = sum(root);
  const ROW = 16;
  const rects: string[] = [];
  let depthMax = 0;
  const draw = (id: number, x: number, depth: number) => {
    const t = total.get(id)!;
    const w = (t / all) * width;
    if (t / all < 0.001) return;
    depthMax = Math.max(depthMax, depth);
    const { callFrame } = byId.get(id)!;
    const name = keyOf(callFrame);
    const percent = Math.round((t / all) * 1000) / 10;
    const label = w > 40 ? escapeXml(name.slice(0, Math.floor(w / 7))) : '';
    const colour = COLOURS[ownerOf(callFrame.url)] ?? '#c9a0dc';
    rects.push(
      `<g><title>${escapeXml(name)} — ${percent}%</title><rect x="${x.toFixed(1)}" y="${depth * ROW + 24}" width="${Math.max(w - 0.5, 0.5).toFixed(1)}" height="${ROW - 1}" fill="${colour}"/>` +
        (label ? `<text x="${(x + 3).toFixed(1)}" y="${depth * ROW + 36}">${label}</text>` : '') +
        '</g>',
    );
    let cx = x;
    for (const c of byId.get(id)!.children ?? []) {
      draw(c, cx, depth + 1);
      cx += (total.get(c)! / all) * width;
    }
  };
  draw(root, 0, 0);
  const height = (depthMax + 1) * ROW + 32;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="monospace" font-size="11">
<text x="4" y="15" font-size="13">${escapeXml(title)} (${Math.round(all / 1000)} ms sampled; orange CoordNet, blue Drizzle, green node-postgres, grey Node, red native/V8)</text>
${rects.join('\n')}
</svg>
`;
}
