import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { Environment, EnvironmentError, validateEnvironment } from './config/environment';
import { configureApp } from './configure-app';

async function bootstrap(): Promise<void> {
  let env: Environment;
  try {
    env = validateEnvironment(process.env);
  } catch (error) {
    // Configuration errors are for the operator: a plain message, no stack trace.
    if (error instanceof EnvironmentError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const app = configureApp(await NestFactory.create(AppModule, { bufferLogs: true }));
  await app.listen(env.PORT, env.HOST);
  app.getHttpServer().setTimeout?.(120_000);
}

bootstrap().catch((error: unknown) => {
  process.stderr.write(`Start-up failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
