import { Agent, request } from 'node:http';
import autocannon from 'autocannon';
import { Client } from 'pg';
// pg's own query object: subclassed to feed COPY FROM STDIN without another dependency.
const PgQuery: new (text: string) => PgSubmittable = require('pg/lib/query');

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * Two pieces of work that are compared: each runs once to warm up, then `runs` times, alternating, so that
 * load from anything else on the machine falls on both alike. Medians and every time in milliseconds.
 */
export async function interleaved<A, B>(
  runs: number,
  first: () => Promise<A>,
  second: () => Promise<B>,
): Promise<[{ ms: number; runs: number[]; last: A }, { ms: number; runs: number[]; last: B }]> {
  let a = await first();
  let b = await second();
  const times: [number[], number[]] = [[], []];
  for (let i = 0; i < runs; i++) {
    let started = performance.now();
    a = await first();
    times[0].push(performance.now() - started);
    started = performance.now();
    b = await second();
    times[1].push(performance.now() - started);
  }
  return [
    { ms: median(times[0]), runs: times[0].map(round1), last: a },
    { ms: median(times[1]), runs: times[1].map(round1), last: b },
  ];
}

const agent = new Agent({ keepAlive: true, maxSockets: 4 });

/** GET over loopback with a kept-alive connection; resolves when the whole body has arrived. */
export function httpGet(port: number, path: string, token?: string): Promise<{ status: number; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, agent, headers: token ? { Authorization: `Bearer ${token}` } : {} },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

export async function getJson<T>(port: number, path: string, token?: string): Promise<T> {
  const response = await httpGet(port, path, token);
  if (response.status !== 200) throw new Error(`GET ${path}: ${response.status} ${response.body.toString('utf8').slice(0, 300)}`);
  return JSON.parse(response.body.toString('utf8')) as T;
}

export interface LoadResult {
  path: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  requests: number;
  non2xx: number;
  errors: number;
  bytesPerSecond: number;
}

/** autocannon against a loopback URL for a bounded time, after a short warm-up run. */
export async function load(port: number, path: string, options: { connections: number; seconds: number }): Promise<LoadResult> {
  const url = `http://127.0.0.1:${port}${path}`;
  await autocannon({ url, connections: options.connections, duration: 2 });
  const result = await autocannon({ url, connections: options.connections, duration: options.seconds });
  return {
    path,
    requestsPerSecond: round1(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    bytesPerSecond: Math.round(result.throughput.average),
  };
}

interface PgSubmittable {
  handleCopyInResponse(connection: PgConnection): void;
  callback?: (error: Error | null, result?: unknown) => void;
}

interface PgConnection {
  sendCopyFromChunk(chunk: Buffer): void;
  endCopyFrom(): void;
}

/** COPY … FROM STDIN with the given bytes, on the client's connection (what pg-copy-streams does, in a few lines). */
export function copyIn(client: Client, sql: string, content: Buffer): Promise<void> {
  const query = new PgQuery(sql);
  query.handleCopyInResponse = (connection: PgConnection) => {
    for (let offset = 0; offset < content.length; offset += 64 * 1024) {
      connection.sendCopyFromChunk(content.subarray(offset, offset + 64 * 1024));
    }
    connection.endCopyFrom();
  };
  return new Promise((resolve, reject) => {
    query.callback = (error) => (error ? reject(error) : resolve());
    (client as unknown as { query(q: PgSubmittable): void }).query(query);
  });
}

export function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

export function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
