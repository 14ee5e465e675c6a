import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource } from 'typeorm';
import { Environment } from '../config/environment';
import { UsersService } from './users.service';

/** Creates the first admin from ADMIN_EMAIL / ADMIN_PASSWORD when no user has that email. No default credentials exist. */
@Injectable()
export class AdminBootstrap implements OnApplicationBootstrap {
  private readonly logger = new Logger(AdminBootstrap.name);

  constructor(
    private readonly config: ConfigService<Environment, true>,
    private readonly users: UsersService,
    private readonly dataSource: DataSource,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const email = this.config.get('ADMIN_EMAIL', { infer: true });
    const password = this.config.get('ADMIN_PASSWORD', { infer: true });
    if (!email || !password) {
      const [{ count }] = await this.dataSource.query(`SELECT count(*)::int AS count FROM app_user WHERE role = 'admin'`);
      if (count === 0) this.logger.warn('No admin exists: set ADMIN_EMAIL and ADMIN_PASSWORD, or run `npm run cli -- admin:create`');
      return;
    }
    const existing = await this.dataSource.query('SELECT 1 FROM app_user WHERE email = $1', [email.toLowerCase()]);
    if (existing.length > 0) return;
    await this.users.create({ email: email.toLowerCase(), name: 'Administrator', role: 'admin', password }, null);
    this.logger.log(`Created the first admin, ${email}`);
  }
}
