// The real engine, loaded only when a caller does not inject one (tests do).
import { checkPlan } from "../checkpoints/check.ts";
import { renderMarkdown } from "../report/markdown.ts";
import type { Engine } from "./engine-types.ts";

export const engine: Engine = { checkPlan, renderMarkdown };
