import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { StorageModule } from '../evidence/storage/storage.module';
import { HealthController } from './health.controller';

@Module({ imports: [TerminusModule.forRoot({ errorLogStyle: 'json' }), StorageModule], controllers: [HealthController] })
export class HealthModule {}
