/**
 * `node bin/run-ts.mjs bench/browser-submission.ts [--students N] [--districts K] [--year YYYY]
 *   [--rounds R] [--dir DIR] [--keep]`
 *
 * A browser submission against `collab ingest` of the same files (issue #18): generates a
 * network of one school year (`collab synth`), takes its largest district's year, then in each
 * round (alternating which goes first) loads it
 * - with `collab ingest <folder>` into a fresh warehouse, under `/usr/bin/time -v`;
 * - with `collab serve` (a fresh warehouse and workspace, under `/usr/bin/time -v`) and one
 *   streamed HTTP multipart upload of the folder's files, timed from the first byte sent until
 *   the job reads `accepted` (polled every 100 ms, as the page polls it).
 * Prints wall seconds, the ratio, and the peak resident memory of each process (the server's
 * over its whole life: start, upload, validation, load). Default 100,000 students in 2
 * districts; the scale is `--students 1200000 --districts 2` (the largest district about
 * 600,000 students). Never asserts on time.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import {
  createReadStream,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from "node:fs";
import { request } from "node:http";
import { join, resolve } from "node:path";
import { PassThrough, type Readable } from "node:stream";
import { createAccount } from "../src/accounts/create-account.ts";
import { openWorkspace } from "../src/workspace/open-workspace.ts";
import { UserRepository } from "../src/workspace/user-repository.ts";

const args = process.argv.slice(2);
function option(name: string, fallback: string): string {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? fallback : (args[i + 1] ?? fallback);
}
if (args.includes("--help")) {
  console.log(
    "bench/browser-submission.ts [--students 100000] [--districts 2] [--year 2025] [--rounds 1] [--dir bench-out/browser-submission] [--keep]",
  );
  process.exit(0);
}
const students = option("students", "100000");
const districts = option("districts", "2");
const year = option("year", "2025");
const rounds = Number(option("rounds", "1"));
const dir = resolve(option("dir", "bench-out/browser-submission"));
const keep = args.includes("--keep");
const PASSWORD = "bench submission passphrase";
const TIME = existsSync("/usr/bin/time") ? "/usr/bin/time" : null;

/** Peak RSS (MiB) and CPU seconds from `/usr/bin/time -v`'s report. */
function timeFigures(stderr: string): { peakMiB: number; cpuSeconds: number } {
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr);
  const user = /User time \(seconds\): ([\d.]+)/.exec(stderr);
  const system = /System time \(seconds\): ([\d.]+)/.exec(stderr);
  return {
    peakMiB: rss ? Number(rss[1]) / 1024 : Number.NaN,
    cpuSeconds: user && system ? Number(user[1]) + Number(system[1]) : Number.NaN,
  };
}

function collabArgv(collabArgs: string[]): [string, string[]] {
  return TIME
    ? [TIME, ["-v", process.execPath, "bin/collab.mjs", ...collabArgs]]
    : [process.execPath, ["bin/collab.mjs", ...collabArgs]];
}

interface Figure {
  how: string;
  seconds: number;
  cpuSeconds: number;
  peakMiB: number;
}

function ingest(folder: string, db: string): Figure {
  const [command, argv] = collabArgv(["ingest", folder, "--db", db]);
  const started = performance.now();
  const result = spawnSync(command, argv, {
    stdio: ["ignore", "ignore", "pipe"],
    encoding: "utf8",
  });
  const seconds = (performance.now() - started) / 1000;
  if (result.status !== 0) throw new Error(`collab ingest failed:\n${result.stderr}`);
  return { how: "collab ingest", seconds, ...timeFigures(result.stderr) };
}

/**
 * Starts `collab serve` (node itself, so its /proc entry is the server's) on a free port;
 * resolves with it and its address.
 */
function serve(db: string, workspace: string): Promise<{ child: ChildProcess; baseUrl: string }> {
  const child = spawn(
    process.execPath,
    [
      "bin/collab.mjs",
      "serve",
      "--db",
      db,
      "--workspace",
      workspace,
      "--port",
      "0",
      "--no-build-web",
      "--web",
      join(dir, "no-web"),
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  let err = "";
  return new Promise((resolvePromise, reject) => {
    child.stderr!.on("data", (chunk: Buffer) => {
      err += chunk.toString();
      const match = /collab serve: (http:\/\/\S+)/.exec(err);
      if (match) resolvePromise({ child, baseUrl: match[1]! });
    });
    child.on("exit", (code) => {
      if (!/collab serve: http/.test(err))
        reject(new Error(`collab serve exited with ${code}:\n${err}`));
    });
  });
}

/** A live process's peak resident memory (VmHWM, MiB) and CPU seconds (utime + stime). */
function procFigures(pid: number): { peakMiB: number; cpuSeconds: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const hwm = /VmHWM:\s+(\d+) kB/.exec(status);
  // fields after the command's closing parenthesis: utime and stime are the 12th and 13th
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const ticks = Number(fields[11]) + Number(fields[12]);
  const hz = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout.trim()) || 100;
  return { peakMiB: hwm ? Number(hwm[1]) / 1024 : Number.NaN, cpuSeconds: ticks / hz };
}

/** The multipart body of `files` as a stream (files read as they are sent), and its length. */
function multipartStream(files: readonly string[]): {
  body: Readable;
  length: number;
  type: string;
} {
  const boundary = "----collab-bench-7c2e";
  const heads = files.map(
    (f) =>
      `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="${f.split("/").at(-1)}"\r\nContent-Type: text/csv\r\n\r\n`,
  );
  const tail = `--${boundary}--\r\n`;
  const length =
    heads.reduce((a, h) => a + Buffer.byteLength(h) + 2, 0) +
    files.reduce((a, f) => a + statSync(f).size, 0) +
    Buffer.byteLength(tail);
  const body = new PassThrough();
  void (async () => {
    for (const [i, f] of files.entries()) {
      body.write(heads[i]!);
      for await (const chunk of createReadStream(f, { highWaterMark: 1 << 20 })) {
        if (!body.write(chunk)) await new Promise((r) => body.once("drain", r));
      }
      body.write("\r\n");
    }
    body.end(tail);
  })();
  return { body, length, type: `multipart/form-data; boundary=${boundary}` };
}

async function browserUpload(folder: string, district: string, round: number): Promise<Figure> {
  const db = join(dir, `serve-${round}.duckdb`);
  const workspace = join(dir, `workspace-${round}`);
  const ws = await openWorkspace({ dataDir: workspace });
  await createAccount(new UserRepository(ws.db), {
    email: "lead@bench.example",
    displayName: "Bench Lead",
    password: PASSWORD,
    role: "district_admin",
    districtCode: district,
    schoolCode: null,
  });
  await ws.close();
  const server = await serve(db, workspace);
  try {
    const login = await fetch(`${server.baseUrl}/api/auth/login`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: "lead@bench.example", password: PASSWORD }),
    });
    if (!login.ok) throw new Error(`sign-in failed: ${login.status} ${await login.text()}`);
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(";")[0])
      .join("; ");
    const { csrfToken } = (await login.json()) as { csrfToken: string };
    const files = readdirSync(folder)
      .sort()
      .map((f) => join(folder, f));
    const { body, length, type } = multipartStream(files);
    const started = performance.now();
    const url = new URL(`${server.baseUrl}/api/districts/${district}/years/${year}/submissions`);
    const answer = await new Promise<{ status: number; text: string }>((res, rej) => {
      const req = request(
        url,
        {
          method: "POST",
          headers: {
            cookie,
            "x-csrf-token": csrfToken,
            "content-type": type,
            "content-length": length,
          },
        },
        (response) => {
          let text = "";
          response.on("data", (c: Buffer) => {
            text += c.toString();
          });
          response.on("end", () => res({ status: response.statusCode ?? 0, text }));
        },
      );
      req.on("error", rej);
      body.pipe(req);
    });
    const uploaded = (performance.now() - started) / 1000;
    if (answer.status !== 202) throw new Error(`upload answered ${answer.status}: ${answer.text}`);
    const id = (JSON.parse(answer.text) as { id: string }).id;
    let status = "queued";
    let message = "";
    while (status === "queued" || status === "validating") {
      await new Promise((r) => setTimeout(r, 100));
      const res = await fetch(`${server.baseUrl}/api/submissions/${id}`, { headers: { cookie } });
      const job = (await res.json()) as { status: string; message: string };
      status = job.status;
      message = job.message;
    }
    const seconds = (performance.now() - started) / 1000;
    if (status !== "accepted") throw new Error(`the browser submission was ${status}: ${message}`);
    process.stderr.write(
      `upload sent in ${uploaded.toFixed(1)} s; accepted after ${seconds.toFixed(1)} s\n`,
    );
    // the server's whole life: start, upload, validation and load
    const figures = procFigures(server.child.pid!);
    const exited = new Promise((r) => server.child.once("exit", r));
    server.child.kill("SIGTERM");
    await exited;
    return { how: "browser upload", seconds, ...figures };
  } catch (error) {
    server.child.kill("SIGKILL");
    throw error;
  }
}

mkdirSync(dir, { recursive: true });
const network = join(dir, "network");
rmSync(network, { recursive: true, force: true });
process.stderr.write(`synth: ${students} students, ${districts} districts, ${year}\n`);
const synth = spawnSync(
  process.execPath,
  [
    "bin/collab.mjs",
    "synth",
    "--out",
    network,
    "--students",
    students,
    "--districts",
    districts,
    "--years",
    year,
  ],
  { stdio: ["ignore", "ignore", "inherit"] },
);
if (synth.status !== 0) throw new Error("collab synth failed");
const byDistrict = readdirSync(join(network, "districts")).map((code) => {
  const folder = join(network, "districts", code, year);
  const bytes = readdirSync(folder).reduce((a, f) => a + statSync(join(folder, f)).size, 0);
  return { code, folder, bytes };
});
const largest = byDistrict.sort((a, b) => b.bytes - a.bytes)[0]!;
const students_ = spawnSync("wc", ["-l", join(largest.folder, "students.csv")], {
  encoding: "utf8",
});
process.stderr.write(
  `largest district ${largest.code}: ${(largest.bytes / 1024 ** 2).toFixed(0)} MiB, ${Number(students_.stdout.trim().split(" ")[0]) - 1} students\n`,
);

const figures: Figure[] = [];
for (let round = 0; round < rounds; round++) {
  const ingestDb = join(dir, `ingest-${round}.duckdb`);
  const pair =
    round % 2 === 0
      ? [
          () => ingest(largest.folder, ingestDb),
          () => browserUpload(largest.folder, largest.code, round),
        ]
      : [
          () => browserUpload(largest.folder, largest.code, round),
          () => ingest(largest.folder, ingestDb),
        ];
  for (const run of pair) figures.push(await run());
}

console.log(
  `\nbrowser submission: ${students} students, ${districts} districts, ${year}; district ${largest.code}, ${(largest.bytes / 1024 ** 2).toFixed(0)} MiB`,
);
console.log("how                 seconds    CPU s   peak MiB");
for (const f of figures)
  console.log(
    `${f.how.padEnd(18)} ${f.seconds.toFixed(1).padStart(8)} ${f.cpuSeconds.toFixed(1).padStart(8)} ${f.peakMiB.toFixed(0).padStart(10)}`,
  );
const mean = (how: string) => {
  const xs = figures.filter((f) => f.how === how).map((f) => f.seconds);
  return xs.reduce((a, b) => a + b, 0) / xs.length;
};
console.log(
  `ratio browser / ingest: ${(mean("browser upload") / mean("collab ingest")).toFixed(2)}`,
);
if (!keep) rmSync(dir, { recursive: true, force: true });
