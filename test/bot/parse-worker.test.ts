// Plans are parsed in worker threads under a time budget (src/bot/parse-worker.ts): a
// plan that takes long leaves the event loop free (the health probe, other repositories'
// deliveries), and one over the budget is refused with a one-line UserError.
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { parsePlanOffLoop } from "../../src/bot/parse-worker.ts";
import { createBotServer } from "../../src/bot/server.ts";
import { UserError } from "../../src/errors.ts";
import { bigPlan } from "./big-plan.ts";
import { newProbot } from "./setup.ts";

afterEach(() => {
  delete process.env.DXFIX_PARSE_BUDGET_MS;
});

// 20,000 groups: hundreds of milliseconds of parsing, far more than a loopback request.
const SLOW = bigPlan(20_000);

describe("parsing plans off the event loop", () => {
  it("answers the health probe while a plan is being parsed", async () => {
    const server = await createBotServer(newProbot());
    await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
    const { port } = server.address() as AddressInfo;
    try {
      const order: string[] = [];
      const parsing = parsePlanOffLoop(SLOW, ".kiro/specs/big/tasks.md").then((plan) => {
        order.push("parsed");
        return plan;
      });
      const probe = await fetch(`http://127.0.0.1:${port}/healthz`);
      order.push(`probe ${probe.status}`);
      const plan = await parsing;
      // On the event loop, the probe could only be answered after the parse.
      expect(order).toEqual(["probe 200", "parsed"]);
      expect(plan.groups).toHaveLength(20_000);
      expect(plan.groups[19_999]?.title).toBe("Group 20000");
    } finally {
      await new Promise((ok) => server.close(ok));
    }
  });

  it("refuses a plan over the time budget, then parses the next one", async () => {
    process.env.DXFIX_PARSE_BUDGET_MS = "20";
    const refused = parsePlanOffLoop(SLOW, ".kiro/specs/big/tasks.md");
    await expect(refused).rejects.toThrow(UserError);
    await expect(refused).rejects.toThrow(
      ".kiro/specs/big/tasks.md: plan too slow to parse (over 0.02 s); nothing was done with it",
    );
    delete process.env.DXFIX_PARSE_BUDGET_MS;
    const plan = await parsePlanOffLoop(bigPlan(3), "small/tasks.md");
    expect(plan.groups.map((g) => g.id)).toEqual(["1", "2", "3"]);
    expect(plan.path).toBe("small/tasks.md");
  });
});
