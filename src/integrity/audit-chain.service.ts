import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';

export const GENESIS_HASH = '0'.repeat(64);
const BATCH = 5000;

export interface ChainBreak {
  /** Chain position where the chain first stops holding. */
  chainSeq: string;
  /** Audit entry id at that position, or null when the entry there is gone. */
  entryId: string | null;
  problem: 'edited' | 'deleted' | 'relinked' | 'truncated';
  message: string;
}

export interface ChainReport {
  intact: boolean;
  entries: number;
  /** Position and hash of the newest entry: record them elsewhere to detect a rewrite of the whole chain. */
  headSeq: string;
  headHash: string;
  firstBreak?: ChainBreak;
}

interface ChainRow {
  chain_seq: string;
  id: string;
  prev_hash: string;
  entry_hash: string;
  recomputed: string;
}

/**
 * Walks the audit trail in chain order and recomputes every hash (with the same SQL function the insert
 * trigger uses), in batches so a long trail never sits in memory. Finds edited entries (content no longer
 * matches its hash), deleted ones (a gap in the chain positions, or a head that points past the last entry)
 * and re-linked ones (prev_hash no longer matches the entry before).
 */
@Injectable()
export class AuditChainService {
  constructor(private readonly dataSource: DataSource) {}

  async verify(): Promise<ChainReport> {
    const [head] = await this.dataSource.query<Array<{ chain_seq: string; entry_hash: string }>>(
      'SELECT chain_seq::text, entry_hash FROM audit_chain_head WHERE id',
    );
    let expectedSeq = 1n;
    let prevHash = GENESIS_HASH;
    let entries = 0;
    let after = '0';
    for (;;) {
      const rows = await this.dataSource.query<ChainRow[]>(
        `SELECT e.chain_seq::text, e.id::text, e.prev_hash, e.entry_hash, audit_entry_digest(e) AS recomputed
         FROM audit_entry e WHERE e.chain_seq > $1 ORDER BY e.chain_seq LIMIT ${BATCH}`,
        [after],
      );
      for (const row of rows) {
        const broken = checkEntry(row, expectedSeq, prevHash);
        if (broken) return this.report(false, entries, head, broken);
        entries++;
        expectedSeq++;
        prevHash = row.entry_hash;
      }
      if (rows.length < BATCH) break;
      after = rows[rows.length - 1].chain_seq;
    }
    const lastSeq = String(expectedSeq - 1n);
    if (head && (head.chain_seq !== lastSeq || head.entry_hash !== prevHash)) {
      const broken: ChainBreak = {
        chainSeq: String(expectedSeq),
        entryId: null,
        problem: 'truncated',
        message: `the chain head is at position ${head.chain_seq} but the last entry found is at ${lastSeq}: the newest entries were deleted`,
      };
      return this.report(false, entries, head, broken);
    }
    if (!head && entries > 0) {
      return this.report(false, entries, head, { chainSeq: lastSeq, entryId: null, problem: 'truncated', message: 'the chain head record is missing' });
    }
    return this.report(true, entries, head);
  }

  private report(intact: boolean, entries: number, head: { chain_seq: string; entry_hash: string } | undefined, firstBreak?: ChainBreak): ChainReport {
    return { intact, entries, headSeq: head?.chain_seq ?? '0', headHash: head?.entry_hash ?? GENESIS_HASH, firstBreak };
  }
}

function checkEntry(row: ChainRow, expectedSeq: bigint, prevHash: string): ChainBreak | undefined {
  const seq = BigInt(row.chain_seq);
  if (seq !== expectedSeq) {
    const gap = seq - 1n === expectedSeq ? `position ${expectedSeq} is` : `positions ${expectedSeq}–${seq - 1n} are`;
    return {
      chainSeq: String(expectedSeq),
      entryId: null,
      problem: 'deleted',
      message: `chain ${gap} missing before audit entry ${row.id}: entries were deleted`,
    };
  }
  if (row.recomputed !== row.entry_hash) {
    return { chainSeq: row.chain_seq, entryId: row.id, problem: 'edited', message: `audit entry ${row.id} was changed after it was written: its content no longer matches its hash` };
  }
  if (row.prev_hash !== prevHash) {
    return {
      chainSeq: row.chain_seq,
      entryId: row.id,
      problem: 'relinked',
      message: `audit entry ${row.id} does not chain onto the entry before it: that entry, or this link, was altered`,
    };
  }
  return undefined;
}
