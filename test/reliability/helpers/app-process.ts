import { ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';

export interface AppProcess {
  url: string;
  /** Everything it printed so far (JSON log lines). */
  output(): string;
  signal(name: NodeJS.Signals): void;
  exited: Promise<number | null>;
}

const TS_NODE = ['-r', 'ts-node/register/transpile-only'];

/** A free port on loopback (there is a small window before the app takes it; fine for tests). */
export async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  // The child is configured by `env` alone, on top of the machine's basics (PATH, HOME).
  const base = Object.fromEntries(Object.entries(process.env).filter(([key]) => ['PATH', 'HOME', 'TMPDIR', 'LANG'].includes(key)));
  return { ...base, TS_NODE_PROJECT: 'tsconfig.json', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env };
}

/** Runs src/main.ts exactly as production boots it (under ts-node), listening on a free loopback port. */
export async function startAppProcess(env: Record<string, string>): Promise<AppProcess> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [...TS_NODE, 'src/main.ts'], {
    env: childEnv({ ...env, PORT: String(port), HOST: '127.0.0.1' }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (data) => (output += String(data)));
  child.stderr!.on('data', (data) => (output += String(data)));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { url: `http://127.0.0.1:${port}`, output: () => output, signal: (name) => child.kill(name), exited };
}

/** Runs a CLI command (src/cli/main.ts under ts-node) to its end. */
export function runCli(args: string[], env: Record<string, string>): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [...TS_NODE, 'src/cli/main.ts', ...args], { env: childEnv(env), timeout: 300_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, output: `${stdout}${stderr}` }),
    );
  });
}

/** Polls until `url` answers 200, or fails with what the process printed. */
export async function waitUntilReady(app: AppProcess, timeoutMs = 240_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | null | undefined;
  void app.exited.then((code) => (exitCode = code));
  while (Date.now() < deadline) {
    if (exitCode !== undefined) throw new Error(`the app exited (${exitCode}) before it was ready:\n${app.output()}`);
    const status = await fetch(`${app.url}/health/ready`).then((r) => r.status, () => 0);
    if (status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`the app was not ready within ${timeoutMs} ms:\n${app.output()}`);
}
