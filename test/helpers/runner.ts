// A simulated GitHub Actions runner: the environment a JavaScript action sees (INPUT_*,
// GITHUB_EVENT_PATH with a real payload, GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, RUNNER_TEMP)
// in a temp directory, plus readers for what the action wrote.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface RunnerOptions {
  event: string;
  payload?: unknown;
  /** Input names as in action.yml ("github-token"); values as strings. */
  inputs?: Record<string, string>;
  workspace: string;
  apiUrl?: string;
  repository?: string;
}

export interface SimulatedRunner {
  env: Record<string, string>;
  dir: string;
  outputs(): Record<string, string>;
  summary(): string;
  cleanup(): void;
}

/** Parse the GITHUB_OUTPUT file (`name<<delimiter` blocks, as @actions/core writes it). */
export function parseOutputFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    const heredoc = /^(?<name>[^<=]+)<<(?<delimiter>.+)$/.exec(line)?.groups;
    if (heredoc) {
      const value: string[] = [];
      for (i++; i < lines.length && lines[i] !== heredoc.delimiter; i++) value.push(lines[i] ?? "");
      out[heredoc.name ?? ""] = value.join("\n");
    } else if (line.includes("=")) {
      out[line.slice(0, line.indexOf("="))] = line.slice(line.indexOf("=") + 1);
    }
  }
  return out;
}

export function simulateRunner(options: RunnerOptions): SimulatedRunner {
  const dir = mkdtempSync(join(tmpdir(), "dxfix-runner-"));
  const temp = join(dir, "temp");
  mkdirSync(temp);
  const eventPath = join(dir, "event.json");
  writeFileSync(eventPath, JSON.stringify(options.payload ?? {}));
  const outputPath = join(dir, "output");
  const summaryPath = join(dir, "summary.md");
  writeFileSync(outputPath, "");
  writeFileSync(summaryPath, "");
  const env: Record<string, string> = {
    GITHUB_ACTIONS: "true",
    CI: "true",
    GITHUB_EVENT_NAME: options.event,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_OUTPUT: outputPath,
    GITHUB_STEP_SUMMARY: summaryPath,
    GITHUB_WORKSPACE: options.workspace,
    GITHUB_REPOSITORY: options.repository ?? "Codertocat/Hello-World",
    GITHUB_API_URL: options.apiUrl ?? "https://api.github.com",
    GITHUB_SERVER_URL: "https://github.com",
    GITHUB_RUN_ID: "4242",
    GITHUB_RUN_ATTEMPT: "1",
    GITHUB_SHA: "ec26c3e57ca3a959ca5aad62de7213c562f8c821",
    GITHUB_ACTION: "dxfix",
    RUNNER_TEMP: temp,
    RUNNER_OS: "Linux",
  };
  for (const [name, value] of Object.entries(options.inputs ?? {})) {
    env[`INPUT_${name.replace(/ /g, "_").toUpperCase()}`] = value;
  }
  return {
    env,
    dir,
    outputs: () => parseOutputFile(readFileSync(outputPath, "utf8")),
    summary: () => readFileSync(summaryPath, "utf8"),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** Apply `env` to process.env, returning a function that restores the previous values. */
export function applyEnv(env: Record<string, string>): () => void {
  const saved = new Map<string, string | undefined>();
  // Drop inputs and GitHub variables left by the outer environment.
  for (const key of Object.keys(process.env)) {
    if (key.startsWith("INPUT_") || key.startsWith("GITHUB_") || key.startsWith("RUNNER_")) {
      saved.set(key, process.env[key]);
      delete process.env[key];
    }
  }
  for (const [key, value] of Object.entries(env)) {
    if (!saved.has(key)) saved.set(key, process.env[key]);
    process.env[key] = value;
  }
  return () => {
    for (const [key, value] of saved) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
}
