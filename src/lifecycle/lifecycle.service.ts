import { Injectable } from '@nestjs/common';
import { ApiError } from '../common/errors/api-error';

/** What a client told to come back is told: by then another instance (or this one, restarted) will answer. */
export const RETRY_AFTER_SECONDS = 5;

/** The answer for work this instance will not finish because it is stopping: 503 with Retry-After, never a 500. */
export function shuttingDown(what: string): ApiError {
  return ApiError.unavailable('SHUTTING_DOWN', `The service is shutting down; ${what}. Try again shortly`, RETRY_AFTER_SECONDS);
}

/**
 * This instance's place in its life: serving, or draining after SIGTERM (not ready, finishing what it has).
 * Long work (report drawings) listens to `renderSignal`, which the shutdown fires just before its deadline.
 */
@Injectable()
export class Lifecycle {
  private drainStartedAt?: number;
  private readonly renders = new AbortController();

  get draining(): boolean {
    return this.drainStartedAt !== undefined;
  }

  beginDrain(): void {
    this.drainStartedAt ??= Date.now();
  }

  get renderSignal(): AbortSignal {
    return this.renders.signal;
  }

  /** Reports still drawing are given up: their requests get shuttingDown() instead. */
  stopRenders(): void {
    if (!this.renders.signal.aborted) this.renders.abort(shuttingDown('the report was not finished'));
  }
}

