import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { AuthUser } from '../auth/auth-user';
import { ApiError } from '../common/errors/api-error';
import { CyclesService } from '../cycles/cycles.service';
import { ReportTextDto, ReportTextInputDto } from './dto/report-text.dto';

/**
 * The report author's foreword and key findings for a cycle. Readable wherever the cycle is; written by
 * admins until publication, after which the database refuses any change (TRG_cycle_report_text_frozen).
 */
@Injectable()
export class ReportTextService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cycles: CyclesService,
    private readonly audit: AuditService,
  ) {}

  async get(year: number, user: AuthUser | undefined): Promise<ReportTextDto> {
    await this.cycles.get(year, user);
    const rows: Array<{ foreword: string | null; key_findings: string | null; updated_at: Date; version: number }> = await this.dataSource.query(
      'SELECT foreword, key_findings, updated_at, version FROM cycle_report_text WHERE cycle_year = $1',
      [year],
    );
    const row = rows[0];
    return { cycleYear: year, foreword: row?.foreword ?? null, keyFindings: row?.key_findings ?? null, updatedAt: row?.updated_at ?? null, version: row?.version ?? 0 };
  }

  /** The cycle's status, with the cycle's own visibility rules (404 where the caller may not see it). */
  async cycleStatus(year: number, user: AuthUser | undefined): Promise<string> {
    return (await this.cycles.get(year, user)).status;
  }

  async put(year: number, input: ReportTextInputDto, actor: AuthUser): Promise<ReportTextDto> {
    const cycle = await this.cycles.get(year, actor);
    if (cycle.status === 'published') throw ApiError.conflict('CYCLE_FROZEN', 'The cycle is published; its report text can no longer change');
    const foreword = blankToNull(input.foreword);
    const keyFindings = blankToNull(input.keyFindings);
    await this.dataSource.transaction(async (manager) => {
      const rows: Array<{ foreword: string | null; key_findings: string | null; version: number }> = await manager.query(
        'SELECT foreword, key_findings, version FROM cycle_report_text WHERE cycle_year = $1 FOR UPDATE',
        [year],
      );
      const current = rows[0];
      if ((current?.version ?? 0) !== input.version) {
        throw ApiError.conflict('VERSION_CONFLICT', 'The report text was changed by someone else; reload and try again', { currentVersion: current?.version ?? 0 });
      }
      await manager.query(
        `INSERT INTO cycle_report_text (cycle_year, foreword, key_findings, updated_by, version) VALUES ($1, $2, $3, $4, 1)
         ON CONFLICT (cycle_year) DO UPDATE SET foreword = $2, key_findings = $3, updated_by = $4, updated_at = now(),
           version = cycle_report_text.version + 1`,
        [year, foreword, keyFindings, actor.id],
      );
      await this.audit.record(manager, {
        actorUserId: actor.id,
        action: 'cycle.report_text_changed',
        entityType: 'cycle',
        entityId: String(year),
        before: current ? { foreword: current.foreword, keyFindings: current.key_findings } : null,
        after: { foreword, keyFindings },
      });
    });
    return this.get(year, actor);
  }
}

function blankToNull(text: string | null | undefined): string | null {
  const trimmed = (text ?? '').replace(/\r\n/g, '\n').trim();
  return trimmed === '' ? null : trimmed;
}
