import { CanActivate, ExecutionContext, HttpStatus, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Request } from 'express';
import { DataSource } from 'typeorm';
import { ApiError } from '../common/errors/api-error';
import { Role } from '../users/entities/user.entity';
import { AuthUser } from './auth-user';
import { IS_PUBLIC } from './public.decorator';
import { ROLES_KEY } from './roles.decorator';
import { assertCsrf, CSRF_AFTER_UPLOAD, isUnsafeMethod, sessionCookie, SessionRequest } from '../web/session/session';
import { API_TOKEN_PREFIX, hashApiToken, TokensService } from './tokens.service';

interface UserRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  token_generation: number;
  states: string[];
}

const USER_WITH_STATES = `
  SELECT u.id, u.email, u.name, u.role, u.token_generation,
         coalesce(array_agg(us.state_iso3 ORDER BY us.state_iso3) FILTER (WHERE us.state_iso3 IS NOT NULL), '{}') AS states
  FROM app_user u LEFT JOIN user_state us ON us.user_id = u.id`;

/**
 * The one global guard. Every route needs a signed-in user unless marked @Public(); @Roles() narrows it.
 * The user is re-read on every request, so disabling a user or changing a role takes effect at once.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokensService,
    private readonly dataSource: DataSource,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<Request & { user?: AuthUser }>();
    const targets = [context.getHandler(), context.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets) ?? false;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);

    const token = bearerToken(request);
    if (token !== undefined) request.user = await this.resolve(token);
    else await this.resolveSession(request, context);
    if (isPublic) return true;
    if (!request.user) {
      throw new ApiError(HttpStatus.UNAUTHORIZED, 'UNAUTHENTICATED', 'Sign in first: send Authorization: Bearer <token>');
    }
    if (roles && !roles.includes(request.user.role)) {
      throw ApiError.forbidden(`This action needs one of these roles: ${roles.join(', ')}`);
    }
    return true;
  }

  /**
   * Web sessions (src/web): the cookie holds an access token and is checked like one. An expired or revoked one
   * just leaves the caller signed out. Unsafe methods authenticated by the cookie must carry its CSRF token.
   */
  private async resolveSession(request: SessionRequest & { user?: AuthUser }, context: ExecutionContext): Promise<void> {
    const session = sessionCookie(request);
    const user = session === undefined ? undefined : await this.fromAccessToken(session, true);
    if (!session || !user) return;
    request.user = user;
    request.sessionAuthenticated = true;
    const checkedAfterUpload = this.reflector.getAllAndOverride<boolean>(CSRF_AFTER_UPLOAD, [context.getHandler(), context.getClass()]) ?? false;
    if (isUnsafeMethod(request.method) && !checkedAfterUpload) assertCsrf(request, session);
  }

  private async resolve(token: string): Promise<AuthUser> {
    const user = token.startsWith(API_TOKEN_PREFIX) ? await this.fromApiToken(token) : await this.fromAccessToken(token);
    if (!user) throw new ApiError(HttpStatus.UNAUTHORIZED, 'INVALID_TOKEN', 'The token is invalid, expired or revoked');
    return user;
  }

  /** `webSession`: the token came in the session cookie, so it must name a session row (signing out ends it). */
  private async fromAccessToken(token: string, webSession = false): Promise<AuthUser | undefined> {
    const claims = await this.tokens.verifyAccessToken(token);
    if (!claims || (webSession && !claims.sid)) return undefined;
    // A web session's token also needs its session row still running (not signed out, not expired).
    const rows: UserRow[] = await this.dataSource.query(
      `${USER_WITH_STATES} WHERE u.id = $1 AND u.disabled_at IS NULL AND u.token_generation = $2
         AND ($3::uuid IS NULL OR EXISTS (SELECT 1 FROM web_session s WHERE s.id = $3 AND s.user_id = u.id AND s.ended_at IS NULL AND s.expires_at > now()))
       GROUP BY u.id`,
      [claims.sub, claims.gen, claims.sid ?? null],
    );
    return rows[0] && toAuthUser(rows[0], 'access-token');
  }

  private async fromApiToken(token: string): Promise<AuthUser | undefined> {
    const rows: Array<UserRow & { token_id: string; stale: boolean }> = await this.dataSource.query(
      `SELECT x.*, t.id AS token_id, (t.last_used_at IS NULL OR t.last_used_at < now() - interval '1 minute') AS stale
       FROM api_token t
       CROSS JOIN LATERAL (${USER_WITH_STATES} WHERE u.id = t.user_id AND u.disabled_at IS NULL GROUP BY u.id) x
       WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND (t.expires_at IS NULL OR t.expires_at > now())`,
      [hashApiToken(token)],
    );
    if (!rows[0]) return undefined;
    // Record use at most once a minute, so that reads mostly stay reads.
    if (rows[0].stale) await this.dataSource.query('UPDATE api_token SET last_used_at = now() WHERE id = $1', [rows[0].token_id]);
    return toAuthUser(rows[0], 'api-token');
  }
}

function bearerToken(request: Request): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  if (!match) throw new ApiError(HttpStatus.UNAUTHORIZED, 'INVALID_TOKEN', 'Authorization header must be "Bearer <token>"');
  return match[1];
}

function toAuthUser(row: UserRow, via: AuthUser['via']): AuthUser {
  return { id: row.id, email: row.email, name: row.name, role: row.role, stateIsos: row.states, via };
}
