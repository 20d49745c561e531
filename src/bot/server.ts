// `npm run bot`: the dxfix Probot app as a Node HTTP server. Reads APP_ID, PRIVATE_KEY
// (or PRIVATE_KEY_PATH), WEBHOOK_SECRET, PORT (default 3000) and WEBHOOK_PATH.
import { createServer, type Server } from "node:http";
import { createNodeMiddleware, createProbot, type Probot } from "probot";
import { dxfixApp } from "./app.ts";

export const DEFAULT_WEBHOOK_PATH = "/api/github/webhooks";

/** A node:http server routing signed webhooks to the app; `GET /healthz` answers 200. */
export async function createBotServer(
  probot: Probot,
  path = DEFAULT_WEBHOOK_PATH,
): Promise<Server> {
  const middleware = await createNodeMiddleware(dxfixApp, { probot, webhooksPath: path });
  return createServer((req, res) => {
    if (req.method === "GET" && req.url === "/healthz") {
      res.writeHead(200, { "content-type": "text/plain" }).end("ok\n");
      return;
    }
    void middleware(req, res, () => res.writeHead(404).end());
  });
}

function missing(): string[] {
  const need = ["APP_ID", "WEBHOOK_SECRET"].filter((k) => !process.env[k]);
  if (!process.env.PRIVATE_KEY && !process.env.PRIVATE_KEY_PATH) need.push("PRIVATE_KEY");
  return need;
}

async function main(): Promise<void> {
  const need = missing();
  if (need.length > 0) {
    console.error(
      `dxfix bot: missing environment: ${need.join(", ")} (see .env.example and docs/bot.md)`,
    );
    process.exitCode = 1;
    return;
  }
  const probot = createProbot();
  const path = process.env.WEBHOOK_PATH ?? DEFAULT_WEBHOOK_PATH;
  const server = await createBotServer(probot, path);
  const port = Number(process.env.PORT ?? 3000);
  server.listen(port, process.env.HOST, () =>
    probot.log.info(`dxfix bot listening on :${port}${path}`),
  );
  const stop = () => server.close(() => process.exit(0));
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}

if (import.meta.main) await main();
