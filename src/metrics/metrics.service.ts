import { Injectable } from '@nestjs/common';
import { Gauge, Registry } from 'prom-client';
import { DataSource } from 'typeorm';
import { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';
import { Lifecycle } from '../lifecycle/lifecycle.service';
import { ReportsService } from '../reports/reports.service';
import { metricsRegistry } from './metrics';

interface PgPool {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
  options: { max: number };
}

/** Gauges read from this app's objects when scraped, in a registry of the app's own (tests boot several apps). */
@Injectable()
export class MetricsService {
  private readonly registry = new Registry();

  constructor(dataSource: DataSource, reports: ReportsService, lifecycle: Lifecycle) {
    const registers = [this.registry];
    new Gauge({
      name: 'db_pool_connections',
      help: 'Database pool connections by state (in_use, idle), waiting requests, and the pool size',
      labelNames: ['state'],
      registers,
      collect() {
        const pool = (dataSource.driver as PostgresDriver).master as PgPool | undefined;
        if (!pool) return;
        this.set({ state: 'in_use' }, pool.totalCount - pool.idleCount);
        this.set({ state: 'idle' }, pool.idleCount);
        this.set({ state: 'waiting' }, pool.waitingCount);
        this.set({ state: 'max' }, pool.options.max);
      },
    });
    new Gauge({
      name: 'report_render_queue_length',
      help: 'HTML and PDF reports waiting for a drawing slot on this instance (REPORT_RENDER_CONCURRENCY)',
      registers,
      collect() {
        this.set(reports.renderQueue.waiting);
      },
    });
    new Gauge({
      name: 'report_renders_in_progress',
      help: 'HTML and PDF reports being drawn on this instance',
      registers,
      collect() {
        this.set(reports.renderQueue.running);
      },
    });
    new Gauge({
      name: 'audit_chain_length',
      help: 'Entries in the hash-chained audit trail (position of its head)',
      registers,
      async collect() {
        const rows = await dataSource.query<Array<{ seq: string }>>('SELECT chain_seq::text AS seq FROM audit_chain_head').catch(() => undefined);
        // Unknown while the database is unreachable: no value rather than a stale one.
        if (rows === undefined) this.reset();
        else this.set(Number(rows[0]?.seq ?? 0));
      },
    });
    new Gauge({
      name: 'app_draining',
      help: '1 from the moment a shutdown starts (readiness is 503), else 0',
      registers,
      collect() {
        this.set(lifecycle.draining ? 1 : 0);
      },
    });
  }

  contentType(): string {
    return metricsRegistry.contentType;
  }

  async text(): Promise<string> {
    return Registry.merge([metricsRegistry, this.registry]).metrics();
  }
}
