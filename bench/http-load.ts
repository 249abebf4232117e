/**
 * The HTTP benches' shared plumbing: command-line options, a server in a child process (so the
 * load generator's own work does not share its event loop), autocannon round-robin over a list of
 * paths, percentiles and the machine's load average. Never asserts on time.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { loadavg } from "node:os";
import { createInterface } from "node:readline";

/** `--name value` from `args`, else `fallback`. */
export function benchOption(args: readonly string[], name: string, fallback: string): string {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? fallback : (args[i + 1] ?? fallback);
}

/** The `p`th percentile of ascending `xs` (nearest rank). */
export function percentile(xs: readonly number[], p: number): number {
  return xs[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] ?? Number.NaN;
}

/** `load average 1.00 2.00 3.00` (1, 5 and 15 minutes). */
export function loadAverage(): string {
  return `load average ${loadavg()
    .map((x) => x.toFixed(2))
    .join(" ")}`;
}

/** A server child started by {@link startChild}: its first matching output line, and stop. */
export interface Child<T> {
  readonly ready: T;
  stop(): Promise<void>;
}

/**
 * Spawns `node argv…` and resolves with `parse` of the first line of its stdout (or stderr, with
 * `from: "stderr"`) for which `parse` returns a value; rejects when the child exits first. `stop`
 * ends its stdin (children that wait on it) or sends SIGTERM (`stopWith: "signal"`).
 */
export async function startChild<T>(
  argv: readonly string[],
  parse: (line: string) => T | undefined,
  options: {
    from?: "stdout" | "stderr";
    stopWith?: "stdin" | "signal";
    env?: NodeJS.ProcessEnv;
  } = {},
): Promise<Child<T>> {
  const from = options.from ?? "stdout";
  const child: ChildProcess = spawn(process.execPath, [...argv], {
    stdio: ["pipe", from === "stdout" ? "pipe" : "inherit", from === "stderr" ? "pipe" : "inherit"],
    env: options.env ?? process.env,
  });
  const stream = from === "stdout" ? child.stdout! : child.stderr!;
  const lines = createInterface({ input: stream });
  const ready = await new Promise<T>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`server exited with ${code}`)));
    lines.on("line", (line) => {
      if (from === "stderr") process.stderr.write(`${line}\n`);
      const parsed = parse(line);
      if (parsed !== undefined) resolve(parsed);
    });
  });
  return {
    ready,
    stop: () =>
      new Promise<void>((resolve) => {
        child.removeAllListeners("exit");
        child.once("exit", () => resolve());
        if (options.stopWith === "signal") child.kill("SIGTERM");
        else child.stdin!.end();
      }),
  };
}

/** Latency percentiles and throughput of one autocannon run. */
export interface LoadFigures {
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
  readonly requestsPerSecond: number;
  readonly responses: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly loadBefore: string;
  readonly loadAfter: string;
}

interface Result {
  latency: Record<string, number>;
  requests: { average: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
type Instance = Promise<Result> & {
  on(event: "response", f: (c: unknown, status: number, bytes: number, ms: number) => void): void;
};

/**
 * autocannon at `connections` for `seconds` against `address`, cycling through `paths`, with
 * `headers` on every request (a session cookie).
 */
export async function hammer(
  address: string,
  paths: readonly string[],
  load: { connections: number; seconds: number; headers?: Record<string, string> },
): Promise<LoadFigures> {
  // autocannon ships no types.
  const autocannon = (
    (await import("autocannon" as string)) as { default: (o: object) => Instance }
  ).default;
  let i = 0;
  const times: number[] = [];
  const loadBefore = loadAverage();
  const running = autocannon({
    url: address,
    connections: load.connections,
    duration: load.seconds,
    headers: load.headers ?? {},
    requests: [
      {
        setupRequest: (req: Record<string, unknown>) => ({
          ...req,
          path: paths[i++ % paths.length],
        }),
      },
    ],
  });
  running.on("response", (_c, _status, _bytes, ms) => times.push(ms));
  const result = await running;
  times.sort((a, b) => a - b);
  return {
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    p99: percentile(times, 99),
    max: result.latency.max ?? Number.NaN,
    requestsPerSecond: result.requests.average,
    responses: times.length,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    loadBefore,
    loadAfter: loadAverage(),
  };
}

/** One line: `p50 … ms, p95 …, p99 …, max …; req/s; responses, non-2xx, errors; load averages`. */
export function describeLoad(f: LoadFigures): string {
  return (
    `p50 ${f.p50.toFixed(1)} ms, p95 ${f.p95.toFixed(1)} ms, p99 ${f.p99.toFixed(1)} ms, max ${f.max} ms; ` +
    `${f.requestsPerSecond.toFixed(0)} req/s; ${f.responses} responses, non-2xx ${f.non2xx}, errors ${f.errors}, timeouts ${f.timeouts}; ` +
    `${f.loadBefore} before, ${f.loadAfter} after`
  );
}
