import { Command, CommandRunner } from 'nest-commander';
import { AuditChainService } from '../integrity/audit-chain.service';
import { EXIT_INTEGRITY_PROBLEM } from '../integrity/integrity-exit-codes';

@Command({
  name: 'audit:verify',
  description: `Recompute the audit trail's hash chain. Exit 0 when intact, ${EXIT_INTEGRITY_PROBLEM} naming the first edited or deleted entry`,
})
export class AuditVerifyCommand extends CommandRunner {
  constructor(private readonly chain: AuditChainService) {
    super();
  }

  async run(): Promise<void> {
    const report = await this.chain.verify();
    if (report.intact) {
      console.log(`Audit trail intact: ${report.entries} entries; head at position ${report.headSeq}, hash ${report.headHash}`);
      return;
    }
    const broken = report.firstBreak!;
    console.error(
      `Audit trail BROKEN at chain position ${broken.chainSeq}${broken.entryId ? ` (audit entry ${broken.entryId})` : ''}: ${broken.message}`,
    );
    console.error(`${report.entries} entries verified before it; the head claims position ${report.headSeq}`);
    process.exitCode = EXIT_INTEGRITY_PROBLEM;
  }
}
