import { Module, OnModuleInit } from '@nestjs/common';
import { CyclesModule } from '../cycles/cycles.module';
import { CyclesService } from '../cycles/cycles.service';
import { MethodologyController } from './methodology.controller';
import { MethodologyService } from './methodology.service';
import { ScoringController } from './scoring.controller';
import { ScoringRepository } from './scoring.repository';
import { ScoringService } from './scoring.service';

/** Methodology versions, scorecards, group statistics and the snapshot taken when a cycle is published. */
@Module({
  imports: [CyclesModule],
  controllers: [ScoringController, MethodologyController],
  providers: [ScoringService, ScoringRepository, MethodologyService],
  exports: [ScoringService, MethodologyService],
})
export class ScoringModule implements OnModuleInit {
  constructor(
    private readonly cycles: CyclesService,
    private readonly scoring: ScoringService,
  ) {}

  /** Publishing a cycle stores its scores as a frozen snapshot, in the publishing transaction. */
  onModuleInit(): void {
    this.cycles.onPublish((manager, year) => this.scoring.snapshotCycle(manager, year));
  }
}
