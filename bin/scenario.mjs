#!/usr/bin/env node
// The `scenario` CLI: registers tsx so the TypeScript sources run as they are, then hands
// over to cli/main.ts. Keeping the entry in plain JS lets `npx scenario` work from a clean
// `npm ci` with no build step.
import { register } from "tsx/esm/api";

register();
const { main } = await import("../cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
