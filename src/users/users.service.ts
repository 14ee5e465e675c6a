import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AuthUser } from '../auth/auth-user';
import { hashPassword, passwordProblem } from '../auth/passwords';
import { ApiError } from '../common/errors/api-error';
import { Environment } from '../config/environment';
import { CreateUserDto, UpdateUserDto, UserDto, UserListQueryDto } from './dto/user.dto';
import { Role } from './entities/user.entity';

interface UserRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  states: string[];
  disabled_at: Date | null;
  created_at: Date;
  updated_at: Date;
  version: number;
}

const USER_SELECT = `
  SELECT u.id, u.email, u.name, u.role, u.disabled_at, u.created_at, u.updated_at, u.version,
         coalesce(array_agg(us.state_iso3 ORDER BY us.state_iso3) FILTER (WHERE us.state_iso3 IS NOT NULL), '{}') AS states
  FROM app_user u LEFT JOIN user_state us ON us.user_id = u.id`;

/** Accounts, managed by admins. Every change is audited in the same transaction. */
@Injectable()
export class UsersService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly config: ConfigService<Environment, true>,
  ) {}

  async list(query: UserListQueryDto): Promise<UserDto[]> {
    const rows: UserRow[] = await this.dataSource.query(
      `${USER_SELECT}
       WHERE ($1::text IS NULL OR u.role = $1)
         AND ($2::text IS NULL OR EXISTS (SELECT 1 FROM user_state s WHERE s.user_id = u.id AND s.state_iso3 = $2))
       GROUP BY u.id ORDER BY u.email`,
      [query.role ?? null, query.state ?? null],
    );
    return rows.map(toUserDto);
  }

  async get(id: string, manager: EntityManager = this.dataSource.manager): Promise<UserDto> {
    const rows: UserRow[] = await manager.query(`${USER_SELECT} WHERE u.id = $1 GROUP BY u.id`, [id]);
    if (rows.length === 0) throw ApiError.notFound('User', id);
    return toUserDto(rows[0]);
  }

  async create(input: CreateUserDto, actor: AuthUser | null): Promise<UserDto> {
    const passwordHash = await this.checkAndHash(input);
    return this.dataSource.transaction(async (manager) => {
      const user = await this.insert(manager, input, passwordHash, actor);
      if (!user) throw ApiError.conflict('EMAIL_TAKEN', `A user with email ${input.email} already exists`);
      return user;
    });
  }

  /**
   * Creates the user unless one already has the email (then undefined), holding the transaction-level advisory
   * lock `lockKey`: start-up bootstraps that several instances run at once then create it exactly once.
   */
  async createIfAbsent(input: CreateUserDto, actor: AuthUser | null, lockKey: number): Promise<UserDto | undefined> {
    const passwordHash = await this.checkAndHash(input);
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock($1)', [lockKey]);
      return this.insert(manager, input, passwordHash, actor);
    });
  }

  private async checkAndHash(input: CreateUserDto): Promise<string> {
    const problem = passwordProblem(input.password);
    if (problem) throw ApiError.invalidField('password', problem);
    checkStatesForRole(input.role, input.states ?? []);
    return hashPassword(input.password, this.bcryptCost());
  }

  /** The row, its states and its audit entry; undefined when the email is taken (a concurrent insert included). */
  private async insert(manager: EntityManager, input: CreateUserDto, passwordHash: string, actor: AuthUser | null): Promise<UserDto | undefined> {
    const inserted: Array<{ id: string }> = await manager.query(
      `INSERT INTO app_user (email, name, role, password_hash, version) VALUES ($1, $2, $3, $4, 1)
       ON CONFLICT (email) DO NOTHING RETURNING id`,
      [input.email, input.name, input.role, passwordHash],
    );
    if (inserted.length === 0) return undefined;
    const id = inserted[0].id;
    await this.setStates(manager, id, input.states ?? []);
    const user = await this.get(id, manager);
    await this.audit.record(manager, {
      actorUserId: actor?.id ?? null,
      action: 'user.created',
      entityType: 'user',
      entityId: id,
      after: auditView(user),
    });
    return user;
  }

  async update(id: string, input: UpdateUserDto, actor: AuthUser): Promise<UserDto> {
    return this.dataSource.transaction(async (manager) => {
      const before = await this.get(id, manager);
      if (before.version !== input.version) {
        throw ApiError.conflict('VERSION_CONFLICT', 'The user was changed by someone else; reload and try again', {
          currentVersion: before.version,
        });
      }
      if (id === actor.id && (input.disabled === true || (input.role && input.role !== 'admin'))) {
        throw ApiError.badRequest('SELF_LOCKOUT', 'Admins cannot disable themselves or remove their own admin role');
      }
      const role = input.role ?? before.role;
      const states = checkStatesForRole(role, input.states ?? (role === 'state_official' ? before.states : []));
      // States go first when leaving the state_official role: the database refuses officials' states on other roles.
      if (role !== 'state_official') await this.setStates(manager, id, []);
      const disabling = input.disabled === true && !before.disabled;
      const updated = await manager.query(
        `UPDATE app_user SET name = $3, role = $4,
           disabled_at = CASE WHEN $5::boolean IS NULL THEN disabled_at WHEN $5 THEN coalesce(disabled_at, now()) ELSE NULL END,
           token_generation = token_generation + CASE WHEN $6 THEN 1 ELSE 0 END,
           updated_at = now(), version = version + 1
         WHERE id = $1 AND version = $2 RETURNING id`,
        [id, input.version, input.name ?? before.name, role, input.disabled ?? null, disabling],
      );
      if (updated[1] === 0) throw ApiError.conflict('VERSION_CONFLICT', 'The user was changed by someone else; reload and try again');
      await this.setStates(manager, id, states);
      const after = await this.get(id, manager);
      const action =
        before.role !== after.role ? 'user.role_changed' : disabling ? 'user.disabled' : 'user.updated';
      await this.audit.record(manager, {
        actorUserId: actor.id,
        action,
        entityType: 'user',
        entityId: id,
        before: auditView(before),
        after: auditView(after),
      });
      return after;
    });
  }

  /** Admin password reset: every token issued before stops working. */
  async setPassword(id: string, password: string, actor: AuthUser): Promise<void> {
    const problem = passwordProblem(password);
    if (problem) throw ApiError.invalidField('password', problem);
    const passwordHash = await hashPassword(password, this.bcryptCost());
    await this.dataSource.transaction(async (manager) => {
      const result = await manager.query(
        `UPDATE app_user SET password_hash = $2, token_generation = token_generation + 1, updated_at = now(), version = version + 1
         WHERE id = $1 RETURNING id`,
        [id, passwordHash],
      );
      if (result[1] === 0) throw ApiError.notFound('User', id);
      await this.audit.record(manager, { actorUserId: actor.id, action: 'user.password_reset', entityType: 'user', entityId: id });
    });
  }

  private async setStates(manager: EntityManager, userId: string, states: string[]): Promise<void> {
    if (states.length > 0) {
      const known: Array<{ iso3: string }> = await manager.query('SELECT iso3 FROM state WHERE iso3 = ANY($1)', [states]);
      const unknown = states.filter((iso3) => !known.some((k) => k.iso3 === iso3));
      if (unknown.length > 0) throw ApiError.invalidField('states', `unknown state(s): ${unknown.join(', ')}`);
    }
    await manager.query('DELETE FROM user_state WHERE user_id = $1 AND NOT (state_iso3 = ANY($2))', [userId, states]);
    await manager.query(
      'INSERT INTO user_state (user_id, state_iso3) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING',
      [userId, states],
    );
  }

  private bcryptCost(): number {
    return this.config.get('BCRYPT_COST', { infer: true });
  }
}

function checkStatesForRole(role: Role, states: string[]): string[] {
  if (role === 'state_official' && states.length === 0) {
    throw ApiError.invalidField('states', 'a state official must act for at least one state');
  }
  if (role !== 'state_official' && states.length > 0) {
    throw ApiError.invalidField('states', 'only state officials act for states');
  }
  return states;
}

function toUserDto(row: UserRow): UserDto {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    states: row.states,
    disabled: row.disabled_at !== null,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
  };
}

function auditView(user: UserDto): Record<string, unknown> {
  return { email: user.email, name: user.name, role: user.role, states: user.states, disabled: user.disabled };
}
