import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuthUser, isStaff } from '../auth/auth-user';
import { redactAuditEntries } from '../visibility/audit-redaction';
import { AuditEntryDto, AuditQueryDto } from './dto/audit.dto';

/**
 * Reads the audit trail, newest first; state officials see only entries about their own states, with evidence
 * they may not see redacted (src/visibility/audit-redaction.ts).
 */
@Injectable()
export class AuditTrailService {
  constructor(private readonly dataSource: DataSource) {}

  async list(query: AuditQueryDto, user: AuthUser): Promise<AuditEntryDto[]> {
    const rows: Array<Record<string, unknown>> = await this.dataSource.query(
      `SELECT e.id::text, e.occurred_at, e.actor_user_id, u.name AS actor_name, e.action, e.entity_type, e.entity_id,
              e.state_iso3, e.before, e.after, e.request_id
       FROM audit_entry e LEFT JOIN app_user u ON u.id = e.actor_user_id
       WHERE ($1::text IS NULL OR e.entity_type = $1) AND ($2::text IS NULL OR e.entity_id = $2)
         AND ($3::text IS NULL OR e.state_iso3 = $3) AND ($4::uuid IS NULL OR e.actor_user_id = $4)
         AND ($5::text IS NULL OR e.action = $5) AND ($6::bigint IS NULL OR e.id < $6)
         AND ($7 OR e.state_iso3 = ANY($8::text[]))
       ORDER BY e.id DESC LIMIT $9`,
      [
        query.entityType ?? null,
        query.entityId ?? null,
        query.state ?? null,
        query.actor ?? null,
        query.action ?? null,
        query.before ?? null,
        isStaff(user),
        user.stateIsos,
        query.limit ?? 100,
      ],
    );
    const entries = rows.map((row) => ({
      id: row.id as string,
      occurredAt: row.occurred_at as Date,
      actorUserId: row.actor_user_id as string | null,
      actorName: row.actor_name as string | null,
      action: row.action as string,
      entityType: row.entity_type as string,
      entityId: row.entity_id as string | null,
      stateIso3: row.state_iso3 as string | null,
      before: row.before as Record<string, unknown> | null,
      after: row.after as Record<string, unknown> | null,
      requestId: row.request_id as string | null,
    }));
    return redactAuditEntries(this.dataSource.manager, entries, user);
  }
}
