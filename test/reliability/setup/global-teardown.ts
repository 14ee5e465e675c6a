import globalTeardown from '../../setup/global-teardown';

export default async function reliabilityGlobalTeardown(): Promise<void> {
  await globalTeardown();
  const holder = globalThis as { reliabilityPostgres?: { stop(): Promise<void> } };
  await holder.reliabilityPostgres?.stop();
}
