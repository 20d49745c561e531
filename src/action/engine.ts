// The real engine: the checkpoint runner and the Markdown renderer. Tests inject their own
// (ActionDeps.engine).
import { checkPlan } from "../checkpoints/check.ts";
import { renderMarkdown } from "../report/markdown.ts";
import type { Engine } from "./engine-types.ts";

export const engine: Engine = { checkPlan, renderMarkdown };
