import { DataSource } from 'typeorm';
import { AuthUser } from '../auth/auth-user';
import { Role } from '../users/entities/user.entity';

export class CliInputError extends Error {}

/** The account a CLI command acts as (`--as email`): it must exist and be enabled; the audit trail names it. */
export async function actAs(dataSource: DataSource, email: string | undefined, roles: Role[]): Promise<AuthUser | undefined> {
  if (!email) return undefined;
  const rows: Array<{ id: string; email: string; name: string; role: Role; states: string[] }> = await dataSource.query(
    `SELECT u.id, u.email, u.name, u.role,
            coalesce(array_agg(s.state_iso3) FILTER (WHERE s.state_iso3 IS NOT NULL), '{}') AS states
     FROM app_user u LEFT JOIN user_state s ON s.user_id = u.id
     WHERE u.email = $1 AND u.disabled_at IS NULL GROUP BY u.id`,
    [email.trim().toLowerCase()],
  );
  if (rows.length === 0) throw new CliInputError(`No enabled user ${email}`);
  const user = rows[0];
  if (!roles.includes(user.role)) throw new CliInputError(`${email} is a ${user.role}; this command needs one of: ${roles.join(', ')}`);
  return { id: user.id, email: user.email, name: user.name, role: user.role, stateIsos: user.states, via: 'api-token' };
}
