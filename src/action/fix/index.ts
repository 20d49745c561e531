// Entry of the bundled fix action (dist/fix.js). A cancelled workflow's SIGINT/SIGTERM
// ends the fixer's and the checkpoints' process trees with the action, not after it.
import { forwardSignals } from "../../checkpoints/process/signals.ts";
import { run } from "./main.ts";

const forwarding = forwardSignals("cancelled");
try {
  await run();
  await forwarding.ended();
} finally {
  forwarding.stop();
}
