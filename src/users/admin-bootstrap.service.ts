import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource } from 'typeorm';
import { Environment } from '../config/environment';
import { UsersService } from './users.service';

// Any constant works; it only has to be the same for every instance (and differ from the migration lock's).
const ADMIN_BOOTSTRAP_LOCK_KEY = 7_202_614;

/**
 * Creates the first admin from ADMIN_EMAIL / ADMIN_PASSWORD when no user has that email. No default credentials
 * exist. Several instances may start at once: the insert runs under an advisory lock and skips a taken email.
 * Only the web app runs it (AppModule), never the CLI: a restore needs a database without any user.
 */
@Injectable()
export class AdminBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger(AdminBootstrap.name);

  constructor(
    private readonly config: ConfigService<Environment, true>,
    private readonly users: UsersService,
    private readonly dataSource: DataSource,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const email = this.config.get('ADMIN_EMAIL', { infer: true })?.toLowerCase();
    const password = this.config.get('ADMIN_PASSWORD', { infer: true });
    if (!email || !password) {
      const [{ count }] = await this.dataSource.query(`SELECT count(*)::int AS count FROM app_user WHERE role = 'admin'`);
      if (count === 0) this.logger.warn('No admin exists: set ADMIN_EMAIL and ADMIN_PASSWORD, or run `npm run cli -- admin:create`');
      return;
    }
    // Every restart after the first ends here, without hashing the password.
    const existing = await this.dataSource.query('SELECT 1 FROM app_user WHERE email = $1', [email]);
    if (existing.length > 0) return;
    const created = await this.users.createIfAbsent({ email, name: 'Administrator', role: 'admin', password }, null, ADMIN_BOOTSTRAP_LOCK_KEY);
    if (created) this.logger.log(`Created the first admin, ${email}`);
  }
}
