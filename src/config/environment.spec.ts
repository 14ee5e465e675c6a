import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EnvironmentError, validateEnvironment } from './environment';

const PRODUCTION = { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) };

describe('validateEnvironment', () => {
  it('applies defaults', () => {
    const env = validateEnvironment({});
    expect(env).toMatchObject({ PORT: 3000, NODE_ENV: 'development', EMBEDDED_PG_PORT: 0, LOAD_CATALOGUE_ON_START: true });
    expect(env.DATABASE_URL).toBeUndefined();
  });

  it('names each bad variable in the message', () => {
    expect(() => validateEnvironment({ PORT: 'eighty', DATABASE_URL: 'mysql://x' })).toThrow(EnvironmentError);
    try {
      validateEnvironment({ PORT: 'eighty', DATABASE_URL: 'mysql://x' });
    } catch (error) {
      expect((error as Error).message).toContain('PORT="eighty"');
      expect((error as Error).message).toContain('DATABASE_URL="mysql://x": DATABASE_URL must be a postgres:// connection URL');
    }
  });

  it('stops a production start without a strong JWT secret', () => {
    expect(() => validateEnvironment({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET: required in production/);
    expect(() => validateEnvironment({ NODE_ENV: 'production', JWT_SECRET: 'short' })).toThrow(
      /JWT_SECRET must be at least 32 characters/,
    );
    expect(validateEnvironment({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40), DATABASE_URL: 'postgres://db/x' }).NODE_ENV).toBe('production');
  });

  it('ignores variables it does not own', () => {
    expect(validateEnvironment({ HOME: '/root', PATH: '/bin' })).not.toHaveProperty('HOME');
  });

  it('stops a production start without DATABASE_URL, unless the embedded database is asked for', () => {
    expect(() => validateEnvironment(PRODUCTION)).toThrow(/DATABASE_URL: required in production \(or set ALLOW_EMBEDDED_DATABASE=true/);
    expect(validateEnvironment({ ...PRODUCTION, ALLOW_EMBEDDED_DATABASE: 'true' }).DATABASE_URL).toBeUndefined();
    expect(validateEnvironment({}).ALLOW_EMBEDDED_DATABASE).toBe(false);
  });

  it('reads secrets from the files that X_FILE variables name (Docker secrets), never both', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cnt-secrets-'));
    writeFileSync(join(dir, 'jwt'), `${'s'.repeat(40)}\n`);
    writeFileSync(join(dir, 'db'), 'postgres://app:p%40ss@db:5432/cnt');
    const env = validateEnvironment({ NODE_ENV: 'production', JWT_SECRET_FILE: join(dir, 'jwt'), DATABASE_URL_FILE: join(dir, 'db') });
    expect(env.JWT_SECRET).toBe('s'.repeat(40));
    expect(env.DATABASE_URL).toBe('postgres://app:p%40ss@db:5432/cnt');
    expect(() => validateEnvironment({ JWT_SECRET: 'y'.repeat(40), JWT_SECRET_FILE: join(dir, 'jwt') })).toThrow(
      /JWT_SECRET_FILE: set either JWT_SECRET or JWT_SECRET_FILE, not both/,
    );
    expect(() => validateEnvironment({ METRICS_TOKEN_FILE: join(dir, 'nowhere') })).toThrow(/METRICS_TOKEN_FILE=".*nowhere": cannot read it \(ENOENT\)/);
    // A secret read from a file is validated like any other value.
    writeFileSync(join(dir, 'short'), 'short');
    expect(() => validateEnvironment({ JWT_SECRET_FILE: join(dir, 'short') })).toThrow(/JWT_SECRET must be at least 32 characters/);
  });

  it('needs a bucket for S3 storage, and both halves of its credentials or neither', () => {
    expect(() => validateEnvironment({ FILE_STORAGE: 's3' })).toThrow(/S3_BUCKET: required when FILE_STORAGE=s3/);
    expect(() => validateEnvironment({ FILE_STORAGE: 's3', S3_BUCKET: 'b', S3_ACCESS_KEY_ID: 'k' })).toThrow(/set both or neither/);
    expect(() => validateEnvironment({ FILE_STORAGE: 'nfs' })).toThrow(/FILE_STORAGE="nfs"/);
    expect(validateEnvironment({ FILE_STORAGE: 's3', S3_BUCKET: 'b', S3_FORCE_PATH_STYLE: 'true' })).toMatchObject({ S3_FORCE_PATH_STYLE: true, S3_REGION: 'us-east-1' });
  });
});
