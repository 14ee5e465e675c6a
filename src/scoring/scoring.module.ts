import { Module } from '@nestjs/common';
import { MethodologyController } from './methodology.controller';
import { MethodologyService } from './methodology.service';
import { ScoringController } from './scoring.controller';
import { ScoringRepository } from './scoring.repository';
import { ScoringService } from './scoring.service';

/** Methodology versions, scorecards, group statistics and the score snapshot that publishing takes (PublicationService). */
@Module({
  controllers: [ScoringController, MethodologyController],
  providers: [ScoringService, ScoringRepository, MethodologyService],
  exports: [ScoringService, MethodologyService],
})
export class ScoringModule {}
