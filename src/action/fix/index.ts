// Entry of the bundled fix action (dist/fix.js).
import { run } from "./main.ts";

await run();
