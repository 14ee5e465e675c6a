import { NestFactory } from '@nestjs/core';
import { Environment, EnvironmentError, validateEnvironment } from './config/environment';

async function bootstrap(): Promise<void> {
  const env = validatedEnvironment();
  // Imported only after validation: the module validates again at import time and would exit with a stack trace.
  // require, not import(), so that the tests can run this very file under ts-node.
  const { AppModule } = require('./app.module') as typeof import('./app.module.js');
  const { configureApp } = require('./configure-app') as typeof import('./configure-app.js');
  const { installGracefulShutdown } = require('./lifecycle/graceful-shutdown') as typeof import('./lifecycle/graceful-shutdown.js');
  const app = configureApp(await NestFactory.create(AppModule, { bufferLogs: true }));
  await app.listen(env.PORT, env.HOST);
  installGracefulShutdown(app, { drainSeconds: env.SHUTDOWN_DRAIN_SECONDS, unreadySeconds: env.SHUTDOWN_UNREADY_SECONDS });
}

/** Configuration errors are for the operator: a plain message naming each variable, then exit 1. */
export function validatedEnvironment(): Environment {
  try {
    return validateEnvironment(process.env);
  } catch (error) {
    if (error instanceof EnvironmentError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}

bootstrap().catch((error: unknown) => {
  process.stderr.write(`Start-up failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
