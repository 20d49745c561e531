// The one status vocabulary as the renderers show it, and as docs/statuses.md states it.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { renderMarkdown } from "../../src/report/markdown.ts";
import { STATUS } from "../../src/report/status.ts";
import { renderTerminal } from "../../src/report/terminal.ts";
import { buildReport, checkpoint, command, property, requirement } from "../helpers/report.ts";

describe("docs/statuses.md", () => {
  it("lists every status with the icon, label and mark of the STATUS table", () => {
    const doc = readFileSync(new URL("../../docs/statuses.md", import.meta.url), "utf8");
    const section = doc.slice(doc.indexOf("## How statuses look"));
    const documented = new Map<string, { icon: string; label: string; mark: string }>();
    for (const row of section.matchAll(/^\| (`.+?`) \| (.+?) \| (.+?) \| (.+?) \| (\w+) \(/gm)) {
      const [, words = "", icon = "", labels = "", mark = ""] = row;
      const names = [...words.matchAll(/`(\w+)`/g)].map((m) => m[1] ?? "");
      names.forEach((name, i) => {
        documented.set(name, { icon, label: labels.split(", ")[i] ?? "", mark });
      });
    }
    expect([...documented.keys()].sort()).toEqual(Object.keys(STATUS).sort());
    for (const [name, look] of Object.entries(STATUS)) {
      expect(documented.get(name), name).toEqual({
        icon: look.icon,
        label: look.label,
        mark: look.mark,
      });
    }
  });
});

describe("the renderers read the table", () => {
  it("shows a timed-out and a failed-to-start checkpoint with their own icons and one mark", () => {
    const report = buildReport({
      checkpoints: [
        checkpoint({
          id: "1",
          status: "timeout",
          commands: [command({ status: "timeout", exitCode: null })],
        }),
        checkpoint({
          id: "2",
          status: "error",
          commands: [command({ status: "error", exitCode: null })],
        }),
      ],
    });
    const { timeout, error } = STATUS;
    const markdown = renderMarkdown(report);
    expect(markdown).toContain(`${timeout.icon} **1. Checkpoint`);
    expect(markdown).toContain(`${error.icon} **2. Checkpoint`);
    const terminal = renderTerminal(report, { color: false });
    expect(terminal).toContain(`  ${timeout.mark} 1    Checkpoint`);
    expect(terminal).toContain(`  ${error.mark} 2    Checkpoint`);
  });

  it("labels criteria and properties with icon and label", () => {
    const report = buildReport({
      properties: [property({ status: "not_found", tests: [] })],
      requirements: [requirement({ status: "uncovered", tasks: [], checkpoints: [] })],
    });
    const markdown = renderMarkdown(report);
    // The legend names every criterion status; cells show the icon and the id.
    expect(markdown).toContain(`${STATUS.uncovered.icon} ${STATUS.uncovered.label}`);
    expect(markdown).toContain(`| ${STATUS.uncovered.icon}\u00A01.1 |`);
    expect(markdown).toContain(`| ${STATUS.not_found.icon} | 1. Function ID Mapping`);
    const terminal = renderTerminal(report, { color: false });
    expect(terminal).toContain(`  ${STATUS.not_found.mark} 1. Function ID Mapping`);
    expect(terminal).toContain(`  ${STATUS.uncovered.label}  1.1`);
  });
});
