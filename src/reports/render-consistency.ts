import { Injectable, Logger } from '@nestjs/common';

/**
 * Published reports that are not stored (one state, one group) are rendered from frozen data on request.
 * This instance keeps the hash of its first rendering of each; a later rendering with other bytes is logged
 * as an error and counted, and its download carries both hashes. Kept in memory: a download writes no rows.
 */
@Injectable()
export class RenderConsistency {
  private readonly logger = new Logger(RenderConsistency.name);
  private readonly first = new Map<string, string>();
  private mismatchCount = 0;

  check(year: number, version: number, scope: string, format: string, sha256: string): string {
    const key = `${year}/${version}/${scope}/${format}`;
    const recorded = this.first.get(key);
    if (recorded === undefined) {
      // Bounded by the frozen scopes (states x groups x frameworks x formats) of the published cycles.
      this.first.set(key, sha256);
      return sha256;
    }
    if (recorded !== sha256) {
      this.mismatchCount++;
      this.logger.error({ year, version, scope, format, recorded, sha256 }, 'A published report came out different from its first rendering');
    }
    return recorded;
  }

  get mismatches(): number {
    return this.mismatchCount;
  }
}
