import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AuthUser } from '../auth/auth-user';
import { ApiError } from '../common/errors/api-error';
import { CyclesService } from '../cycles/cycles.service';
import { ImportService } from '../import/import.service';
import { SyntheticTarget, syntheticRows } from './synthetic-world';

export const DEMO_LABEL = '[Synthetic]';
const DEMO_EMAIL = 'synthetic-demo-data@cyber-norms.invalid';

export interface DemoSummary {
  year: number;
  published: boolean;
  assessments: number;
  evidence: number;
  links: number;
}

/**
 * Fills a clearly labelled synthetic demonstration cycle, so a newcomer sees a full workflow and report in
 * one step. The cycle is flagged `synthetic`, every text starts with "[Synthetic]", evidence URLs point to
 * example.org, and the data goes through the same checks as an import. Never real findings about a state.
 */
@Injectable()
export class DemoService {
  private readonly logger = new Logger(DemoService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly cycles: CyclesService,
    private readonly imports: ImportService,
  ) {}

  async seed(options: {
    year: number;
    publish: boolean;
    seed?: number;
    linksPerAssessment?: number;
    states?: string[];
    /** Framework codes of the cycle (default: every framework). */
    frameworks?: string[];
  }): Promise<DemoSummary> {
    const actor = await this.demoActor();
    const exists = await this.dataSource.query('SELECT synthetic FROM cycle WHERE year = $1', [options.year]);
    if (exists.length > 0) {
      throw ApiError.conflict('CYCLE_EXISTS', `A cycle for ${options.year} already exists${exists[0].synthetic ? ' (a synthetic one)' : ''}`);
    }
    await this.cycles.create(
      { year: options.year, title: `Demonstration cycle ${options.year}: synthetic data, not real findings`, frameworks: options.frameworks },
      actor,
      { synthetic: true },
    );
    const targets = (await this.targets(options.year)).filter((t) => !options.states || options.states.includes(t.iso3));
    const rows = syntheticRows(targets, {
      year: options.year,
      seed: options.seed ?? 2026,
      linksPerAssessment: options.linksPerAssessment ?? 1.2,
      label: DEMO_LABEL,
    });
    const result = await this.imports.importRows({ format: 'synthetic', rows: rows.map((values, i) => ({ line: i + 2, values })) }, actor);
    if (options.publish) {
      for (const status of ['in_review', 'published'] as const) {
        const cycle = await this.cycles.get(options.year, actor);
        await this.cycles.changeStatus(options.year, { status, version: cycle.version }, actor);
      }
    }
    this.logger.log(`Synthetic demo cycle ${options.year} filled`);
    return {
      year: options.year,
      published: options.publish,
      assessments: result.assessmentsCreated,
      evidence: result.evidenceCreated,
      links: result.linksCreated,
    };
  }

  /** Every commitment of the cycle's frameworks for every state it applies to. */
  async targets(year: number): Promise<SyntheticTarget[]> {
    return this.dataSource.query(
      `SELECT s.iso3, f.code AS framework, c.code AS commitment, k.code AS category
       FROM cycle_framework cf JOIN framework f ON f.id = cf.framework_id
       JOIN commitment c ON c.framework_id = f.id JOIN framework_category k ON k.id = c.category_id
       JOIN state s ON framework_applies_to(f.id, s.iso3)
       WHERE cf.cycle_year = $1 ORDER BY s.iso3, f.code, c.position`,
      [year],
    );
  }

  /** A disabled reviewer account that owns synthetic data, so the audit trail says where it came from. */
  async demoActor(): Promise<AuthUser> {
    const rows: Array<{ id: string }> = await this.dataSource.query(
      `INSERT INTO app_user (email, name, role, password_hash, disabled_at, version)
       VALUES ($1, 'Synthetic demo data generator', 'reviewer', '!', now(), 1)
       ON CONFLICT (email) DO UPDATE SET email = excluded.email RETURNING id`,
      [DEMO_EMAIL],
    );
    return { id: rows[0].id, email: DEMO_EMAIL, name: 'Synthetic demo data generator', role: 'reviewer', stateIsos: [], via: 'api-token' };
  }
}
