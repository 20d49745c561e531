import { describe, expect, it } from "vitest";
import { MAX_MERMAID_NODES, mermaidLabel, renderMermaid } from "../../src/report/mermaid.ts";
import { buildReport, checkpoint, command, failedCommand, group } from "../helpers/report.ts";

describe("mermaidLabel", () => {
  it("writes characters that could end a label or form HTML as Mermaid entity codes", () => {
    expect(mermaidLabel('Fix "quotes"] & <b>#1</b> `x` (a|b) {c}')).toBe(
      "Fix #34;quotes#34;#93; #38; #60;b#62;#35;\u200B1#60;/b#62; #96;x#96; #40;a#124;b#41; #123;c#125;",
    );
  });

  it("flattens newlines, breaks mentions and shortens long titles", () => {
    const label = mermaidLabel(`line one\nline two @octocat ${"x".repeat(100)}`);
    expect(label).not.toContain("\n");
    expect(label).not.toMatch(/@[a-z]/);
    expect([...label.replaceAll("\u200B", "")].length).toBeLessThanOrEqual(48);
    expect(label.endsWith("…")).toBe(true);
  });

  it("leaves no quote, bracket or angle bracket unescaped, whatever the input", () => {
    const nasty = `"]]}}>)--><!--x\`\`\`%%{init: {}}%%`;
    expect(mermaidLabel(nasty)).not.toMatch(/["[\]{}()<>`]/);
  });
});

describe("renderMermaid", () => {
  it("draws work groups as boxes and checkpoints as hexagons, in plan order", () => {
    const report = buildReport({
      groups: [
        group({ id: "1", title: "Setup", state: "done", status: "passed" }),
        group({
          id: "2",
          title: "Checkpoint",
          kind: "checkpoint",
          state: "todo",
          status: "failed",
        }),
        group({ id: "3", title: "Polish", state: "todo", status: "pending" }),
        group({ id: "4", title: "Verify", kind: "verification", state: "todo", status: "pending" }),
      ],
      checkpoints: [
        checkpoint({ id: "2", title: "Build", commands: [failedCommand()] }),
        checkpoint({
          id: "4",
          title: "Tests",
          kind: "verification",
          commands: [command({ status: "not_run", exitCode: null })],
        }),
      ],
    });
    expect(renderMermaid(report)).toBe(
      [
        "```mermaid",
        "flowchart TD",
        '  n0["1. Setup · done"]',
        '  n1{{"2. Build"}}',
        '  n2["3. Polish"]',
        '  n3{{"4. Tests"}}',
        "  n0 --> n1",
        "  n1 --> n2",
        "  n2 --> n3",
        "  classDef passed fill:#d3f9d8,stroke:#2b8a3e,color:#1b1b1b",
        "  classDef failed fill:#ffe3e3,stroke:#c92a2a,color:#1b1b1b",
        "  classDef pending fill:#f1f3f5,stroke:#868e96,color:#1b1b1b",
        "  class n0 passed",
        "  class n1 failed",
        "  class n2,n3 pending",
        "```",
        "",
      ].join("\n"),
    );
  });

  it("still shows a checkpoint whose group is missing, and a gate group without results", () => {
    const report = buildReport({
      groups: [
        group({ id: "5", title: "Gate", kind: "checkpoint", state: "todo", status: "pending" }),
      ],
      checkpoints: [checkpoint({ id: "9", groupId: "9", title: "Orphan" })],
    });
    const diagram = renderMermaid(report) ?? "";
    expect(diagram).toContain('n0{{"5. Gate"}}');
    expect(diagram).toContain('n1{{"9. Orphan"}}');
    expect(diagram).toContain("class n1 passed");
  });

  it("gives up on empty plans and plans too large to read", () => {
    expect(renderMermaid(buildReport({ groups: [], checkpoints: [] }))).toBeNull();
    const many = Array.from({ length: MAX_MERMAID_NODES + 1 }, (_, i) =>
      group({ id: String(i + 1) }),
    );
    expect(renderMermaid(buildReport({ groups: many, checkpoints: [] }))).toBeNull();
    expect(renderMermaid(buildReport({ groups: many.slice(1), checkpoints: [] }))).not.toBeNull();
  });
});
