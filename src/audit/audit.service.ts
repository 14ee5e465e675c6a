import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { currentRequest } from '../common/http/request-context';

export interface AuditRecord {
  actorUserId: string | null;
  action: string;
  entityType: string;
  entityId?: string | null;
  stateIso3?: string | null;
  before?: object | null;
  after?: object | null;
}

/** Appends to the audit trail, always through the caller's transaction so the entry stands or falls with the change. */
@Injectable()
export class AuditService {
  constructor(private readonly dataSource: DataSource) {}

  async record(manager: EntityManager, record: AuditRecord): Promise<void> {
    await manager.query(
      `INSERT INTO audit_entry (actor_user_id, action, entity_type, entity_id, state_iso3, before, after, request_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        record.actorUserId,
        record.action,
        record.entityType,
        record.entityId ?? null,
        record.stateIso3 ?? null,
        record.before ?? null,
        record.after ?? null,
        currentRequest()?.requestId ?? null,
      ],
    );
  }

  /** For events that are not part of another change (sign-in attempts). */
  recordAlone(record: AuditRecord): Promise<void> {
    return this.record(this.dataSource.manager, record);
  }
}
