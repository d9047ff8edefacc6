#!/usr/bin/env node
// The `mall` staff CLI. There is no build step: tsx compiles the TypeScript
// commands (and the server code they call) as they are imported.
import { register } from "tsx/esm/api";
import { execute } from "@oclif/core";

register();
await execute({ dir: import.meta.url });
