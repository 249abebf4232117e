#!/usr/bin/env node
// Entry point for `npx collab`: loads the TypeScript CLI through tsx, so no build step is needed.
import { register } from "tsx/esm/api";

register();
process.env.TZ ??= "UTC";
await import("../src/cli/main.ts");
