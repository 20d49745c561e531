// Real webhook payloads captured by GitHub (@octokit/webhooks-examples), limited to
// the examples known to validate against @octokit/webhooks-schemas (many others are
// stale). Every call returns a deep clone, so tests can mutate freely.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);

type Payload = Record<string, unknown> & { action?: string };

interface EventExamples {
  name: string;
  actions: string[];
  examples: Payload[];
}

/** Indices into each event's examples that validate; the ones with `installation` first. */
const VALID: Record<string, number[]> = {
  issue_comment: [3, 1, 2, 4],
  pull_request: [12, 13, 14],
  workflow_run: [1, 2],
  check_suite: [1, 2, 3],
  push: [4, 5],
};

let examples: Map<string, Payload[]> | null = null;

function load(): Map<string, Payload[]> {
  if (examples) return examples;
  const file = require.resolve("@octokit/webhooks-examples/api.github.com/index.json");
  const all = JSON.parse(readFileSync(file, "utf8")) as EventExamples[];
  examples = new Map();
  for (const [name, indices] of Object.entries(VALID)) {
    const event = all.find((e) => e.name === name);
    if (!event) throw new Error(`@octokit/webhooks-examples has no "${name}" event`);
    examples.set(
      name,
      indices.map((i) => {
        const example = event.examples[i];
        if (!example) throw new Error(`@octokit/webhooks-examples: ${name}[${i}] is missing`);
        return example;
      }),
    );
  }
  return examples;
}

/** Every validated example of an event (and action), cloned. */
export function payloads(event: string, action?: string): Payload[] {
  const list = load().get(event);
  if (!list)
    throw new Error(
      `no validated payloads for "${event}" (have: ${Object.keys(VALID).join(", ")})`,
    );
  return list
    .filter((p) => action === undefined || p.action === action)
    .map((p) => structuredClone(p));
}

/**
 * One real payload, cloned: `payload("pull_request", "opened")`, or
 * `payload("workflow_run", "completed", (p) => { p.workflow_run.conclusion = "failure" })`.
 */
// biome-ignore lint/suspicious/noExplicitAny: payloads are arbitrary JSON that tests reshape.
export function payload<T = any>(event: string, action?: string, mutate?: (p: T) => void): T {
  const [first] = payloads(event, action);
  if (!first) throw new Error(`no validated "${event}" payload with action "${action}"`);
  const result = first as T;
  mutate?.(result);
  return result;
}

/** The names of the events `payload()` knows. */
export const PAYLOAD_EVENTS = Object.keys(VALID);
