// AWS Lambda (API Gateway / function URL) handler: verifies the signature and runs the app.
// Never throws: a bad signature or payload is a 400, a failure in the app a 500.
import { createProbot, type Probot } from "probot";
import { messageOf } from "../errors.ts";
import { dxfixApp } from "./app.ts";

export interface LambdaEvent {
  headers: Record<string, string | undefined>;
  body: string | null;
  isBase64Encoded?: boolean;
}

export interface LambdaResult {
  statusCode: number;
  body: string;
}

let shared: Promise<Probot> | null = null;

async function defaultProbot(): Promise<Probot> {
  // Without a secret Probot would verify against its development default, which anyone
  // can sign with: refuse to serve rather than accept forged deliveries.
  const missing = ["APP_ID", "WEBHOOK_SECRET"].filter((k) => !process.env[k]);
  if (!process.env.PRIVATE_KEY && !process.env.PRIVATE_KEY_PATH) missing.push("PRIVATE_KEY");
  if (missing.length > 0) throw new Error(`dxfix is not configured: set ${missing.join(", ")}`);
  const probot = createProbot();
  await probot.load(dxfixApp);
  return probot;
}

/** One Probot per warm instance, built on first use. */
function sharedProbot(): Promise<Probot> {
  shared ??= defaultProbot();
  return shared;
}

/** A handler bound to a given Probot (tests), or to one built from the environment. */
export function createLambdaHandler(probotOrNull: Probot | null = null) {
  return async (event: LambdaEvent): Promise<LambdaResult> => {
    const headers = Object.fromEntries(
      Object.entries(event.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v ?? ""]),
    );
    const id = headers["x-github-delivery"];
    const name = headers["x-github-event"];
    const signature = headers["x-hub-signature-256"];
    if (!id || !name || !signature || !event.body) {
      return { statusCode: 400, body: JSON.stringify({ error: "not a signed GitHub webhook" }) };
    }
    const payload = event.isBase64Encoded
      ? Buffer.from(event.body, "base64").toString("utf8")
      : event.body;
    let probot: Probot;
    try {
      probot = probotOrNull ?? (await sharedProbot());
    } catch (error) {
      shared = null; // configuration may be fixed without a cold start
      return { statusCode: 500, body: JSON.stringify({ error: messageOf(error) }) };
    }
    try {
      type Delivery = Parameters<Probot["webhooks"]["verifyAndReceive"]>[0];
      await probot.webhooks.verifyAndReceive({ id, name, signature, payload } as Delivery);
      return { statusCode: 200, body: JSON.stringify({ ok: true }) };
    } catch (error) {
      const message = messageOf(error);
      const bad = /signature|JSON|Unexpected token/i.test(message);
      if (!bad) probot.log.error({ err: error }, "webhook handler failed");
      return {
        statusCode: bad ? 400 : 500,
        body: JSON.stringify({ error: bad ? "signature or payload rejected" : "handler failed" }),
      };
    }
  };
}

export const handler = createLambdaHandler();
