import { Module } from '@nestjs/common';
import { StorageModule } from '../evidence/storage/storage.module';
import { AuditChainService } from './audit-chain.service';
import { FileIntegrityService } from './file-integrity.service';

/** Checks that what the service stores is still what it wrote: the audit hash chain and the evidence files. */
@Module({
  imports: [StorageModule],
  providers: [AuditChainService, FileIntegrityService],
  exports: [AuditChainService, FileIntegrityService],
})
export class IntegrityModule {}
