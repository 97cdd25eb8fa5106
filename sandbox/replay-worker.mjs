// Worker-thread entry in plain JS: registers tsx in this thread (loader hooks are
// per thread), then runs the TypeScript worker. Lets replay use every core with no build.
import { register } from "tsx/esm/api";

register();
await import("./replay-worker.ts");
