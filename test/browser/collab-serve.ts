import { type ChildProcess, spawn } from "node:child_process";

/** Starts `collab serve` on a free port and resolves with its address once it listens. */
export function serve(
  db: string,
  workspace: string,
): Promise<{ child: ChildProcess; baseUrl: string }> {
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
      "--host",
      "127.0.0.1",
      "--web",
      "web/dist",
    ],
    { stdio: ["ignore", "inherit", "pipe"] },
  );
  return new Promise((resolve, reject) => {
    let err = "";
    const timer = setTimeout(
      () => reject(new Error(`collab serve did not start in 60 s:\n${err}`)),
      60_000,
    );
    child.stderr!.on("data", (chunk: Buffer) => {
      err += chunk.toString();
      const match = /collab serve: (http:\/\/\S+)/.exec(err);
      if (match) {
        clearTimeout(timer);
        resolve({ child, baseUrl: match[1]! });
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`collab serve exited with ${code}:\n${err}`));
    });
  });
}
