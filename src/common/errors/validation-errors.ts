import { ValidationError } from 'class-validator';
import { ApiError, FieldError } from './api-error';

/** Flattens nested class-validator errors into `field.path: messages` entries. */
export function flattenValidationErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, messages: Object.values(error.constraints) }] : [];
    return [...own, ...flattenValidationErrors(error.children ?? [], field)];
  });
}

export function validationExceptionFactory(errors: ValidationError[]): ApiError {
  return ApiError.badRequest('VALIDATION_FAILED', 'Request validation failed', flattenValidationErrors(errors));
}
