import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { JwtService } from '@nestjs/jwt';
import { Environment } from '../config/environment';

export const API_TOKEN_PREFIX = 'cnt_';

export interface AccessTokenClaims {
  sub: string;
  /** The user's token generation when issued; a bump (password change, disabling) revokes the token. */
  gen: number;
  typ: 'access';
  /** Web sessions only: the WebSession row that must still be running for the token to count. */
  sid?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Short-lived signed access tokens, and the secret format of personal API tokens. */
@Injectable()
export class TokensService {
  constructor(
    private readonly jwt: JwtService,
    private readonly config: ConfigService<Environment, true>,
  ) {}

  get accessTokenTtlSeconds(): number {
    return this.config.get('ACCESS_TOKEN_TTL_SECONDS', { infer: true });
  }

  issueAccessToken(userId: string, generation: number, ttlSeconds = this.accessTokenTtlSeconds, sessionId?: string): Promise<string> {
    const claims: AccessTokenClaims = { sub: userId, gen: generation, typ: 'access', ...(sessionId ? { sid: sessionId } : {}) };
    return this.jwt.signAsync(claims, { expiresIn: ttlSeconds });
  }

  /** Undefined for any token that is malformed, forged, expired or not an access token. */
  async verifyAccessToken(token: string): Promise<AccessTokenClaims | undefined> {
    try {
      const claims = await this.jwt.verifyAsync<AccessTokenClaims>(token, { algorithms: ['HS256'] });
      const wellFormed = claims.typ === 'access' && typeof claims.sub === 'string' && (claims.sid === undefined || UUID.test(String(claims.sid)));
      return wellFormed ? claims : undefined;
    } catch {
      return undefined;
    }
  }

  newApiTokenSecret(): { token: string; prefix: string; hash: string } {
    const token = `${API_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
    return { token, prefix: token.slice(0, 12), hash: hashApiToken(token) };
  }
}

/** API tokens carry 256 random bits, so a fast hash is enough (no password-style stretching needed). */
export function hashApiToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
