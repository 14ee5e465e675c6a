import { HttpStatus, Injectable } from '@nestjs/common';
import { AssessmentsService } from '../../assessments/assessments.service';
import { CommitmentStatusDto } from '../../assessments/dto/assessment.dto';
import { AuthUser } from '../../auth/auth-user';
import { CatalogueService } from '../../catalogue/catalogue.service';
import { ApiError } from '../../common/errors/api-error';
import { CyclesService } from '../../cycles/cycles.service';
import { CycleDto } from '../../cycles/dto/cycle.dto';
import { StatesService } from '../../states/states.service';

/** One state's commitments of one framework in one cycle, as the pages that edit positions show them. */
export interface FrameworkContext {
  cycle: CycleDto;
  state: { iso3: string; name: string };
  framework: { code: string; title: string; shortTitle: string; commitments: Array<{ code: string; text: string }> };
  statuses: CommitmentStatusDto[];
}

/** Loads a FrameworkContext; 404 when the framework is not assessed in the cycle or does not apply to the state. */
@Injectable()
export class FrameworkContexts {
  constructor(
    private readonly cycles: CyclesService,
    private readonly assessments: AssessmentsService,
    private readonly catalogue: CatalogueService,
    private readonly states: StatesService,
  ) {}

  async load(year: number, rawIso3: string, rawFramework: string, user: AuthUser): Promise<FrameworkContext> {
    const iso3 = rawIso3.toUpperCase();
    const code = rawFramework.toUpperCase();
    const cycle = await this.cycles.get(year, user);
    const cycleFramework = cycle.frameworks.find((f) => f.code === code);
    if (!cycleFramework) throw new ApiError(HttpStatus.NOT_FOUND, 'NOT_FOUND', `Framework "${code}" is not assessed in cycle ${year}`);
    const [state, framework, statuses] = await Promise.all([
      this.states.get(iso3),
      this.catalogue.getFramework(code, cycleFramework.version),
      this.assessments.listForState(year, iso3, code, user),
    ]);
    if (statuses.length === 0) throw new ApiError(HttpStatus.NOT_FOUND, 'NOT_FOUND', `${framework.shortTitle} does not apply to ${state.name}`);
    return { cycle, state, framework, statuses };
  }
}
