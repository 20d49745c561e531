// Entry of the bundled Action (dist/index.js). A cancelled workflow sends SIGINT (then
// SIGTERM): forwarded, so the checkpoint trees end with the Action instead of outliving it.
import { forwardSignals } from "../checkpoints/process/signals.ts";
import { run } from "./main.ts";

const forwarding = forwardSignals("cancelled");
try {
  await run({ signal: forwarding.signal });
  await forwarding.ended();
} finally {
  forwarding.stop();
}
