import { MessagePort } from 'node:worker_threads';
import { ReportFile } from '../../output/report-file';
import { ReportSink } from '../../output/report-sink';
import { ReportModel, StatePage } from '../../report-model';
import { PageMessage, RenderJob, WorkerMessage } from './render-protocol';

/**
 * The worker thread's side (started by render-in-worker.ts): renders one report into its file, asking the
 * main thread for each state page as it needs it, and reports the result or the failure.
 */
export function runRenderWorker(port: MessagePort, job: RenderJob): void {
  render(port, job).catch((error: unknown) => send(port, { type: 'failed', error }));
}

async function render(port: MessagePort, job: RenderJob): Promise<void> {
  const channel = new PageChannel(port);
  const model: ReportModel = {
    ...job.model,
    frameworks: job.model.frameworks.map((section, index) => ({ ...section, pages: () => channel.pages(index) })),
  };
  const file = await ReportFile.create(job.path);
  try {
    await rendererOf(job.format)(model, file);
    send(port, { type: 'done', written: await file.finish() });
  } catch (error) {
    await file.discard();
    throw error;
  }
}

/** Only the renderer asked for is loaded in the worker: PDFKit and its fonts take memory an HTML report does not need. */
function rendererOf(format: RenderJob['format']): (model: ReportModel, sink: ReportSink) => Promise<void> {
  return format === 'html' ? (require('../html') as typeof import('../html')).renderHtml : (require('../pdf') as typeof import('../pdf')).renderPdf;
}

/** Pages on demand: one request at a time, so the main thread never sends more than the renderer has taken. */
class PageChannel {
  private waiting: ((page: StatePage | null) => void) | undefined;

  constructor(private readonly port: MessagePort) {
    port.on('message', ({ page }: PageMessage) => {
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve?.(page);
    });
  }

  async *pages(section: number): AsyncGenerator<StatePage> {
    for (let first = true; ; first = false) {
      const page = await new Promise<StatePage | null>((resolve) => {
        this.waiting = resolve;
        send(this.port, { type: 'next', section, first });
      });
      if (page === null) return;
      yield page;
    }
  }
}

function send(port: MessagePort, message: WorkerMessage): void {
  port.postMessage(message);
}
