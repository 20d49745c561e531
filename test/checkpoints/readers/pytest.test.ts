import { describe, expect, it } from "vitest";
import { readAll } from "../../../src/checkpoints/readers/index.ts";
import { fixture } from "./fixture.ts";

const FAILED = [
  "test_math.py::test_subtracts_wrongly",
  "test_math.py::TestNested::test_divides",
  "test_math.py::test_param[2]",
  "test_math.py::test_uses_broken",
];

describe("pytest reader", () => {
  it.each([
    ["default", "pytest.txt"],
    ["-v", "pytest-v.txt"],
    ["-rA", "pytest-ra.txt"],
    ["-q", "pytest-q.txt"],
  ])("reads the %s output's totals, failures and findings", (_, name) => {
    const r = readAll("python3 -m pytest", fixture(name));
    expect(r.reader).toBe("pytest");
    // 4 passed; 3 failed + 1 error; 1 skipped + 1 xfailed.
    expect(r.totals).toEqual({ passed: 4, failed: 4, ignored: 2 });
    expect(new Set(r.failures)).toEqual(new Set(FAILED));
    const findings = r.findings.map((f) => [f.file, f.line, f.message]);
    expect(findings).toEqual(
      expect.arrayContaining([
        ["test_math.py", 9, "test_math.py::test_subtracts_wrongly: assert (5 - 3) == 1"],
        ["test_math.py", 22, "test_math.py::TestNested::test_divides: ValueError: boom <b>&</b>"],
        ["test_math.py", 27, "test_math.py::test_param[2]: assert 2 == 1"],
        ["test_math.py", 37, "test_math.py::test_uses_broken: RuntimeError: fixture broke"],
      ]),
    );
    expect(findings).toHaveLength(4);
  });

  it("names every test by node id under -v", () => {
    const r = readAll("pytest -v", fixture("pytest-v.txt"));
    expect(r.tests.map((t) => [t.status, t.name])).toEqual([
      ["passed", "test_math.py::test_adds"],
      ["failed", "test_math.py::test_subtracts_wrongly"],
      ["ignored", "test_math.py::test_skipped"],
      ["passed", "test_math.py::TestNested::test_multiplies"],
      ["failed", "test_math.py::TestNested::test_divides"],
      ["passed", "test_math.py::test_param[1]"],
      ["failed", "test_math.py::test_param[2]"],
      ["ignored", "test_math.py::test_known"],
      ["failed", "test_math.py::test_uses_broken"],
      ["passed", "test_ok.py::test_fine"],
    ]);
    expect(r.tests.every((t) => t.file === t.name.slice(0, t.name.indexOf("::")))).toBe(true);
  });
});
