import { Controller, Get, Inject } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import { Public } from '../auth/public.decorator';
import { FILE_STORAGE, FileStorage } from '../evidence/storage/file-storage';
import { Lifecycle } from '../lifecycle/lifecycle.service';

const CHECK_TIMEOUT_MS = 1500;

/**
 * Liveness (the process answers: restart it if not) apart from readiness (send it traffic: database, file
 * store and schema all usable, and not shutting down). /health is readiness, as it always was a check of
 * the database.
 */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly indicators: HealthIndicatorService,
    private readonly dataSource: DataSource,
    private readonly lifecycle: Lifecycle,
    @Inject(FILE_STORAGE) private readonly storage: FileStorage,
  ) {}

  @Get('live')
  @Public()
  @ApiOperation({ summary: 'Liveness: the process runs and answers (no dependency is checked)' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @Public()
  @HealthCheck()
  @ApiOperation({ summary: 'Readiness: database, file store and migrations; 503 from the moment a shutdown starts' })
  ready() {
    return this.readiness();
  }

  @Get()
  @Public()
  @HealthCheck()
  @ApiOperation({ summary: 'Same as /health/ready (503 when the database is down)' })
  check() {
    return this.readiness();
  }

  private readiness() {
    return this.health.check([
      () => {
        const session = this.indicators.check('lifecycle');
        return this.lifecycle.draining ? session.down({ message: 'shutting down' }) : session.up();
      },
      () => this.database.pingCheck('database', { timeout: CHECK_TIMEOUT_MS }),
      async () => {
        const session = this.indicators.check('storage');
        const problem = await withTimeout(this.storage.ping()).then(
          () => undefined,
          (error: Error) => `${error.name}: ${error.message}`,
        );
        return problem ? session.down({ message: problem }) : session.up();
      },
      async () => {
        // An instance of older code on a newer schema is fine; newer code before its migrations ran is not.
        const session = this.indicators.check('migrations');
        const pending = await withTimeout(this.pendingMigrations()).catch(() => true);
        return pending ? session.down({ message: 'migrations pending or unknown' }) : session.up();
      },
    ]);
  }

  /** Whether a migration of this code is missing from the database (a plain query, released whatever happens). */
  private async pendingMigrations(): Promise<boolean> {
    const rows = await this.dataSource.query<Array<{ name: string }>>('SELECT name FROM migrations');
    const applied = new Set(rows.map((row) => row.name));
    return this.dataSource.migrations.some((migration) => !applied.has(migration.name ?? migration.constructor.name));
  }
}

function withTimeout<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
