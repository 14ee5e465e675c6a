import { Module } from '@nestjs/common';
import { CyclesModule } from '../cycles/cycles.module';
import { ImportModule } from '../import/import.module';
import { DemoService } from './demo.service';

@Module({ imports: [CyclesModule, ImportModule], providers: [DemoService], exports: [DemoService] })
export class DemoModule {}
