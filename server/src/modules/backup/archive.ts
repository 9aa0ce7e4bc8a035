import { createReadStream, createWriteStream, type WriteStream } from 'node:fs';
import { open, rename, rm } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { once } from 'node:events';

/**
 * A backup is one plain tar file (POSIX ustar, readable with `tar tvf`), written and read here
 * without a dependency: entries are streamed in one after another (never a whole photo folder in
 * memory), and read back by seeking over the headers. The archive is written under a `.partial`
 * name and renamed when complete, so a file with the final name is never half-written.
 */
const BLOCK = 512;

function header(name: string, size: number, mtime: Date): Buffer {
  if (Buffer.byteLength(name) > 100) throw new Error(`archive entry name too long: ${name}`);
  const block = Buffer.alloc(BLOCK, 0);
  const octal = (value: number, length: number) => value.toString(8).padStart(length - 1, '0') + '\0';
  block.write(name, 0, 100, 'utf8');
  block.write(octal(0o644, 8), 100, 8, 'ascii');
  block.write(octal(0, 8), 108, 8, 'ascii');
  block.write(octal(0, 8), 116, 8, 'ascii');
  block.write(octal(size, 12), 124, 12, 'ascii');
  block.write(octal(Math.floor(mtime.getTime() / 1000), 12), 136, 12, 'ascii');
  block.write('        ', 148, 8, 'ascii');
  block.write('0', 156, 1, 'ascii');
  block.write('ustar\u000000', 257, 8, 'ascii');
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(octal(sum, 7) + ' ', 148, 8, 'ascii');
  return block;
}

const padding = (size: number) => Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK, 0);

export interface ArchiveWriter {
  /** Adds an entry of exactly `size` bytes from `data`. */
  add(name: string, size: number, data: Readable | Buffer): Promise<void>;
  /** Writes the end marker, then gives the archive its final name. */
  finish(): Promise<void>;
  /** Removes the partial file (after a failure). */
  abort(): Promise<void>;
}

async function write(out: WriteStream, chunk: Buffer) {
  if (!out.write(chunk)) await once(out, 'drain');
}

export function createArchiveWriter(file: string, now: Date): ArchiveWriter {
  const partial = `${file}.partial`;
  const out = createWriteStream(partial, { mode: 0o600 });
  const failed = new Promise<never>((_, reject) => out.once('error', reject));
  failed.catch(() => undefined);
  return {
    async add(name, size, data) {
      await Promise.race([write(out, header(name, size, now)), failed]);
      let written = 0;
      const source = Buffer.isBuffer(data) ? [data] : data;
      for await (const chunk of source) {
        const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array);
        written += buffer.length;
        if (written > size) throw new Error(`${name} grew while it was archived (${size} bytes expected)`);
        await Promise.race([write(out, buffer), failed]);
      }
      if (written !== size) throw new Error(`${name}: ${written} bytes read, ${size} expected`);
      await write(out, padding(size));
    },
    async finish() {
      await write(out, Buffer.alloc(BLOCK * 2, 0));
      out.end();
      await Promise.race([once(out, 'close'), failed]);
      await rename(partial, file);
    },
    async abort() {
      out.destroy();
      await rm(partial, { force: true });
    },
  };
}

export interface ArchiveEntry {
  name: string;
  size: number;
  /** Where the entry's bytes start in the file. */
  offset: number;
}

/** The entries of an archive, in order; throws on a file that is not a complete archive of ours. */
export async function listArchive(file: string): Promise<ArchiveEntry[]> {
  const handle = await open(file, 'r');
  try {
    const { size: total } = await handle.stat();
    const entries: ArchiveEntry[] = [];
    const block = Buffer.alloc(BLOCK);
    let position = 0;
    for (;;) {
      const { bytesRead } = await handle.read(block, 0, BLOCK, position);
      if (bytesRead < BLOCK) throw new Error('the archive is truncated (no end marker)');
      if (block.every((b) => b === 0)) return entries;
      const name = block.toString('utf8', 0, 100).replace(/\0.*$/s, '');
      const size = parseInt(block.toString('ascii', 124, 136).replace(/\0.*$/s, '').trim(), 8);
      if (!name || !Number.isFinite(size) || block.toString('ascii', 257, 262) !== 'ustar') {
        throw new Error('not a CoordNet backup archive (bad tar header)');
      }
      const offset = position + BLOCK;
      if (offset + size > total) throw new Error(`the archive is truncated inside ${name}`);
      entries.push({ name, size, offset });
      position = offset + size + ((BLOCK - (size % BLOCK)) % BLOCK);
    }
  } finally {
    await handle.close();
  }
}

/** A stream of one entry's bytes (an empty entry gives an empty stream). */
export function readEntry(file: string, entry: ArchiveEntry): Readable {
  if (entry.size === 0) return Readable.from([]);
  return createReadStream(file, { start: entry.offset, end: entry.offset + entry.size - 1 });
}

export async function readEntryBuffer(file: string, entry: ArchiveEntry): Promise<Buffer> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(entry.size);
    await handle.read(buffer, 0, entry.size, entry.offset);
    return buffer;
  } finally {
    await handle.close();
  }
}
