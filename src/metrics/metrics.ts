import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/**
 * The process's Prometheus metrics that code anywhere may move (import the one it needs). Gauges that read
 * the app's own objects at scrape time live in metrics.service.ts. Served at /metrics (metrics.handler.ts).
 */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry });

export const httpRequestDuration = new Histogram({
  name: 'http_request_duration_seconds',
  help: 'HTTP requests by route pattern (not raw path, to keep the label set small), method and status',
  labelNames: ['method', 'route', 'status_code'],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
  registers: [metricsRegistry],
});

export const reportRenderDuration = new Histogram({
  name: 'report_render_duration_seconds',
  help: 'HTML and PDF report drawings (worker thread, retry included), by format and outcome',
  labelNames: ['format', 'outcome'],
  buckets: [0.25, 0.5, 1, 2, 5, 10, 20, 40, 80, 160, 320],
  registers: [metricsRegistry],
});

export const importDuration = new Histogram({
  name: 'import_duration_seconds',
  help: 'CSV/XLSX imports of assessments and evidence, from parsed rows to commit, by outcome',
  labelNames: ['dry_run', 'outcome'],
  buckets: [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
  registers: [metricsRegistry],
});

/** Increment wherever a published artifact's bytes are found to differ from its recorded SHA-256. */
export const artifactHashMismatches = new Counter({
  name: 'report_artifact_hash_mismatches_total',
  help: 'Published reports whose bytes did not match the SHA-256 recorded for them (see the error log for which)',
  registers: [metricsRegistry],
});

/** Times `work` into `histogram` with an `outcome` label of ok or failed (plus the labels given). */
export async function timed<T>(histogram: Histogram<string>, labels: Record<string, string>, work: () => Promise<T>): Promise<T> {
  const end = histogram.startTimer(labels);
  try {
    const result = await work();
    end({ outcome: 'ok' });
    return result;
  } catch (error) {
    end({ outcome: 'failed' });
    throw error;
  }
}
