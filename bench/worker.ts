import { writeFile } from 'node:fs/promises';
import { AddressInfo } from 'node:net';
import { Worker } from 'node:worker_threads';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { AuthUser } from '../src/auth/auth-user';
import { TokensService } from '../src/auth/tokens.service';
import { CyclesService } from '../src/cycles/cycles.service';
import { DemoService } from '../src/demo/demo.service';
import { syntheticRows } from '../src/demo/synthetic-world';
import { ImportService } from '../src/import/import.service';
import { AuditChainService } from '../src/integrity/audit-chain.service';
import { PublicationArtifactsWorker } from '../src/reports/publication-artifacts.worker';
import { ReportFormat, ReportsService } from '../src/reports/reports.service';
import { Role } from '../src/users/entities/user.entity';
import { UsersService } from '../src/users/users.service';
import { serve } from './ipc';
import { toCsv, WORLD } from './world';

/**
 * A process running the real application on one database, driven by bench/run.ts over IPC.
 * BENCH_WORKER_MODE=server boots the HTTP app on a loopback port; =report boots it without HTTP to render
 * reports while a worker thread samples the resident set size (it keeps sampling while rendering blocks
 * the main thread). The environment (DATABASE_URL, LOG_LEVEL, …) is set by the parent before this starts.
 */
async function main(): Promise<void> {
  const mode = process.env.BENCH_WORKER_MODE ?? 'server';
  // Imported only now: the configuration module validates the environment at import time.
  const { AppModule } = await import('../src/app.module.js');
  let app: INestApplicationContext;
  let port: number | undefined;
  if (mode === 'server') {
    const { configureApp } = await import('../src/configure-app.js');
    const http = configureApp(await NestFactory.create(AppModule, { bufferLogs: true }));
    await http.listen(0, '127.0.0.1');
    port = (http.getHttpServer().address() as AddressInfo).port;
    app = http;
  } else {
    app = await NestFactory.createApplicationContext(AppModule, { bufferLogs: true });
    await app.init();
  }
  const dataSource = app.get(DataSource);
  const demo = app.get(DemoService);
  const cycles = app.get(CyclesService);
  const actor = (): Promise<AuthUser> => demo.demoActor();

  // Statements are counted where TypeORM sends them: its logger sees every query, whatever the caller.
  let statements = 0;
  const logger = dataSource.logger;
  const logQuery = logger.logQuery.bind(logger);
  logger.logQuery = (...args: Parameters<typeof logQuery>) => {
    statements++;
    return logQuery(...args);
  };

  const memory = mode === 'report' ? rssSampler() : undefined;

  serve({
    /** One synthetic cycle through the real import (DemoService.seed: create, then ImportService.importRows). */
    seed: async ({ year, states }: { year: number; states?: string[] }) => {
      const started = performance.now();
      const summary = await demo.seed({ year, publish: false, seed: WORLD.seed, linksPerAssessment: WORLD.linksPerAssessment, states });
      return { ...summary, ms: performance.now() - started };
    },

    /** in_review, then published: the scoring module snapshots every scorecard in the publishing transaction. */
    publish: async ({ year }: { year: number }) => {
      const user = await actor();
      const started = performance.now();
      for (const status of ['in_review', 'published'] as const) {
        const cycle = await cycles.get(year, user);
        await cycles.changeStatus(year, { status, version: cycle.version }, user);
      }
      return { ms: performance.now() - started };
    },

    /** The artifact job's work for one publication version (the queue's pick-up, at most its 2 s poll, aside). */
    storeArtifacts: async ({ year, version }: { year: number; version: number }) => {
      const started = performance.now();
      const files = await app.get(PublicationArtifactsWorker).store(year, version);
      return { ms: performance.now() - started, files };
    },

    token: async ({ role, states }: { role: Role; states?: string[] }) => {
      const suffix = Math.random().toString(36).slice(2, 10);
      const user = await app.get(UsersService).create(
        { email: `bench-${role}-${suffix}@example.org`, name: `Benchmark ${role}`, role, password: 'benchmark password 1234', states },
        null,
      );
      return app.get(TokensService).issueAccessToken(user.id, 0, 6 * 3600);
    },

    countStart: async () => {
      statements = 0;
    },
    countStop: async () => statements,

    /** Creates an open cycle, writes its synthetic rows as a CSV file, then times ImportService.import on it. */
    importCsv: async ({ year, file }: { year: number; file: string }) => {
      const user = await actor();
      await cycles.create({ year, title: `[Synthetic] Benchmark import ${year}` }, user, { synthetic: true });
      const rows = syntheticRows(await demo.targets(year), {
        year,
        seed: WORLD.seed,
        linksPerAssessment: WORLD.linksPerAssessment,
        label: '[Synthetic]',
      });
      const csv = Buffer.from(toCsv(rows), 'utf8');
      await writeFile(file, csv);
      const started = performance.now();
      const result = await app.get(ImportService).import(csv, user, false);
      return { ms: performance.now() - started, rows: rows.length, bytes: csv.length, result };
    },

    /** Renders one report `runs` times; the RSS peak of each run is sampled from a worker thread. */
    report: async ({ year, group, state, format, runs }: { year: number; group?: string; state?: string; format: ReportFormat; runs: number }) => {
      const reports = app.get(ReportsService);
      const samples: Array<{ ms: number; bytes: number; rssBefore: number; rssPeak: number }> = [];
      for (let i = 0; i < runs; i++) {
        global.gc?.();
        const rssBefore = process.memoryUsage.rss();
        memory!.reset();
        const started = performance.now();
        // The report is written to a temporary file (its path and size come back), removed once measured.
        const rendered = await reports.render({ year, group, state }, format, undefined);
        const ms = performance.now() - started;
        samples.push({ ms, bytes: rendered.size, rssBefore, rssPeak: Math.max(await memory!.peak(), process.memoryUsage.rss()) });
        await rendered.dispose();
      }
      return { samples, maxRssKb: process.resourceUsage().maxRSS };
    },

    /** Recomputes the whole audit hash chain: bulk writes must leave it intact. */
    verifyAudit: async () => {
      const report = await new AuditChainService(dataSource).verify();
      return { intact: report.intact, entries: report.entries };
    },

    stop: async () => {
      setImmediate(() => {
        void app.close().finally(() => process.exit(0));
      });
    },
  });
  process.send!({ ready: true, port });
}

/** Samples process.memoryUsage.rss() every 2 ms on a worker thread and keeps the maximum since the last reset. */
function rssSampler(): { reset(): void; peak(): Promise<number> } {
  const worker = new Worker(
    `const { parentPort } = require('node:worker_threads');
     let peak = 0;
     setInterval(() => { peak = Math.max(peak, process.memoryUsage.rss()); }, 2);
     parentPort.on('message', (m) => { if (m === 'reset') peak = 0; else parentPort.postMessage(peak); });`,
    { eval: true },
  );
  worker.unref();
  return {
    reset: () => worker.postMessage('reset'),
    peak: () =>
      new Promise<number>((resolve) => {
        worker.once('message', (value: number) => resolve(value));
        worker.postMessage('peak');
      }),
  };
}

main().catch((error: unknown) => {
  process.stderr.write(`bench worker failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
