/** True for errors that mean "Postgres cannot be reached right now", as opposed to a bad query. */
export function isDatabaseUnavailable(error: unknown): boolean {
  // Not `instanceof Error`: socket errors may come from another realm (Node internals under a test sandbox).
  if (typeof error !== 'object' || error === null) return false;
  // TypeORM releases a transaction's query runner when its connection dies; the transaction's next query or COMMIT then fails so.
  const name = (error as { name?: unknown }).name;
  if (name === 'QueryRunnerProviderAlreadyReleasedError' || name === 'QueryRunnerAlreadyReleasedError') return true;
  const code = (error as { code?: string }).code ?? (error as { driverError?: { code?: string } }).driverError?.code;
  if (code && ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', '57P01', '57P02', '57P03', '08006', '08001', '08003'].includes(code)) {
    return true;
  }
  return /Connection terminated|timeout exceeded when trying to connect|Connection ended|Query read timeout/i.test(String((error as { message?: unknown }).message));
}
