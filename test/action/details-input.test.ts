// The `details` input (like test-reporter's list-tests): read, validated, and passed to
// the renderer, which lists less for `failed` and `none`.
import { describe, expect, it } from "vitest";
import { readInputs } from "../../src/action/inputs.ts";
import { InputError } from "../../src/errors.ts";

const inputs = (details: string) => readInputs((name) => (name === "details" ? details : ""));

describe("the details input", () => {
  it("defaults to all and accepts failed and none", () => {
    expect(inputs("").details).toBe("all");
    expect(inputs(" failed ").details).toBe("failed");
    expect(inputs("none").details).toBe("none");
  });

  it("refuses anything else with a one-line message naming the choices", () => {
    expect(() => inputs("some")).toThrow(InputError);
    expect(() => inputs("some")).toThrow(
      "input 'details' must be one of all, failed, none, got 'some'",
    );
  });
});
