import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { INPUT_FILES, OUTPUTS, inputsHash, staleReason, writeStamp } from '../build-inputs.mjs';

/** A repository in miniature: every input file, a source in each workspace, and a finished build. */
let root: string;

function write(file: string, content: string) {
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), content);
}

function build() {
  for (const output of OUTPUTS)
    write(output.endsWith('pglite-template') ? `${output}/base` : output, 'built');
  writeStamp(root, inputsHash(root));
}

beforeEach(() => {
  root = mkdtempSync(path.join(tmpdir(), 'coordnet-build-inputs-'));
  for (const file of INPUT_FILES) write(file, `${file} v1`);
  write('server/src/app.ts', 'export const app = 1;');
  write('miniapp/src/main.tsx', 'render();');
  write('shared/src/api/x.ts', 'export const x = 1;');
  write('migrations/0000_init.sql', 'create table t ();');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('npm start builds only when an input changed since the last build', () => {
  it('the first start after install builds: nothing was built yet', () => {
    expect(staleReason(root)).toMatch(/missing/);
  });

  it('a second start does not build: the same inputs as the last build', () => {
    build();
    expect(staleReason(root)).toBeNull();
  });

  it('a source file changed in any workspace, or a new migration, means building again', () => {
    for (const [file, content] of [
      ['server/src/app.ts', 'export const app = 2;'],
      ['miniapp/src/main.tsx', 'render(2);'],
      ['shared/src/api/x.ts', 'export const x = 2;'],
      ['migrations/0001_next.sql', 'alter table t add c int;'],
      ['server/src/modules/new/routes.ts', 'export {};'],
    ]) {
      build();
      write(file!, content!);
      expect(staleReason(root), file).toMatch(/changed/);
    }
  });

  it('a deleted source file means building again', () => {
    build();
    rmSync(path.join(root, 'server/src/app.ts'));
    expect(staleReason(root)).toMatch(/changed/);
  });

  it('the lockfile or the build configuration changed means building again', () => {
    for (const file of [
      'package-lock.json',
      'server/build.mjs',
      'miniapp/vite.config.ts',
      'tsconfig.base.json',
    ]) {
      build();
      write(file, `${file} v2`);
      expect(staleReason(root), file).toMatch(/changed/);
    }
  });

  it('tests, docs and data are not build inputs', () => {
    build();
    write('server/test/app.test.ts', 'test();');
    write('README.md', 'changed');
    write('data/pglite/PG_VERSION', '17');
    expect(staleReason(root)).toBeNull();
  });

  it('content decides, not file times: a touched but unchanged file does not rebuild', () => {
    build();
    const later = new Date(Date.now() + 60_000);
    utimesSync(path.join(root, 'server/src/app.ts'), later, later);
    expect(staleReason(root)).toBeNull();
  });

  it('a missing output means building again, whatever the stamp says', () => {
    for (const output of OUTPUTS) {
      build();
      rmSync(path.join(root, output), { recursive: true, force: true });
      expect(staleReason(root), output).toMatch(/missing/);
    }
  });

  it('a build that left no stamp (failed half-way) is not trusted', () => {
    build();
    rmSync(path.join(root, 'server/dist/build-inputs.json'));
    expect(staleReason(root)).toMatch(/no record/);
  });
});
