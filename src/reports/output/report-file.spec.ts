import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReportFile } from './report-file';

describe('ReportFile: a report written to a temporary file and hashed on the way', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cnt-report-file-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('stores every piece in order, strings as UTF-8, with the size and SHA-256 of the whole', async () => {
    const file = await ReportFile.create(join(dir, 'a.part'));
    const pieces: Array<string | Uint8Array> = [];
    // Many small pieces and a few large ones, across the batching threshold, with multi-byte characters.
    for (let i = 0; i < 5000; i++) pieces.push(i % 7 === 0 ? Buffer.from([i % 256, 0xff]) : `piece ${i} · ≥ ’\n`);
    pieces.push('x'.repeat(200_000), new Uint8Array(100_000).fill(7), '');
    for (const [i, piece] of pieces.entries()) {
      file.write(piece);
      if (i % 1000 === 0) await file.drain();
    }
    const written = await file.finish();
    const expected = Buffer.concat(pieces.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));
    const stored = await readFile(written.path);
    expect(Buffer.compare(stored, expected)).toBe(0);
    expect(written.size).toBe(expected.length);
    expect(written.sha256).toBe(createHash('sha256').update(expected).digest('hex'));
  });

  it('refuses a path that exists, and discard() removes what was written', async () => {
    const path = join(dir, 'b.part');
    const file = await ReportFile.create(path);
    await expect(ReportFile.create(path)).rejects.toMatchObject({ code: 'EEXIST' });
    file.write('y'.repeat(100_000));
    await file.drain();
    expect(existsSync(path)).toBe(true);
    await file.discard();
    expect(existsSync(path)).toBe(false);
  });

  it('reports a failed write at the next drain instead of losing it', async () => {
    const file = await ReportFile.create(join(dir, 'c.part'));
    // Closing the handle underneath makes the next write fail.
    await (file as unknown as { handle: { close(): Promise<void> } }).handle.close();
    file.write('z'.repeat(100_000));
    await expect(file.drain()).rejects.toThrow();
    await file.discard();
    expect(existsSync(join(dir, 'c.part'))).toBe(false);
  });
});
