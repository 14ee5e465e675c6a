import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { ModuleRef } from '@nestjs/core';
import { DataSource } from 'typeorm';
import { Environment } from '../config/environment';
import { RunningPostgres, startEmbeddedPostgres, withDatabase } from './embedded-postgres';

/**
 * Decides which Postgres the app talks to: DATABASE_URL when set, otherwise an embedded cluster
 * started here and stopped after the connection pool is closed on shutdown.
 */
@Injectable()
export class DatabaseServer implements OnApplicationShutdown {
  private readonly logger = new Logger(DatabaseServer.name);
  private embedded?: RunningPostgres;

  constructor(
    private readonly config: ConfigService<Environment, true>,
    private readonly moduleRef: ModuleRef,
  ) {}

  async connectionUrl(): Promise<string> {
    const external = this.config.get('DATABASE_URL', { infer: true });
    if (external) return external;
    if (!this.embedded) {
      const dataDir = this.config.get('EMBEDDED_PG_DIR', { infer: true });
      this.logger.log(`No DATABASE_URL: starting embedded Postgres in ${dataDir}`);
      this.embedded = await startEmbeddedPostgres({
        dataDir,
        port: this.config.get('EMBEDDED_PG_PORT', { infer: true }),
        log: (message) => this.logger.debug(message.trim()),
      });
      this.logger.log(`Embedded Postgres listening at ${new URL(this.embedded.url).host}`);
    }
    return withDatabase(this.embedded.url, 'postgres');
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.embedded) return;
    // The pool must close before the server stops, whatever order Nest runs shutdown hooks in.
    const dataSource = this.moduleRef.get(DataSource, { strict: false });
    if (dataSource?.isInitialized) await dataSource.destroy();
    await this.embedded.stop();
    this.embedded = undefined;
    this.logger.log('Embedded Postgres stopped');
  }
}
