import { HttpStatus, Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { ApiError } from '../common/errors/api-error';
import { Environment } from '../config/environment';
import { UsersService } from '../users/users.service';
import { AuthUser } from './auth-user';
import { AccessTokenDto, ApiTokenDto, CreatedApiTokenDto, CreateApiTokenDto } from './dto/auth.dto';
import { dummyHash, hashPassword, passwordProblem, verifyPassword } from './passwords';
import { TokensService } from './tokens.service';

const INVALID_LOGIN = 'Invalid email or password';

@Injectable()
export class AuthService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tokens: TokensService,
    private readonly users: UsersService,
    private readonly audit: AuditService,
    private readonly config: ConfigService<Environment, true>,
  ) {}

  /** One answer for an unknown email, a wrong password and a disabled account, in about the same time. */
  async login(email: string, password: string): Promise<AccessTokenDto> {
    const rows: Array<{ id: string; password_hash: string; token_generation: number; disabled_at: Date | null }> =
      await this.dataSource.query(
        'SELECT id, password_hash, token_generation, disabled_at FROM app_user WHERE email = $1',
        [email],
      );
    const user = rows[0];
    const passwordOk = await verifyPassword(password, user?.password_hash ?? (await dummyHash(this.bcryptCost())));
    if (!user || !passwordOk || user.disabled_at) {
      await this.audit.recordAlone({
        actorUserId: user?.id ?? null,
        action: 'auth.sign_in_failed',
        entityType: 'user',
        entityId: user?.id ?? null,
        // The email is kept only for known accounts: an audit view must not become a list of guesses.
        after: user ? { email } : null,
      });
      throw new ApiError(HttpStatus.UNAUTHORIZED, 'INVALID_CREDENTIALS', INVALID_LOGIN);
    }
    await this.audit.recordAlone({ actorUserId: user.id, action: 'auth.sign_in', entityType: 'user', entityId: user.id });
    return this.accessTokenFor(user.id, user.token_generation);
  }

  async changePassword(actor: AuthUser, currentPassword: string, newPassword: string): Promise<AccessTokenDto> {
    const problem = passwordProblem(newPassword);
    if (problem) throw ApiError.invalidField('newPassword', problem);
    const [row]: Array<{ password_hash: string }> = await this.dataSource.query(
      'SELECT password_hash FROM app_user WHERE id = $1',
      [actor.id],
    );
    if (!(await verifyPassword(currentPassword, row.password_hash))) {
      throw ApiError.invalidField('currentPassword', 'current password is wrong');
    }
    const hash = await hashPassword(newPassword, this.bcryptCost());
    const generation = await this.dataSource.transaction(async (manager) => {
      const [[updated]]: [[{ token_generation: number }]] = await manager.query(
        `UPDATE app_user SET password_hash = $2, token_generation = token_generation + 1, updated_at = now(), version = version + 1
         WHERE id = $1 RETURNING token_generation`,
        [actor.id, hash],
      );
      await this.audit.record(manager, { actorUserId: actor.id, action: 'auth.password_changed', entityType: 'user', entityId: actor.id });
      return updated.token_generation;
    });
    return this.accessTokenFor(actor.id, generation);
  }

  async createApiToken(actor: AuthUser, input: CreateApiTokenDto): Promise<CreatedApiTokenDto> {
    const secret = this.tokens.newApiTokenSecret();
    return this.dataSource.transaction(async (manager) => {
      const [row]: ApiTokenRow[] = await manager.query(
        `INSERT INTO api_token (user_id, name, prefix, token_hash, expires_at)
         VALUES ($1, $2, $3, $4, CASE WHEN $5::int IS NULL THEN NULL ELSE now() + make_interval(days => $5::int) END)
         RETURNING ${API_TOKEN_COLUMNS}`,
        [actor.id, input.name, secret.prefix, secret.hash, input.expiresInDays ?? null],
      );
      await this.audit.record(manager, {
        actorUserId: actor.id,
        action: 'auth.api_token_created',
        entityType: 'api_token',
        entityId: row.id,
        after: { name: row.name, prefix: row.prefix, expiresAt: row.expires_at },
      });
      return { ...toApiTokenDto(row), token: secret.token };
    });
  }

  async listApiTokens(actor: AuthUser): Promise<ApiTokenDto[]> {
    const rows: ApiTokenRow[] = await this.dataSource.query(
      `SELECT ${API_TOKEN_COLUMNS} FROM api_token WHERE user_id = $1 ORDER BY created_at DESC`,
      [actor.id],
    );
    return rows.map(toApiTokenDto);
  }

  /** Owners revoke their own tokens; admins may revoke anyone's. Others get 404, not a hint that it exists. */
  async revokeApiToken(actor: AuthUser, tokenId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const [result, count]: [ApiTokenRow[], number] = await manager.query(
        `UPDATE api_token SET revoked_at = coalesce(revoked_at, now())
         WHERE id = $1 AND (user_id = $2 OR $3) RETURNING ${API_TOKEN_COLUMNS}, user_id`,
        [tokenId, actor.id, actor.role === 'admin'],
      );
      if (count === 0) throw ApiError.notFound('API token', tokenId);
      await this.audit.record(manager, {
        actorUserId: actor.id,
        action: 'auth.api_token_revoked',
        entityType: 'api_token',
        entityId: tokenId,
        after: { name: result[0].name, prefix: result[0].prefix },
      });
    });
  }

  private bcryptCost(): number {
    return this.config.get('BCRYPT_COST', { infer: true });
  }

  private async accessTokenFor(userId: string, generation: number): Promise<AccessTokenDto> {
    return {
      accessToken: await this.tokens.issueAccessToken(userId, generation),
      tokenType: 'Bearer',
      expiresIn: this.tokens.accessTokenTtlSeconds,
      user: await this.users.get(userId),
    };
  }
}

interface ApiTokenRow {
  id: string;
  name: string;
  prefix: string;
  created_at: Date;
  expires_at: Date | null;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

const API_TOKEN_COLUMNS = 'id, name, prefix, created_at, expires_at, last_used_at, revoked_at';

function toApiTokenDto(row: ApiTokenRow): ApiTokenDto {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}
