import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { TokensService } from './tokens.service';

/** Browser sessions kept on the server (WebSession), so that signing out ends them for good. */
@Injectable()
export class WebSessionsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly tokens: TokensService,
    private readonly audit: AuditService,
  ) {}

  /** A new session and the token that carries it (same user and token generation as the sign-in's token). */
  async start(userId: string, generation: number, ttlSeconds: number): Promise<string> {
    const [{ id }]: Array<{ id: string }> = await this.dataSource.query(
      `INSERT INTO web_session (user_id, expires_at) VALUES ($1, now() + make_interval(secs => $2)) RETURNING id`,
      [userId, ttlSeconds],
    );
    // The user's sessions that ended or expired a month ago are of no more use.
    await this.dataSource.query(
      `DELETE FROM web_session WHERE user_id = $1 AND coalesce(ended_at, expires_at) < now() - interval '30 days'`,
      [userId],
    );
    return this.tokens.issueAccessToken(userId, generation, ttlSeconds, id);
  }

  /** Ends the session the token carries, if it still runs; a token of no session, or a bad one, is ignored. */
  async end(token: string): Promise<void> {
    const claims = await this.tokens.verifyAccessToken(token);
    if (!claims?.sid) return;
    await this.dataSource.transaction(async (manager) => {
      const ended: Array<{ user_id: string }> = await manager.query(
        `UPDATE web_session SET ended_at = now() WHERE id = $1 AND user_id = $2 AND ended_at IS NULL RETURNING user_id`,
        [claims.sid, claims.sub],
      );
      if (ended.length > 0) {
        await this.audit.record(manager, { actorUserId: claims.sub, action: 'auth.sign_out', entityType: 'user', entityId: claims.sub });
      }
    });
  }
}
