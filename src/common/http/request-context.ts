import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { NextFunction, Request, Response } from 'express';

export interface RequestContext {
  requestId: string;
}

const storage = new AsyncLocalStorage<RequestContext>();
const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** The current request's context, for code far from the controller (audit entries, logs). */
export function currentRequest(): RequestContext | undefined {
  return storage.getStore();
}

/**
 * Gives every request an id (the caller's X-Request-Id when sane, else a new UUID), echoes it in the
 * response, and makes it available to the logger and the audit trail.
 */
export function requestContextMiddleware(request: Request & { id?: string }, response: Response, next: NextFunction): void {
  const incoming = request.headers['x-request-id'];
  const requestId = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
  request.id = requestId;
  response.setHeader('X-Request-Id', requestId);
  storage.run({ requestId }, next);
}
