import { plainToInstance, Transform } from 'class-transformer';
import {
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  MinLength,
  validateSync,
} from 'class-validator';

const toInt = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : Number(value);
const toBool = ({ value }: { value: unknown }) =>
  value === undefined || value === '' ? undefined : ['1', 'true', 'yes'].includes(String(value).toLowerCase());
const emptyToUndefined = ({ value }: { value: unknown }) => (value === '' ? undefined : value);

/** Every setting the service reads from the environment. README's configuration table mirrors this. */
export class Environment {
  @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'DATABASE_URL must be a postgres:// connection URL' })
  DATABASE_URL?: string;

  @IsString()
  EMBEDDED_PG_DIR = '.data/postgres';

  /** 0 picks a free port from 54329 upwards, so it never collides with a Postgres on 5432. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(65535)
  EMBEDDED_PG_PORT = 0;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(100)
  DATABASE_POOL_SIZE = 10;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  @IsString()
  CATALOGUE_DIR = 'catalogue';

  @Transform(toBool)
  @IsBoolean()
  LOAD_CATALOGUE_ON_START = true;

  /** Run the background job that renders and stores a publication's artifacts in this process. */
  @Transform(toBool)
  @IsBoolean()
  PUBLICATION_WORKER = true;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET?: string;

  @Transform(toInt)
  @IsInt()
  @Min(60)
  @Max(86400)
  ACCESS_TOKEN_TTL_SECONDS = 900;

  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^[^@\s]+@[^@\s]+$/, { message: 'ADMIN_EMAIL must be an email address' })
  ADMIN_EMAIL?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(12, { message: 'ADMIN_PASSWORD must be at least 12 characters' })
  ADMIN_PASSWORD?: string;

  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(1000)
  LOGIN_RATE_LIMIT_PER_MINUTE = 10;

  /** bcrypt work factor for passwords; lower it only for tests. */
  @Transform(toInt)
  @IsInt()
  @Min(4)
  @Max(15)
  BCRYPT_COST = 12;

  @IsString()
  UPLOAD_DIR = '.data/files';

  @Transform(toInt)
  @IsInt()
  @Min(1024)
  UPLOAD_MAX_BYTES = 25 * 1024 * 1024;

  /** HTML and PDF reports drawn at once per instance (each in a worker thread with its own heap); more wait. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(16)
  REPORT_RENDER_CONCURRENCY = 2;

  /** The organisation named on the annual report's cover and in its metadata as publisher. */
  @IsString()
  @MinLength(1)
  REPORT_PUBLISHER = 'Cyber Norms Tracker';

  /** Comma-separated list of origins allowed by CORS; empty means no cross-origin access. */
  @IsString()
  CORS_ORIGINS = '';
}

export class EnvironmentError extends Error {}

/** Validates raw environment variables; the message names every offending variable. */
export function validateEnvironment(raw: Record<string, unknown>): Environment {
  const env = plainToInstance(Environment, stripUnknown(raw), { exposeDefaultValues: true });
  const errors = validateSync(env, { skipMissingProperties: false });
  if (errors.length > 0) {
    const lines = errors.map((e) => {
      const reasons = Object.values(e.constraints ?? {}).join('; ');
      return `  ${e.property}=${JSON.stringify(raw[e.property])}: ${reasons}`;
    });
    throw new EnvironmentError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  if (env.NODE_ENV === 'production' && !env.JWT_SECRET) {
    throw new EnvironmentError(
      'Invalid configuration:\n  JWT_SECRET: required in production (at least 32 random characters)',
    );
  }
  return env;
}

const OPTIONAL_KEYS = ['DATABASE_URL', 'JWT_SECRET', 'ADMIN_EMAIL', 'ADMIN_PASSWORD'];

/** Keeps only the variables this service reads, so the rest of the environment never reaches config. */
function stripUnknown(raw: Record<string, unknown>): Record<string, unknown> {
  const known = new Set([...Object.keys(new Environment()), ...OPTIONAL_KEYS]);
  return Object.fromEntries(Object.entries(raw).filter(([key]) => known.has(key)));
}
