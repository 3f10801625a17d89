import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** `server/main.ts` in a process of its own, as `npm start` runs it. */
export interface ServerProcess {
  proc: ChildProcess;
  /** The server's address once it says it is running; rejects if it exits first. */
  running: Promise<string>;
  /** Its exit code and everything it wrote to stderr, once it has ended. */
  exited: Promise<{ code: number | null; stderr: string }>;
  /** Everything it has written so far, stdout and stderr together. */
  output: () => string;
  /** Sends the signal (SIGTERM unless told) and waits until the process has gone. */
  stop: (signal?: NodeJS.Signals) => Promise<{ code: number | null; stderr: string }>;
}

/**
 * A placeholder build for a server that only answers the API (`<dir>/dist/index.html`), so that a
 * test needs no real build: the directory to pass as `ASHAR_DIST_DIR`.
 */
export function placeholderDist(dir: string): string {
  const distDir = join(dir, 'dist');
  mkdirSync(distDir, { recursive: true });
  writeFileSync(join(distDir, 'index.html'), '<!doctype html><title>test</title>');
  return distDir;
}

/**
 * Starts the real server with `env` over the test's own environment, listening on 127.0.0.1 (on a
 * port of the system's choosing unless `PORT` is given). `imports` are extra modules loaded first
 * (`node --import`), e.g. one that reports what the process loaded.
 */
export function spawnServer(env: Record<string, string>, imports: string[] = []): ServerProcess {
  const proc = spawn(process.execPath, ['--import', 'tsx', ...imports.flatMap((module) => ['--import', module]), 'server/main.ts'], {
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  let stderr = '';
  proc.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  proc.stderr!.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    stderr += chunk.toString();
  });
  const exited = new Promise<{ code: number | null; stderr: string }>((resolve) => proc.once('exit', (code) => resolve({ code, stderr })));
  const running = new Promise<string>((resolve, reject) => {
    proc.stdout!.on('data', () => {
      const port = /is running at http:\/\/[^:]+:(\d+)/.exec(output)?.[1];
      if (port) resolve(`http://127.0.0.1:${port}`);
    });
    void exited.then(({ code }) => reject(new Error(`the server process exited with ${code}: ${output}`)));
  });
  // A test that expects the server to refuse to start waits for `exited` alone.
  running.catch(() => undefined);
  return {
    proc,
    running,
    exited,
    output: () => output,
    stop: async (signal = 'SIGTERM') => {
      if (proc.exitCode === null && proc.signalCode === null) proc.kill(signal);
      return exited;
    },
  };
}
