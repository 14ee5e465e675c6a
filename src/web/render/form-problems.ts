import { ClassConstructor, plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import type { Request } from 'express';
import { ErrorBody } from '../../common/errors/api-error';
import { AllExceptionsFilter } from '../../common/errors/all-exceptions.filter';
import { validationExceptionFactory } from '../../common/errors/validation-errors';

/**
 * The API's error contract for any exception (status, code, message, field errors), computed by the global
 * filter itself so pages say exactly what the API says, and unexpected errors are logged once with the request id.
 */
export function errorBodyOf(exception: unknown, request: Request): ErrorBody {
  return new AllExceptionsFilter().bodyOf(exception, request);
}

/** What a form shows after a failed action: messages beside the fields, the rest at the top. */
export interface FormProblem {
  status: number;
  code: string;
  message: string;
  /** Field name (as the API names it) to its messages. */
  fields: Record<string, string[]>;
}

export function formProblem(exception: unknown, request: Request): FormProblem {
  const body = errorBodyOf(exception, request);
  const fields: Record<string, string[]> = {};
  for (const error of body.errors ?? []) fields[error.field] = [...(fields[error.field] ?? []), ...error.messages];
  const message =
    body.code === 'VALIDATION_FAILED' && Object.keys(fields).length > 0
      ? 'Some answers need correcting: see the messages beside the fields.'
      : body.statusCode >= 500 && body.requestId
        ? `${body.message} (request ${body.requestId})`
        : body.message;
  return { status: body.statusCode, code: body.code, message, fields };
}

/** Validates form input with the API's own DTO class and rules; throws the API's 400 with field errors. */
export async function validated<T extends object>(cls: ClassConstructor<T>, plain: object): Promise<T> {
  const instance = plainToInstance(cls, plain);
  const errors = await validate(instance, { whitelist: true, forbidNonWhitelisted: true });
  if (errors.length > 0) throw validationExceptionFactory(errors);
  return instance;
}

/** Renames the fields of a problem (e.g. the evidence form's "url" is "evidenceUrl" on the page). */
export function prefixFields(problem: FormProblem, rename: (field: string) => string): FormProblem {
  return { ...problem, fields: Object.fromEntries(Object.entries(problem.fields).map(([field, messages]) => [rename(field), messages])) };
}
