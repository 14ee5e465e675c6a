import { extname, resolve } from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { WrittenReport } from '../../output/report-file';
import { ReportModel, StatePage } from '../../report-model';
import { PageMessage, RENDER_JOB, RenderJob, WorkerMessage } from './render-protocol';
import { runRenderWorker } from './report-render.worker';

/**
 * The rendering thread's heap. Charts (ECharts in the HTML) and the report data leave a lot of short-lived
 * garbage; in the main thread V8 lets it pile up to a few times the application's live heap before a full
 * collection, so a long report's peak grew with its number of states even though the live data did not
 * (all states: +165 MB for HTML against +25 MB for 20 states). A worker with a small old generation
 * collects early instead: peak memory stays about the same for 20 or 194 states, and a report that would
 * need more fails alone (500) instead of taking the server down. Rendering also leaves the event loop free.
 */
export const RENDER_HEAP_MB = 64;
const YOUNG_GENERATION_MB = 8;
// Under ts-node (the tests) the worker also holds the TypeScript compiler that compiles its modules.
const COMPILER_HEAP_MB = 128;

/**
 * Renders an HTML or PDF report in a worker thread into a new file at `path`. The model's overview goes
 * with the job; state pages are loaded here (the database is here) and handed over one at a time as the
 * worker asks for them.
 */
export function renderInWorker(
  model: ReportModel,
  format: RenderJob['format'],
  path: string,
  heapMb = RENDER_HEAP_MB,
  signal?: AbortSignal,
): Promise<WrittenReport> {
  if (signal?.aborted) return Promise.reject(abortReason(signal, 'The service is shutting down; no report is drawn'));
  const job: RenderJob = {
    kind: RENDER_JOB,
    format,
    path,
    model: { ...model, frameworks: model.frameworks.map(({ pages: _pages, ...section }) => section) },
  };
  const compiling = extname(__filename) === '.ts';
  const resourceLimits = { maxOldGenerationSizeMb: heapMb + (compiling ? COMPILER_HEAP_MB : 0), maxYoungGenerationSizeMb: YOUNG_GENERATION_MB };
  const worker = new Worker(workerScript(), { eval: true, workerData: job, resourceLimits });
  const iterators = new Map<number, AsyncIterator<StatePage>>();
  return new Promise<WrittenReport>((resolvePromise, reject) => {
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      // Lets an unfinished page loader end (its rows are dropped); nothing to report if it cannot.
      for (const iterator of iterators.values()) void Promise.resolve(iterator.return?.()).catch(() => undefined);
      outcome();
    };
    const sendPage = async (section: number, first: boolean) => {
      let iterator = iterators.get(section);
      if (first || !iterator) {
        iterator = model.frameworks[section].pages()[Symbol.asyncIterator]();
        iterators.set(section, iterator);
      }
      const next = await iterator.next();
      if (!settled) worker.postMessage({ page: next.done ? null : next.value } satisfies PageMessage);
    };
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'next') sendPage(message.section, message.first).catch((error: unknown) => settle(() => reject(error)));
      else if (message.type === 'done') settle(() => resolvePromise(message.written));
      else settle(() => reject(message.error));
    });
    worker.on('error', (error) => settle(() => reject(error)));
    // On shutdown a drawing in progress is stopped, so no thread outlives the application.
    const onAbort = () => settle(() => reject(abortReason(signal!, 'The service is shutting down; the report was not finished')));
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('exit', (code) => settle(() => reject(new Error(`The report renderer stopped (exit code ${code}) before it finished`))));
  });
}

/** The error the one who stopped the drawing chose (e.g. a 503 for the client), else a plain one. */
function abortReason(signal: AbortSignal, fallback: string): Error {
  return signal.reason instanceof Error && signal.reason.name !== 'AbortError' ? signal.reason : new Error(fallback);
}

/**
 * What the worker runs: this very module (compiled with the app, whatever builds it), which starts the
 * worker's side when loaded in a render worker (below). Under ts-jest (the tests) this is TypeScript source,
 * compiled as it loads by ts-node (a development dependency, never needed by the built app).
 */
function workerScript(): string {
  if (extname(__filename) !== '.ts') return `require(${JSON.stringify(__filename)});`;
  const tsNode = require.resolve('ts-node');
  const project = resolve(__dirname, '../../../../tsconfig.json');
  return `require(${JSON.stringify(tsNode)}).register({ transpileOnly: true, project: ${JSON.stringify(project)} });
require(${JSON.stringify(__filename)});`;
}

if (!isMainThread && (workerData as Partial<RenderJob> | null)?.kind === RENDER_JOB) runRenderWorker(parentPort!, workerData as RenderJob);
