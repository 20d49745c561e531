// The worker side of parse-worker.ts: parses what it is sent and posts the model back.
// Kept apart from the pool so a worker loads the plan parsers and nothing else.
import { parentPort } from "node:worker_threads";
import { UserError } from "../errors.ts";
import { parsePlan, parseRequirements } from "../plan/index.ts";
import type { ParseJob, ParseReply } from "./parse-worker.ts";

parentPort?.on("message", (job: ParseJob) => {
  let reply: ParseReply;
  try {
    const options = { path: job.path };
    const value =
      job.kind === "plan" ? parsePlan(job.text, options) : parseRequirements(job.text, options);
    reply = { id: job.id, value };
  } catch (error) {
    const error_ = error instanceof Error ? error.message : String(error);
    reply = { id: job.id, error: error_, user: error instanceof UserError };
  }
  parentPort?.postMessage(reply);
});
