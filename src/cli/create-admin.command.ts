import { ConfigService } from '@nestjs/config';
import { Command, CommandRunner, Option } from 'nest-commander';
import { Environment } from '../config/environment';
import { UsersService } from '../users/users.service';
import { reportCliError } from './cli-errors';

interface CreateAdminOptions {
  email: string;
  name?: string;
}

@Command({
  name: 'admin:create',
  description: 'Create an admin. The password is read from ADMIN_PASSWORD (or the file ADMIN_PASSWORD_FILE names) or, if unset, from standard input.',
})
export class CreateAdminCommand extends CommandRunner {
  constructor(
    private readonly users: UsersService,
    private readonly config: ConfigService<Environment, true>,
  ) {
    super();
  }

  async run(_args: string[], options: CreateAdminOptions): Promise<void> {
    const password = this.config.get('ADMIN_PASSWORD', { infer: true }) || (await readStdin()).trim();
    try {
      const user = await this.users.create(
        { email: options.email.trim().toLowerCase(), name: options.name ?? 'Administrator', role: 'admin', password },
        null,
      );
      console.log(`Created admin ${user.email} (${user.id})`);
    } catch (error) {
      if (!reportCliError(error)) throw error;
    }
  }

  @Option({ flags: '-e, --email <email>', description: 'email address (required)', required: true })
  parseEmail(value: string): string {
    return value;
  }

  @Option({ flags: '-n, --name <name>', description: 'display name' })
  parseName(value: string): string {
    return value;
  }
}

function readStdin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('Password (at least 12 characters): ');
  return new Promise((resolve) => {
    let data = '';
    process.stdin.setEncoding('utf8');
    process.stdin.on('data', (chunk) => (data += chunk)).on('end', () => resolve(data));
  });
}
