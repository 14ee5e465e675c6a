import { Module } from '@nestjs/common';
import { StateAdminService } from './state-admin.service';
import { StatesController } from './states.controller';
import { StatesService } from './states.service';

@Module({ controllers: [StatesController], providers: [StatesService, StateAdminService], exports: [StatesService] })
export class StatesModule {}
