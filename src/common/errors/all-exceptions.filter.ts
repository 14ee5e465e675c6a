import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { Request, Response } from 'express';
import { EntityNotFoundError, OptimisticLockVersionMismatchError, QueryFailedError } from 'typeorm';
import { ApiError, ErrorBody } from './api-error';
import { isDatabaseUnavailable } from './database-errors';
import { NOT_FOUND_PAGE, wantsNotFoundPage } from './not-found-page';

const STATUS_CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE',
  429: 'TOO_MANY_REQUESTS',
  503: 'SERVICE_UNAVAILABLE',
};

/**
 * The single error contract of the API. Known errors keep their status and a stable code;
 * anything unexpected is logged with the request id and answered with a generic 500.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const context = host.switchToHttp();
    const request = context.getRequest<Request & { id?: string }>();
    const response = context.getResponse<Response>();
    const body = this.bodyOf(exception, request);
    if (response.headersSent) {
      response.end();
      return;
    }
    if (exception instanceof ApiError && exception.retryAfterSeconds !== undefined) {
      response.setHeader('Retry-After', String(exception.retryAfterSeconds));
    }
    if (wantsNotFoundPage(request, body.statusCode)) {
      response.status(404).type('html').send(NOT_FOUND_PAGE);
      return;
    }
    response.status(body.statusCode).json(body);
  }

  /** The answer's body; unexpected errors are logged here, once. Also used by the pages to say what the API says. */
  bodyOf(exception: unknown, request: Request): ErrorBody {
    const body = this.toBody(exception, request);
    body.requestId = request.id ? String(request.id) : undefined;
    return body;
  }

  private toBody(exception: unknown, request: Request): ErrorBody {
    if (exception instanceof ApiError) {
      return { ...base(exception.getStatus(), exception.code, exception.message), ...exception.extra };
    }
    if (exception instanceof HttpException) return fromHttpException(exception);
    if (exception instanceof EntityNotFoundError) return base(404, 'NOT_FOUND', 'Resource not found');
    if (exception instanceof OptimisticLockVersionMismatchError) {
      return base(409, 'VERSION_CONFLICT', 'The resource was changed by someone else; reload it and try again');
    }
    if (exception instanceof QueryFailedError) {
      const mapped = fromDatabaseError(exception);
      if (mapped) return mapped;
    }
    const clientError = fromClientHttpError(exception);
    if (clientError) return clientError;
    if (isDatabaseUnavailable(exception)) {
      this.logger.warn({ requestId: request.id, err: exception }, 'Database unavailable');
      return base(503, 'DATABASE_UNAVAILABLE', 'The database is unavailable; try again shortly');
    }
    this.logger.error({ requestId: request.id, err: exception }, `Unhandled error on ${request.method} ${request.url}`);
    return base(500, 'INTERNAL_ERROR', 'An unexpected error occurred');
  }
}

function base(statusCode: number, code: string, message: string): ErrorBody {
  return { statusCode, error: HttpStatus[statusCode] ? title(HttpStatus[statusCode]) : 'Error', code, message };
}

function title(constant: string): string {
  return constant
    .toLowerCase()
    .split('_')
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join(' ');
}

function fromHttpException(exception: HttpException): ErrorBody {
  const status = exception.getStatus();
  const response = exception.getResponse();
  const raw = typeof response === 'string' ? response : (response as { message?: unknown }).message;
  const message = Array.isArray(raw) ? raw.join('; ') : typeof raw === 'string' ? raw : exception.message;
  return base(status, STATUS_CODES[status] ?? (status >= 500 ? 'INTERNAL_ERROR' : 'ERROR'), message);
}

/** Errors of the body parsers (http-errors) that Nest does not convert itself, e.g. a body over the size limit. */
function fromClientHttpError(error: unknown): ErrorBody | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { status, expose, type } = error as { status?: unknown; expose?: unknown; type?: unknown };
  if (typeof status !== 'number' || status < 400 || status > 499 || expose !== true) return undefined;
  if (type === 'entity.too.large') return base(413, 'PAYLOAD_TOO_LARGE', 'The request body is larger than the limit (1 MB)');
  return base(status, STATUS_CODES[status] ?? 'BAD_REQUEST', HttpStatus[status] ? title(HttpStatus[status]) : 'Bad request');
}

/** Constraint violations that reach the database are the client's doing, not a server fault. */
function fromDatabaseError(error: QueryFailedError): ErrorBody | undefined {
  const driverError = error.driverError as { code?: string; constraint?: string };
  const constraint = driverError.constraint ? ` (${driverError.constraint})` : '';
  switch (driverError.code) {
    case '23505':
      return base(409, 'ALREADY_EXISTS', `A record with the same key already exists${constraint}`);
    case '23503':
      return base(409, 'REFERENCE_CONFLICT', `The record refers to, or is referred to by, another record${constraint}`);
    case '23514':
    case '23502':
      return base(400, 'CONSTRAINT_VIOLATION', `The data breaks a rule of the database${constraint}`);
    case '22P02':
    case '22021': // a NUL character, which Postgres text cannot hold
    case '22P05':
    case '22003':
    case '22007':
    case '22008':
      return base(400, 'BAD_VALUE', 'A value has the wrong format or is out of range');
    case 'CN409':
      return base(409, 'CYCLE_FROZEN', 'The cycle is published; its data can no longer change');
    case 'CN403':
      return base(403, 'FILE_NOT_YOURS', 'An evidence item may only use a file its creator uploaded');
    case '55P03':
    case '40001':
    case '40P01':
      return base(409, 'CONCURRENT_UPDATE', 'The record is being changed by someone else; try again');
    default:
      return undefined;
  }
}
