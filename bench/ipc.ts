import { ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';

/** A request to a worker process and its answer, over the IPC channel that fork() opens. */
interface Request {
  id: number;
  command: string;
  args: unknown;
}

interface Reply {
  id: number;
  result?: unknown;
  error?: string;
}

type Handler = (args: never) => Promise<unknown>;

/** The parent's side: starts bench/worker.js (compiled beside this file) and calls its commands. */
export class WorkerProcess {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private exited: Promise<number | null>;

  private constructor(readonly child: ChildProcess, readonly ready: Promise<{ port?: number }>) {
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    child.on('message', (message: Reply | { ready: true }) => {
      if ('ready' in message) return;
      const waiter = this.pending.get(message.id);
      if (!waiter) return;
      this.pending.delete(message.id);
      if (message.error !== undefined) waiter.reject(new Error(message.error));
      else waiter.resolve(message.result);
    });
    child.once('exit', (code) => {
      for (const waiter of this.pending.values()) waiter.reject(new Error(`bench worker exited with code ${code}`));
      this.pending.clear();
    });
  }

  /** Forks a worker with its own environment (the app reads its configuration at import time). */
  static start(env: Record<string, string>, execArgv: string[] = []): WorkerProcess {
    const child = fork(join(__dirname, 'worker.js'), [], {
      env: { ...process.env, ...env },
      execArgv,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const ready = new Promise<{ port?: number }>((resolve, reject) => {
      child.on('message', (message: { ready?: boolean; port?: number }) => {
        if (message.ready) resolve({ port: message.port });
      });
      child.once('exit', (code) => reject(new Error(`bench worker exited with code ${code} before it was ready`)));
    });
    // Awaited later; a worker that dies first must not crash the parent before its cleanup runs.
    ready.catch(() => undefined);
    return new WorkerProcess(child, ready);
  }

  call<T>(command: string, args: unknown = {}): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.child.send({ id, command, args } satisfies Request);
    });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    await this.call('stop').catch(() => undefined);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 15_000);
    await this.exited;
    clearTimeout(timer);
  }
}

/** The worker's side: answers requests with the given handlers, one at a time. */
export function serve(handlers: Record<string, Handler>): void {
  let queue = Promise.resolve();
  process.on('message', (request: Request) => {
    queue = queue.then(async () => {
      const handler = handlers[request.command];
      try {
        if (!handler) throw new Error(`unknown bench command ${request.command}`);
        const result = await handler(request.args as never);
        process.send!({ id: request.id, result } satisfies Reply);
      } catch (error) {
        process.send!({ id: request.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) } satisfies Reply);
      }
    });
  });
}
