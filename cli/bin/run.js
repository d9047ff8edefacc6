#!/usr/bin/env node
// The `mall` staff CLI. In a checkout the commands are TypeScript, compiled by
// tsx as they are imported; the production image holds only the compiled
// JavaScript (npm run build), which Node runs as it is.
import { existsSync } from "node:fs";
import { execute } from "@oclif/core";

if (existsSync(new URL("../src/base-command.ts", import.meta.url))) {
  const { register } = await import("tsx/esm/api");
  register();
}
await execute({ dir: import.meta.url });
