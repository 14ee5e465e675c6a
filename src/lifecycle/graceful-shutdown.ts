import { Server } from 'node:http';
import { INestApplication, Logger } from '@nestjs/common';
import { Lifecycle } from './lifecycle.service';

export interface DrainTimes {
  /** From the signal to the end of the drain; what is still open then is cut. */
  drainSeconds: number;
  /** From the signal until new connections are refused: readiness answers 503 meanwhile, so balancers take the instance out. */
  unreadySeconds: number;
}

/** Reports still drawing this long before the deadline are answered 503, so the answer is out before connections are cut. */
const RENDER_MARGIN_MS = 1000;

/**
 * SIGTERM/SIGINT: readiness turns 503 at once and every answer closes its connection; new connections are
 * refused after `unreadySeconds`; requests in flight may finish until `drainSeconds`, reports still drawing
 * are answered 503 with Retry-After just before; then the app closes (pool, embedded Postgres) and the
 * process exits. A second signal exits at once.
 */
export function installGracefulShutdown(app: INestApplication, times: DrainTimes): void {
  const logger = new Logger('Shutdown');
  const lifecycle = app.get(Lifecycle);
  const server = app.getHttpServer() as Server;
  let stopping = false;

  const shutdown = async (signal: NodeJS.Signals) => {
    if (stopping) {
      logger.warn(`${signal} again: exiting without finishing the drain`);
      process.exit(1);
    }
    stopping = true;
    const started = Date.now();
    logger.log({ signal, ...times }, `Shutdown started (${signal}): not ready, draining for at most ${times.drainSeconds} s`);
    lifecycle.beginDrain();
    const timers: NodeJS.Timeout[] = [];
    const after = (ms: number, action: () => void) => timers.push(setTimeout(action, Math.max(0, ms)));
    const drained = new Promise<'drained'>((resolve) => {
      after(times.unreadySeconds * 1000, () => {
        server.close(() => resolve('drained'));
        server.closeIdleConnections();
      });
    });
    after(times.drainSeconds * 1000 - RENDER_MARGIN_MS, () => lifecycle.stopRenders());
    const deadline = new Promise<'deadline'>((resolve) => after(times.drainSeconds * 1000, () => resolve('deadline')));
    const outcome = await Promise.race([drained, deadline]);
    timers.forEach(clearTimeout);
    if (outcome === 'deadline') server.closeAllConnections();
    try {
      await app.close();
    } catch (error) {
      logger.error({ err: error }, 'Closing the application failed');
    }
    logger.log({ outcome, durationMs: Date.now() - started }, `Shutdown complete in ${Date.now() - started} ms (${outcome === 'drained' ? 'every request finished' : 'deadline reached, open connections cut'})`);
    process.exit(0);
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, (received) => void shutdown(received));
}
