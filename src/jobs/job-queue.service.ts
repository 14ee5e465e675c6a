import { Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import PgBoss from 'pg-boss';
import { DataSource, EntityManager } from 'typeorm';

export type JobHandler<T> = (data: T) => Promise<void>;

/**
 * Background jobs on Postgres (pg-boss, in its own schema "pgboss"): a job runs once across instances.
 * Jobs are sent inside the caller's transaction, so they exist exactly when the work that asked for them commits.
 */
@Injectable()
export class JobQueue implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(JobQueue.name);
  private boss?: PgBoss;
  private readonly queues = new Set<string>();

  constructor(private readonly dataSource: DataSource) {}

  async onModuleInit(): Promise<void> {
    const url = (this.dataSource.options as { url?: string }).url;
    this.boss = new PgBoss({ connectionString: url, max: 2, application_name: 'cyber-norms-tracker-jobs', supervise: true, schedule: false });
    this.boss.on('error', (error) => this.logger.error({ err: error }, 'Job queue error'));
    await this.boss.start();
  }

  /** Stops before the connection pool and an embedded Postgres go (those run in onApplicationShutdown). */
  async onModuleDestroy(): Promise<void> {
    await this.boss?.stop({ graceful: true, wait: true, timeout: 20_000 });
    this.boss = undefined;
  }

  async send(manager: EntityManager, queue: string, data: object, options: PgBoss.SendOptions = {}): Promise<string> {
    await this.ensureQueue(queue);
    const db = { executeSql: async (text: string, values: unknown[]) => ({ rows: await manager.query(text, values) }) };
    const id = await this.started().send(queue, data, { retryLimit: 3, retryDelay: 5, retryBackoff: true, expireInHours: 2, ...options, db });
    if (!id) throw new Error(`Job not queued on ${queue}`);
    return id;
  }

  async work<T extends object>(queue: string, handler: JobHandler<T>): Promise<void> {
    await this.ensureQueue(queue);
    await this.started().work<T>(queue, { pollingIntervalSeconds: 2, batchSize: 1 }, async ([job]) => handler(job.data));
  }

  /** State of a job: created, active, retry, completed, failed, cancelled; null once archived away. */
  async state(queue: string, id: string): Promise<string | null> {
    const job = await this.started().getJobById(queue, id, { includeArchive: true });
    return job?.state ?? null;
  }

  private async ensureQueue(queue: string): Promise<void> {
    if (this.queues.has(queue)) return;
    await this.started().createQueue(queue);
    this.queues.add(queue);
  }

  private started(): PgBoss {
    if (!this.boss) throw new Error('The job queue is not running');
    return this.boss;
  }
}
