import { Module } from '@nestjs/common';
import { CopyForwardService } from './copy-forward.service';
import { CyclesController } from './cycles.controller';
import { CyclesService } from './cycles.service';

@Module({ controllers: [CyclesController], providers: [CyclesService, CopyForwardService], exports: [CyclesService] })
export class CyclesModule {}
