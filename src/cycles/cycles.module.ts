import { Module } from '@nestjs/common';
import { PublicationModule } from '../publication/publication.module';
import { CopyForwardService } from './copy-forward.service';
import { CyclesController } from './cycles.controller';
import { CyclesService } from './cycles.service';

@Module({ imports: [PublicationModule], controllers: [CyclesController], providers: [CyclesService, CopyForwardService], exports: [CyclesService] })
export class CyclesModule {}
