import { Module } from '@nestjs/common';
import { ScoringModule } from '../scoring/scoring.module';
import { PublicationController } from './publication.controller';
import { PublicationVersionsService } from './publication-versions.service';
import { PublicationService } from './publication.service';

/** Freezing a cycle at publication (used by CyclesService in its transaction), publication versions and errata. */
@Module({
  imports: [ScoringModule],
  controllers: [PublicationController],
  providers: [PublicationService, PublicationVersionsService],
  exports: [PublicationService, PublicationVersionsService],
})
export class PublicationModule {}
