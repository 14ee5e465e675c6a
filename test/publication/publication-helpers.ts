import { createHash } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { bearer, TestUser } from '../helpers/auth';
import { binary } from '../helpers/binary';

export interface Recorded {
  status: number;
  sha256: string;
  recorded: string | undefined;
}

/** Fetches each address and keeps its status, the SHA-256 of its body and the recorded hash it announces. */
export async function recordAll(app: INestApplication, urls: string[], user?: TestUser): Promise<Record<string, Recorded>> {
  const out: Record<string, Recorded> = {};
  for (const url of urls) {
    const response = await request(app.getHttpServer()).get(url).set(bearer(user)).buffer(true).parse(binary);
    out[url] = {
      status: response.status,
      sha256: createHash('sha256').update(response.body as Buffer).digest('hex'),
      recorded: response.headers['x-recorded-sha256'],
    };
  }
  return out;
}

/** Waits until the background job has stored every artifact of the version. */
export async function artifactsStored(app: INestApplication, year: number, version: number, timeoutMs = 480_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const { body } = await request(app.getHttpServer()).get(`/api/cycles/${year}/publications`).expect(200);
    const v = body.find((p: { version: number }) => p.version === version);
    if (v && v.artifactsStored === v.artifactsExpected) return;
    if (v?.artifactJob === 'failed') throw new Error(`artifact job failed: ${JSON.stringify(v)}`);
    if (Date.now() > until) throw new Error(`artifacts not stored in time: ${JSON.stringify(body)}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** Exact row count of every table of the schema (pg-boss keeps its jobs in a schema of its own). */
export async function rowCounts(dataSource: DataSource): Promise<Record<string, number>> {
  const tables: Array<{ tablename: string }> = await dataSource.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`);
  const counts: Record<string, number> = {};
  for (const { tablename } of tables) {
    const [{ n }] = await dataSource.query(`SELECT count(*)::int AS n FROM "${tablename}"`);
    counts[tablename] = n;
  }
  return counts;
}
