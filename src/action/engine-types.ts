// The engine contract the Action drives, as the checkpoint runner and the Markdown
// renderer declare it. Kept structural here so the Action can be tested with fakes.
import type { CheckpointResult, CommandResult, Report } from "../report/schema.ts";

export interface CheckOptions {
  planPath: string;
  requirementsPath?: string | null;
  /** Repository root override; default: git top level of the plan. */
  root?: string | null;
  checkpoints?: string[];
  failFast?: boolean;
  timeoutMs?: number;
  junit?: string[];
  onEvent?: (e: CheckEvent) => void;
}

export type CheckEvent =
  | { type: "command-start"; checkpointId: string; run: string; cwd: string; reused: boolean }
  | { type: "output"; chunk: Buffer }
  | { type: "command-end"; checkpointId: string; result: CommandResult }
  | { type: "checkpoint-end"; result: CheckpointResult };

export type CheckPlan = (options: CheckOptions) => Promise<Report>;

export interface RenderOptions {
  /** Characters the caller needs for itself out of the 65,536 a comment may hold. */
  reserve: number;
  /** Link to the workflow run, shown in the footer. */
  runUrl: string | null;
}

export type RenderMarkdown = (report: Report, options: RenderOptions) => string;

export interface Engine {
  checkPlan: CheckPlan;
  renderMarkdown: RenderMarkdown;
}
