import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AuthUser } from '../auth/auth-user';
import { currentRequest } from '../common/http/request-context';

/**
 * Carries a cycle's stated positions into a new cycle as drafts marked "carried over", matching commitments
 * by framework code and commitment code (so a new framework version still picks them up), and keeps their
 * evidence links. Reviewed levels are not carried: every cycle is reviewed afresh. Set-based: a fixed
 * number of statements whatever the number of assessments.
 */
@Injectable()
export class CopyForwardService {
  async copy(manager: EntityManager, fromYear: number, toYear: number, actor: AuthUser): Promise<{ assessments: number; evidenceLinks: number }> {
    const assessments: Array<{ id: string; carried_from_id: string; state_iso3: string }> = await manager.query(
      `INSERT INTO assessment (cycle_year, state_iso3, commitment_id, stated_level, not_applicable, not_applicable_justification,
                               narrative, source, source_reference, stated_by, status, carried_over, carried_from_id, updated_by, version)
       SELECT $2, prev.state_iso3, next_c.id, prev.stated_level, prev.not_applicable, prev.not_applicable_justification,
              prev.narrative, prev.source, prev.source_reference, prev.stated_by, 'draft', true, prev.id, $3, 1
       FROM assessment prev
       JOIN commitment prev_c ON prev_c.id = prev.commitment_id
       JOIN framework prev_f ON prev_f.id = prev_c.framework_id
       JOIN cycle_framework next_cf ON next_cf.cycle_year = $2
       JOIN framework next_f ON next_f.id = next_cf.framework_id AND next_f.code = prev_f.code
       JOIN commitment next_c ON next_c.framework_id = next_f.id AND next_c.code = prev_c.code
       WHERE prev.cycle_year = $1 AND (prev.stated_level IS NOT NULL OR prev.not_applicable)
       RETURNING id, carried_from_id, state_iso3`,
      [fromYear, toYear, actor.id],
    );
    const links: unknown[] = await manager.query(
      `INSERT INTO evidence_link (assessment_id, evidence_id, stance, judgement, rejection_reason, note, judged_by, judged_at, created_by, version)
       SELECT a.id, l.evidence_id, l.stance, l.judgement, l.rejection_reason, l.note, l.judged_by, l.judged_at, l.created_by, 1
       FROM assessment a JOIN evidence_link l ON l.assessment_id = a.carried_from_id
       WHERE a.cycle_year = $1 AND a.carried_over
       RETURNING id`,
      [toYear],
    );
    // One audit entry per carried assessment, written in one statement.
    await manager.query(
      `INSERT INTO audit_entry (actor_user_id, action, entity_type, entity_id, state_iso3, before, after, request_id)
       SELECT $1, 'assessment.carried_over', 'assessment', a.id::text, a.state_iso3, NULL,
              jsonb_build_object('cycleYear', a.cycle_year, 'carriedFromId', a.carried_from_id, 'statedLevel', a.stated_level,
                                 'notApplicable', a.not_applicable, 'status', a.status),
              $3
       FROM assessment a WHERE a.cycle_year = $2 AND a.carried_over`,
      [actor.id, toYear, currentRequest()?.requestId ?? null],
    );
    return { assessments: assessments.length, evidenceLinks: links.length };
  }
}
