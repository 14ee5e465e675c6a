import { Module } from '@nestjs/common';
import { ScoringModule } from '../scoring/scoring.module';
import { PublicationService } from './publication.service';

/** Freezing a cycle at publication and at each erratum (used by CyclesService in its transactions). */
@Module({ imports: [ScoringModule], providers: [PublicationService], exports: [PublicationService] })
export class PublicationModule {}
