// P8: the server's resident memory under P1's write load for `--minutes` (10 by default), sampled
// every 5 s from /proc. Target: never above 250 MB, and the last minute's mean within 10% of the
// first minute's.
import { readFileSync } from 'node:fs';
import { arg, stopServer, writeResult } from './lib';
import { loadWriters, runContactLoad, summarize } from './contact-load';
import { connect, ensureProvince, provinceSize, quick, round, startProvinceServer } from './province';

const minutes = arg('minutes', quick ? 0.5 : 10);
await ensureProvince();
const db = await connect();
const writers = await loadWriters(db);
const province = await provinceSize(db);
await db.end();

const server = await startProvinceServer();
const rssMb = () => {
  const status = readFileSync(`/proc/${server.child.pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1]) / 1024;
};
const samples: { atS: number; rssMb: number }[] = [];
const started = performance.now();
const every = quick ? 1_000 : 5_000;
const sampler = setInterval(
  () => samples.push({ atS: round((performance.now() - started) / 1000, 0), rssMb: round(rssMb()) }),
  every,
);
const load = summarize(await runContactLoad(server.url, writers, Math.round(minutes * 60)));
clearInterval(sampler);
await stopServer(server.child);

const window = Math.max(1, Math.round(Math.min(60_000, (minutes * 60_000) / 4) / every));
const mean = (xs: { rssMb: number }[]) => xs.reduce((a, s) => a + s.rssMb, 0) / xs.length;
const first = mean(samples.slice(0, window));
const last = mean(samples.slice(-window));
const peak = Math.max(...samples.map((s) => s.rssMb));
const drift = (last - first) / first;
writeResult('p8-memory', {
  target: 'RSS ≤ 250 MB; last minute within 10% of the first',
  province,
  minutes,
  load,
  rssMb: { firstMinuteMean: round(first), lastMinuteMean: round(last), peak },
  drift: round(drift, 3),
  samples,
  pass: peak <= 250 && Math.abs(drift) < 0.1,
});
