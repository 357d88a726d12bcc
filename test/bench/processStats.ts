// Measurements of the current process, and running child processes that report JSON.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

/**
 * Peak resident set size of this process in MB: VmHWM from /proc where there is one (the
 * kernel's high-water mark), else `process.resourceUsage().maxRSS` (KB).
 */
export function peakRssMb(): number {
  try {
    const status = readFileSync('/proc/self/status', 'utf8');
    const hwm = /^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1];
    if (hwm !== undefined) {
      return Number(hwm) / 1024;
    }
  } catch {
    // not Linux: fall through
  }
  return process.resourceUsage().maxRSS / 1024;
}

/** What a finished child process left. */
export interface ChildRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Wall time from spawn to exit, ms. */
  readonly wallMs: number;
}

/** Runs a command to its end, collecting its output. */
export function runChild(
  command: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(command, [...args], {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    const timer = setTimeout(
      () => {
        child.kill('SIGKILL');
      },
      options.timeoutMs ?? 10 * 60_000,
    );
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      const wallMs = performance.now() - t0;
      resolve({
        code,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        wallMs,
      });
    });
  });
}

/** The last line of a child's stdout parsed as JSON; a clear error with its stderr otherwise. */
export function lastJsonLine(run: ChildRun, what: string): unknown {
  const line = run.stdout.trim().split('\n').at(-1) ?? '';
  if (run.code !== 0 || line === '') {
    throw new Error(
      `${what} exited with ${String(run.code)}:\n${run.stderr.slice(-4000)}${run.stdout.slice(-2000)}`,
    );
  }
  try {
    return JSON.parse(line) as unknown;
  } catch {
    throw new Error(`${what} printed no JSON result: ${line.slice(0, 500)}`);
  }
}

/** Where {@link exitStatsPreload} writes, and what it writes there. */
export const exitStatsEnv = 'INFRA_WORKBENCH_BENCH_STATS';

export interface ExitStats {
  readonly peakRssMb: number;
  /** User + system CPU time of the process, ms. */
  readonly cpuMs: number;
}

/**
 * Installed with `node --require` into a process the bench does not own (the CLI): on exit it
 * writes the process's peak RSS and CPU time to the file named by {@link exitStatsEnv}.
 */
export function exitStatsPreload(): void {
  const file = process.env[exitStatsEnv];
  if (file === undefined) {
    return;
  }
  process.on('exit', () => {
    const cpu = process.cpuUsage();
    const stats: ExitStats = { peakRssMb: peakRssMb(), cpuMs: (cpu.user + cpu.system) / 1000 };
    writeFileSync(file, JSON.stringify(stats));
  });
}
