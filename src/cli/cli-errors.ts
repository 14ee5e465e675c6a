import { ApiError } from '../common/errors/api-error';
import { CliInputError } from './cli-actor';
import { EXIT } from './exit-codes';

/**
 * Prints an expected failure for scripts (the message, then one line per field or row problem) and sets
 * the exit code. Returns false for anything unexpected, which the caller rethrows.
 */
export function reportCliError(error: unknown): boolean {
  if (error instanceof CliInputError) {
    console.error(error.message);
    process.exitCode = EXIT.invalidInput;
    return true;
  }
  if (!(error instanceof ApiError)) return false;
  console.error(error.message);
  for (const problem of error.extra.errors ?? []) console.error(`${problem.field}: ${problem.messages.join('; ')}`);
  process.exitCode = error.getStatus() === 409 ? EXIT.conflict : EXIT.invalidInput;
  return true;
}
