import { WrittenReport } from '../../output/report-file';
import { FrameworkSection, ReportModel, StatePage } from '../../report-model';

/** A report model as it crosses to the worker: everything but the page loaders, which stay with the database. */
export type PlainReportModel = Omit<ReportModel, 'frameworks'> & { frameworks: Array<Omit<FrameworkSection, 'pages'>> };

/** Marks a worker started to render a report (render-in-worker.ts starts its side only then). */
export const RENDER_JOB = 'cnt-report-render';

/** What the worker is started with. */
export interface RenderJob {
  kind: typeof RENDER_JOB;
  format: 'html' | 'pdf';
  model: PlainReportModel;
  /** The file to create and write; the caller removes it if rendering fails. */
  path: string;
}

/** Worker to main thread. */
export type WorkerMessage =
  /** The next page of a section; `first` starts the section over (a renderer's new pass over its pages). */
  | { type: 'next'; section: number; first: boolean }
  | { type: 'done'; written: WrittenReport }
  | { type: 'failed'; error: unknown };

/** Main thread to worker: the page asked for, or null after a section's last. */
export interface PageMessage {
  page: StatePage | null;
}
