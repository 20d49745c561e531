// AWS Lambda (API Gateway / function URL) handler: verifies the signature and runs the app.
// Never throws. Only what the sender got wrong is a 4xx: a missing or bad signature or a
// payload that is not JSON 400, one over GitHub's 25 MB cap 413. Anything failing in the
// app is a 500 (GitHub shows it as a failed delivery to redeliver), never blamed on the
// signature: the handler's errors used to be matched by words such as "JSON".
import { createProbot, type Probot } from "probot";
import { messageOf } from "../errors.ts";
import { dxfixApp } from "./app.ts";
import { withRequestTimeout } from "./octokit.ts";
import { MAX_WEBHOOK_BYTES } from "./server.ts";

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
  const probot = createProbot({ overrides: { Octokit: withRequestTimeout() } });
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
      return answer(400, { error: "not a signed GitHub webhook" });
    }
    const bytes = Buffer.from(event.body, event.isBase64Encoded ? "base64" : "utf8");
    if (bytes.length > MAX_WEBHOOK_BYTES) {
      return answer(413, { error: `payload over ${MAX_WEBHOOK_BYTES} bytes` });
    }
    let probot: Probot;
    try {
      probot = probotOrNull ?? (await sharedProbot());
    } catch (error) {
      shared = null; // configuration may be fixed without a cold start
      return answer(500, { error: messageOf(error) });
    }
    return deliver(probot, { id, name, signature, payload: bytes.toString("utf8") });
  };
}

function answer(statusCode: number, body: object): LambdaResult {
  return { statusCode, body: JSON.stringify(body) };
}

/** Verify, parse, then run the app: each step's failure answered as what it is. */
async function deliver(
  probot: Probot,
  d: { id: string; name: string; signature: string; payload: string },
): Promise<LambdaResult> {
  if (!(await probot.webhooks.verify(d.payload, d.signature))) {
    probot.log.warn(`webhook ${d.id} (${d.name}) refused: bad signature`);
    return answer(400, { error: "signature does not match" });
  }
  let payload: unknown;
  try {
    payload = JSON.parse(d.payload);
  } catch {
    return answer(400, { error: "payload is not JSON" });
  }
  try {
    type Event = Parameters<Probot["receive"]>[0];
    await probot.receive({ id: d.id, name: d.name, payload } as Event);
    return answer(200, { ok: true });
  } catch (error) {
    probot.log.error({ err: error }, `webhook ${d.id} (${d.name}): handler failed`);
    return answer(500, { error: "handler failed" });
  }
}

export const handler = createLambdaHandler();
