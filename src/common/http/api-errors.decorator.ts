import { applyDecorators } from '@nestjs/common';
import { ApiDefaultResponse } from '@nestjs/swagger';
import { ErrorResponseDto } from '../errors/error-response.dto';

/** Documents the shared error contract on a controller, so generated clients can type error bodies. */
export const ApiErrors = () =>
  applyDecorators(ApiDefaultResponse({ type: ErrorResponseDto, description: 'Error, in the shared error contract' }));
