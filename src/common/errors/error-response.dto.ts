import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class FieldErrorDto {
  @ApiProperty({ example: 'level' })
  field: string;
  @ApiProperty({ type: [String], example: ['level must not be greater than 4'] })
  messages: string[];
}

/** The error contract, as documented in OpenAPI for every route. */
export class ErrorResponseDto {
  @ApiProperty({ example: 400 })
  statusCode: number;
  @ApiProperty({ example: 'Bad Request' })
  error: string;
  @ApiProperty({ example: 'VALIDATION_FAILED', description: 'Stable machine-readable error code' })
  code: string;
  @ApiProperty({ example: 'Request validation failed' })
  message: string;
  @ApiPropertyOptional({ type: [FieldErrorDto] })
  errors?: FieldErrorDto[];
  @ApiPropertyOptional({ type: 'object', additionalProperties: true })
  details?: Record<string, unknown>;
  @ApiPropertyOptional({ example: '3f2c4c1e-8a43-4d1e-9bb8-6a1f2d0c9e11' })
  requestId?: string;
}
