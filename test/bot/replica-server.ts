// One bot replica for replicas.test.ts: the production server (src/bot/server.ts's
// createBotServer, configured from the same environment) with octokit's throttling and
// retries off, as in every bot test, so a delivery is answered when its handler is done
// rather than after the throttler's one-second spacing of writes.
import { createProbot, ProbotOctokit } from "probot";
import { createBotServer } from "../../src/bot/server.ts";

const Octokit = ProbotOctokit.defaults((options: Record<string, unknown>) => ({
  ...options,
  retry: { enabled: false },
  throttle: { enabled: false },
}));
const probot = createProbot({ overrides: { Octokit } });
const server = await createBotServer(probot);
server.listen(Number(process.env.PORT), "127.0.0.1");
process.on("SIGTERM", () => server.close(() => process.exit(0)));
