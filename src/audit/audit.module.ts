import { Global, Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';
import { AuditTrailService } from './audit-trail.service';

@Global()
@Module({ controllers: [AuditController], providers: [AuditService, AuditTrailService], exports: [AuditService, AuditTrailService] })
export class AuditModule {}
