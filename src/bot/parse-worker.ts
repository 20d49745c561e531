// Plans reach the bot from any repository, and one hostile file must not stall the
// others: parsing used to run on the event loop, where a 2 KB Spec Kit plan with one long
// heading held every other delivery (and the health probe) for 10 s. Here plans and
// requirements are parsed in worker threads, each job under a time budget: a worker
// that overruns is terminated and the job refused with a clear UserError ("plan too
// slow to parse"), while the event loop keeps serving.
//
// Workers are kept for reuse (at most MAX_WORKERS, unref'd so they never hold the process
// open). The worker's entry is parse-worker-main.ts beside this file; a bundle ships it
// as its own entry named parse-worker-main.js next to the bundle. Where neither can be
// found, parsing falls back to the event loop, with one warning.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { UserError } from "../errors.ts";
import { parsePlan, parseRequirements } from "../plan/index.ts";
import type { Plan, RequirementsDoc } from "../plan/model.ts";

/** How long one parse may take before its worker is ended (DXFIX_PARSE_BUDGET_MS). */
export const DEFAULT_PARSE_BUDGET_MS = 5000;
const MAX_WORKERS = 2;

export interface ParseJob {
  id: number;
  kind: "plan" | "requirements";
  text: string;
  path: string;
}

/** `user`: the parser refused the text (a UserError), as opposed to a bug. */
export type ParseReply =
  | { id: number; value: unknown }
  | { id: number; error: string; user: boolean };

function budgetMs(): number {
  const set = Number(process.env.DXFIX_PARSE_BUDGET_MS);
  return Number.isFinite(set) && set > 0 ? set : DEFAULT_PARSE_BUDGET_MS;
}

/** The worker's entry: the source beside this file, or the bundle's sibling. */
function entry(): URL | null {
  for (const name of ["./parse-worker-main.ts", "./parse-worker-main.js"]) {
    const url = new URL(name, import.meta.url);
    if (url.protocol === "file:" && existsSync(fileURLToPath(url))) return url;
  }
  return null;
}

let nextId = 1;
const idle: Worker[] = [];
let started = 0;
const queue: (() => void)[] = [];

function spawnWorker(url: URL): Worker {
  started++;
  const worker = new Worker(url);
  worker.unref();
  return worker;
}

/** A worker for one job: an idle one, a new one, or the next to come free. */
async function acquire(url: URL): Promise<Worker> {
  const ready = idle.pop();
  if (ready) return ready;
  if (started < MAX_WORKERS) return spawnWorker(url);
  await new Promise<void>((wake) => queue.push(wake));
  return acquire(url);
}

function release(worker: Worker | null): void {
  if (worker) idle.push(worker);
  else started--;
  queue.shift()?.();
}

function tooSlow(job: ParseJob, ms: number): UserError {
  const what = job.kind === "plan" ? "plan" : "requirements document";
  return new UserError(
    `${job.path}: ${what} too slow to parse (over ${ms / 1000} s); nothing was done with it`,
    { file: job.path },
  );
}

/** Runs `job` on a worker: its value, or a rejection on error or overrun. */
async function run(url: URL, job: ParseJob): Promise<unknown> {
  const worker = await acquire(url);
  const ms = budgetMs();
  const { promise, resolve, reject } = Promise.withResolvers<unknown>();
  const timer = setTimeout(() => {
    cleanup();
    void worker.terminate();
    release(null);
    reject(tooSlow(job, ms));
  }, ms);
  const onMessage = (reply: ParseReply) => {
    if (reply.id !== job.id) return;
    cleanup();
    release(worker);
    if (!("error" in reply)) resolve(reply.value);
    else
      reject(reply.user ? new UserError(reply.error, { file: job.path }) : new Error(reply.error));
  };
  const onError = (error: Error) => {
    cleanup();
    release(null);
    reject(error);
  };
  const cleanup = () => {
    clearTimeout(timer);
    worker.off("message", onMessage);
    worker.off("error", onError);
  };
  worker.on("message", onMessage);
  worker.on("error", onError);
  worker.postMessage(job);
  return promise;
}

let warned = false;

async function parse(kind: ParseJob["kind"], text: string, path: string): Promise<unknown> {
  const url = entry();
  if (url) return run(url, { id: nextId++, kind, text, path });
  if (!warned) {
    warned = true;
    console.warn("dxfix: parse-worker-main not found beside the bot; parsing on the event loop");
  }
  return kind === "plan" ? parsePlan(text, { path }) : parseRequirements(text, { path });
}

/** `parsePlan` off the event loop, refused past the time budget. */
export async function parsePlanOffLoop(text: string, path: string): Promise<Plan> {
  return (await parse("plan", text, path)) as Plan;
}

/** `parseRequirements` off the event loop, refused past the time budget. */
export async function parseRequirementsOffLoop(
  text: string,
  path: string,
): Promise<RequirementsDoc> {
  return (await parse("requirements", text, path)) as RequirementsDoc;
}
