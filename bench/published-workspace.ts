import { openWorkspace, type Workspace } from "../src/workspace/open-workspace.ts";
import { PublishedRunRepository } from "../src/workspace/published-run-repository.ts";
import { UserRepository } from "../src/workspace/user-repository.ts";

/**
 * The HTTP benches' workspace: in memory, with one hub account (no usable password) that has
 * published `run`, so that the public reads it as a published run.
 */
export async function workspacePublishing(run: {
  readonly run_id: string;
  readonly year: number;
}): Promise<Workspace> {
  const workspace = await openWorkspace({ dataDir: ":memory:" });
  const hub = await new UserRepository(workspace.db).create({
    email: "bench@example.org",
    displayName: "bench",
    passwordHash:
      "scrypt$1024$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    role: "hub_admin",
  });
  await new PublishedRunRepository(workspace.db).publish({
    runId: run.run_id,
    year: run.year,
    by: hub.id,
  });
  return workspace;
}
