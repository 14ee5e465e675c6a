import { WrittenReport } from '../../output/report-file';
import { RENDER_HEAP_MB } from './render-in-worker';

/** The heap of the one retry: enough for any report seen so far many times over, still far below the process's. */
export const RETRY_HEAP_MB = RENDER_HEAP_MB * 8;

/**
 * The small rendering heap keeps memory flat, but a report with unusually large pages (long narratives, many
 * citations) could outgrow it. Such a report is drawn once more with a larger heap rather than answered with
 * a 500: the user gets the report, the operator a warning. Any other failure is passed on as it is.
 */
export async function renderWithRetry(
  render: (heapMb: number) => Promise<WrittenReport>,
  warn: (message: string) => void,
): Promise<WrittenReport> {
  try {
    return await render(RENDER_HEAP_MB);
  } catch (error) {
    if (!isOutOfMemory(error)) throw error;
    warn(`A report outgrew the ${RENDER_HEAP_MB} MB rendering heap; drawing it again with ${RETRY_HEAP_MB} MB`);
    return render(RETRY_HEAP_MB);
  }
}

function isOutOfMemory(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'ERR_WORKER_OUT_OF_MEMORY';
}
