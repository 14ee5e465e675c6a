import { HttpException, HttpStatus } from '@nestjs/common';

export interface FieldError {
  field: string;
  messages: string[];
}

/** Body of every error the API returns (see README, "Errors"). */
export interface ErrorBody {
  statusCode: number;
  error: string;
  /** Stable machine-readable code, e.g. VALIDATION_FAILED, NOT_FOUND, VERSION_CONFLICT. */
  code: string;
  message: string;
  errors?: FieldError[];
  /** Extra facts a client needs to recover, e.g. the current version after a conflict. */
  details?: Record<string, unknown>;
  requestId?: string;
}

/** A domain error with a stable code; the global filter turns it into the error contract. */
export class ApiError extends HttpException {
  constructor(
    status: HttpStatus,
    readonly code: string,
    message: string,
    readonly extra: { errors?: FieldError[]; details?: Record<string, unknown> } = {},
    /** Sent as the Retry-After header: when a client may try again. */
    readonly retryAfterSeconds?: number,
  ) {
    super(message, status);
  }

  static unavailable(code: string, message: string, retryAfterSeconds: number): ApiError {
    return new ApiError(HttpStatus.SERVICE_UNAVAILABLE, code, message, {}, retryAfterSeconds);
  }

  static badRequest(code: string, message: string, errors?: FieldError[]): ApiError {
    return new ApiError(HttpStatus.BAD_REQUEST, code, message, { errors });
  }

  static notFound(what: string, key: string | number): ApiError {
    return new ApiError(HttpStatus.NOT_FOUND, 'NOT_FOUND', `${what} ${JSON.stringify(key)} not found`);
  }

  static forbidden(message: string, code = 'FORBIDDEN'): ApiError {
    return new ApiError(HttpStatus.FORBIDDEN, code, message);
  }

  static conflict(code: string, message: string, details?: Record<string, unknown>): ApiError {
    return new ApiError(HttpStatus.CONFLICT, code, message, { details });
  }

  /** Rejects one field with a message, in the same shape as class-validator errors. */
  static invalidField(field: string, message: string): ApiError {
    return ApiError.badRequest('VALIDATION_FAILED', 'Request validation failed', [{ field, messages: [message] }]);
  }
}
