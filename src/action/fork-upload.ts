// On a fork PR the workflow token cannot comment: the reports go up as an artifact that
// the dxfix App picks up on `workflow_run` and posts as the living comment (docs/matrix.md).
import { mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as core from "@actions/core";
import { messageOf } from "../errors.ts";
import { encodeForkReports, FORK_ARTIFACT, FORK_FILE } from "../github/fork-artifact.ts";
import { runArtifacts } from "./artifacts.ts";
import { type EventInfo, pullOf } from "./event.ts";
import { type ActionDeps, type Checked, repoPath } from "./options.ts";

/** Uploads the reports for the bot; returns a note for the job summary. */
export async function uploadForkReports(
  checked: Checked[],
  event: EventInfo,
  workspace: string,
  deps: ActionDeps,
): Promise<string> {
  const pr = pullOf(event);
  if (!pr) return "No PR number in the event: the report was not uploaded for the dxfix App.";
  const dir = join(process.env.RUNNER_TEMP || tmpdir(), "dxfix-fork");
  mkdirSync(dir, { recursive: true });
  const file = join(dir, FORK_FILE);
  const plans = checked.map((c) => ({ path: repoPath(workspace, c.planPath), report: c.report }));
  writeFileSync(file, encodeForkReports({ pr: pr.number, plans }));
  try {
    await (deps.artifacts ?? runArtifacts()).upload(FORK_ARTIFACT, file);
    core.info(`dxfix: uploaded the report as the ${FORK_ARTIFACT} artifact for the dxfix App`);
    return `The report was uploaded as the \`${FORK_ARTIFACT}\` artifact: with the dxfix App installed, it posts the checklist comment.`;
  } catch (error) {
    core.warning(`could not upload the ${FORK_ARTIFACT} artifact: ${messageOf(error)}`);
    return `The report could not be uploaded for the dxfix App: ${messageOf(error)}`;
  }
}
