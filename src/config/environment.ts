import { readFileSync } from 'node:fs';
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

  /** Where evidence files live: `local` (UPLOAD_DIR, one folder every instance shares) or `s3` (a bucket). */
  @IsIn(['local', 's3'])
  FILE_STORAGE: 'local' | 's3' = 'local';

  /** S3-compatible endpoint (MinIO, Ceph); unset means AWS itself. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @Matches(/^https?:\/\/.+/, { message: 'S3_ENDPOINT must be an http(s):// URL' })
  S3_ENDPOINT?: string;

  @IsString()
  S3_REGION = 'us-east-1';

  @IsString()
  S3_BUCKET = '';

  /** Prepended to every object key, to share a bucket with other data. */
  @IsString()
  @Matches(/^([A-Za-z0-9._-]+\/)*$/, { message: 'S3_PREFIX must be empty or end with / (e.g. cnt/)' })
  S3_PREFIX = '';

  /** bucket/key URLs instead of bucket.host ones: MinIO and most Ceph set-ups need it. */
  @Transform(toBool)
  @IsBoolean()
  S3_FORCE_PATH_STYLE = false;

  /** Unset: the AWS SDK's own chain (instance role, AWS_* variables, profile). */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  S3_ACCESS_KEY_ID?: string;

  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  S3_SECRET_ACCESS_KEY?: string;

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

  /** Seconds a SIGTERM leaves requests to finish before the rest are cut; below Docker's default 10 s stop timeout. */
  @Transform(toInt)
  @IsInt()
  @Min(1)
  @Max(600)
  SHUTDOWN_DRAIN_SECONDS = 8;

  /** Seconds after SIGTERM during which /health/ready answers 503 but connections are still accepted. */
  @Transform(toInt)
  @IsInt()
  @Min(0)
  @Max(600)
  SHUTDOWN_UNREADY_SECONDS = 2;

  /** Bearer token that GET /metrics requires; unset, /metrics answers 404. */
  @Transform(emptyToUndefined)
  @IsOptional()
  @IsString()
  @MinLength(16, { message: 'METRICS_TOKEN must be at least 16 characters' })
  METRICS_TOKEN?: string;

  /** Production without DATABASE_URL starts an embedded Postgres only when this says so. */
  @Transform(toBool)
  @IsBoolean()
  ALLOW_EMBEDDED_DATABASE = false;

  /**
   * Which proxies' X-Forwarded-For to believe (Express "trust proxy": names such as loopback, uniquelocal, or
   * addresses/CIDRs, comma-separated). Behind a proxy in another container, name its network, or every client
   * shares the proxy's address (and its sign-in limit).
   */
  @IsString()
  TRUST_PROXY = 'loopback';
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
  const env = plainToInstance(Environment, withSecretFiles(stripUnknown(raw), raw), { exposeDefaultValues: true });
  const errors = validateSync(env, { skipMissingProperties: false });
  if (errors.length > 0) {
    const lines = errors.map((e) => {
      const reasons = Object.values(e.constraints ?? {}).join('; ');
      return `  ${e.property}=${JSON.stringify(raw[e.property])}: ${reasons}`;
    });
    throw new EnvironmentError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const problem = crossCheck(env);
  if (problem) throw new EnvironmentError(`Invalid configuration:\n  ${problem}`);
  return env;
}

/** Rules that span variables. */
function crossCheck(env: Environment): string | undefined {
  if (env.NODE_ENV === 'production' && !env.JWT_SECRET) return 'JWT_SECRET: required in production (at least 32 random characters)';
  // An embedded database inside a production container silently loses its data with the container.
  if (env.NODE_ENV === 'production' && !env.DATABASE_URL && !env.ALLOW_EMBEDDED_DATABASE) {
    return 'DATABASE_URL: required in production (or set ALLOW_EMBEDDED_DATABASE=true to run the embedded Postgres)';
  }
  if (env.SHUTDOWN_UNREADY_SECONDS >= env.SHUTDOWN_DRAIN_SECONDS) {
    return 'SHUTDOWN_UNREADY_SECONDS: must be less than SHUTDOWN_DRAIN_SECONDS';
  }
  if (env.FILE_STORAGE === 's3' && !env.S3_BUCKET) return 'S3_BUCKET: required when FILE_STORAGE=s3';
  if (Boolean(env.S3_ACCESS_KEY_ID) !== Boolean(env.S3_SECRET_ACCESS_KEY)) {
    return 'S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY: set both or neither';
  }
  return undefined;
}

const OPTIONAL_KEYS = [
  'DATABASE_URL',
  'JWT_SECRET',
  'ADMIN_EMAIL',
  'ADMIN_PASSWORD',
  'S3_ENDPOINT',
  'S3_ACCESS_KEY_ID',
  'S3_SECRET_ACCESS_KEY',
  'METRICS_TOKEN',
];

/** Secrets that may come from a file named by X_FILE (Docker and Kubernetes secrets) instead of the environment. */
export const SECRET_KEYS = ['DATABASE_URL', 'JWT_SECRET', 'ADMIN_PASSWORD', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY', 'METRICS_TOKEN'];

/** Fills X from the file X_FILE names (one trailing newline dropped); both set at once is an error, not a guess. */
function withSecretFiles(known: Record<string, unknown>, raw: Record<string, unknown>): Record<string, unknown> {
  const filled = { ...known };
  const problems: string[] = [];
  for (const key of SECRET_KEYS) {
    const file = raw[`${key}_FILE`];
    if (typeof file !== 'string' || file === '') continue;
    if (known[key] !== undefined && known[key] !== '') {
      problems.push(`  ${key}_FILE: set either ${key} or ${key}_FILE, not both`);
      continue;
    }
    try {
      filled[key] = readFileSync(file, 'utf8').replace(/\r?\n$/, '');
    } catch (error) {
      problems.push(`  ${key}_FILE=${JSON.stringify(file)}: cannot read it (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
  }
  if (problems.length > 0) throw new EnvironmentError(`Invalid configuration:\n${problems.join('\n')}`);
  return filled;
}

/** Keeps only the variables this service reads, so the rest of the environment never reaches config. */
function stripUnknown(raw: Record<string, unknown>): Record<string, unknown> {
  const known = new Set([...Object.keys(new Environment()), ...OPTIONAL_KEYS]);
  return Object.fromEntries(Object.entries(raw).filter(([key]) => known.has(key)));
}
