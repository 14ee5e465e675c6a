import { EnvironmentError, validateEnvironment } from './environment';

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
    expect(validateEnvironment({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) }).NODE_ENV).toBe('production');
  });

  it('ignores variables it does not own', () => {
    expect(validateEnvironment({ HOME: '/root', PATH: '/bin' })).not.toHaveProperty('HOME');
  });
});
