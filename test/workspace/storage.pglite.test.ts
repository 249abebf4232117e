import { openWorkspace } from "../../src/workspace/open-workspace.ts";
import { describeStorageSuite } from "./storage-suite.ts";

describeStorageSuite("PGlite (in memory)", () =>
  openWorkspace({ dataDir: ":memory:" }, { migrate: false }),
);
