// The engine contract the Action drives: the checkpoint runner and the Markdown
// renderer, injectable so the Action can be tested with fakes. Types only: importing
// this module loads neither.
import type { CheckOptions } from "../checkpoints/check.ts";
import type { Details } from "../report/details.ts";
import type { Report } from "../report/schema.ts";

export type { CheckEvent, CheckOptions } from "../checkpoints/check.ts";

export type CheckPlan = (options: CheckOptions) => Promise<Report>;

export interface RenderOptions {
  /** Characters the caller needs for itself out of the 65,536 a comment may hold. */
  reserve: number;
  /** Link to the workflow run, shown in the footer. */
  runUrl: string | null;
  /** How much to list beyond the verdict and the cause (the `details` input; default all). */
  details?: Details;
}

export type RenderMarkdown = (report: Report, options: RenderOptions) => string;

export interface Engine {
  checkPlan: CheckPlan;
  renderMarkdown: RenderMarkdown;
}
