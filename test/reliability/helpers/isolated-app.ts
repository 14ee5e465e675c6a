import { INestApplication } from '@nestjs/common';

export interface IsolatedApp {
  app: INestApplication;
  /** An access token for a new user of this role, created through the app's own services. */
  userToken(role: 'admin' | 'reviewer'): Promise<{ id: string; token: string }>;
}

/**
 * Boots AppModule against another database and runs `work` with it. ConfigModule validates the environment
 * when it is first imported, so the app is built from a fresh module registry with the variables set for
 * that import. `work` runs inside the isolated registry too, because some libraries require() lazily
 * (terminus resolves the DataSource token per health check) and must see the same module instances.
 */
export async function withIsolatedApp(env: Record<string, string>, work: (isolated: IsolatedApp) => Promise<void>): Promise<void> {
  const saved = Object.fromEntries(Object.keys(env).map((key) => [key, process.env[key]]));
  Object.assign(process.env, env);
  let restored = false;
  const restoreEnv = () => {
    if (restored) return;
    restored = true;
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
  try {
    await jest.isolateModulesAsync(async () => {
      const { Test } = require('@nestjs/testing') as typeof import('@nestjs/testing');
      const { AppModule } = require('../../../src/app.module') as typeof import('../../../src/app.module');
      const { configureApp } = require('../../../src/configure-app') as typeof import('../../../src/configure-app');
      const { UsersService } = require('../../../src/users/users.service') as typeof import('../../../src/users/users.service');
      const { TokensService } = require('../../../src/auth/tokens.service') as typeof import('../../../src/auth/tokens.service');
      const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
      const app = configureApp(moduleRef.createNestApplication({ bufferLogs: true }));
      await app.init();
      restoreEnv();
      let n = 0;
      const isolated: IsolatedApp = {
        app,
        userToken: async (role) => {
          const user = await app.get(UsersService).create(
            { email: `${role}-${Date.now()}-${n++}@example.org`, name: `Isolated ${role}`, role, password: 'correct horse battery staple' },
            null,
          );
          return { id: user.id, token: await app.get(TokensService).issueAccessToken(user.id, 0) };
        },
      };
      try {
        await work(isolated);
      } finally {
        await app.close();
      }
    });
  } finally {
    restoreEnv();
  }
}
