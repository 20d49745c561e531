// TypeScript compiler diagnostics in both of its layouts:
//
//   src/a.ts(5,7): error TS2322: Type 'string' is not assignable to type 'number'.   (--pretty false)
//   src/a.ts:5:7 - error TS2322: Type 'string' is not assignable to type 'number'.   (--pretty, a TTY)
//   error TS5058: The specified path does not exist: '/x/nowhere'.                   (no file)
//
// Indented lines right under a header elaborate its message ("Types of parameters
// 'x' and 'x' are incompatible."); after a blank line they are related locations
// ("'name' is declared here."), not part of it. "Found 8 errors in 2 files." is
// the total when it is larger than what was counted.
import type { CleanReader } from "./collect.ts";
import { Collector } from "./collect.ts";
import type { Finding, ReaderLimits, Reading } from "./types.ts";

const PLAIN = /^(.+?)\((\d{1,9}),(\d{1,9})\): (error|warning) (TS\d+): (.*)$/;
const PRETTY = /^(.+?):(\d{1,9}):(\d{1,9}) - (error|warning) (TS\d+): (.*)$/;
const BARE = /^(error|warning) (TS\d+): (.*)$/;
const FOUND = /^Found (\d{1,9}) errors?\b/;
const ELABORATION_LINES = 8;

export function createTscReader(limits?: Partial<ReaderLimits>): CleanReader {
  const out = new Collector(limits);
  let found = 0;
  let current: Finding | null = null;
  let elaborations = 0;

  function add(
    severity: string,
    code: string,
    message: string,
    file: string | null,
    l?: string,
    c?: string,
  ) {
    current = out.addFinding({
      severity: severity === "error" ? "error" : "warning",
      code,
      message,
      file,
      line: l ? Number(l) : null,
      column: c ? Number(c) : null,
    });
    elaborations = 0;
  }

  return {
    name: "tsc",
    feed(line: string) {
      if (line.includes(" TS") && (line.includes("error TS") || line.includes("warning TS"))) {
        const plain = PLAIN.exec(line);
        if (plain) return add(plain[4]!, plain[5]!, plain[6]!, plain[1]!, plain[2], plain[3]);
        const pretty = PRETTY.exec(line);
        if (pretty)
          return add(pretty[4]!, pretty[5]!, pretty[6]!, pretty[1]!, pretty[2], pretty[3]);
      }
      if (line.startsWith("error TS") || line.startsWith("warning TS")) {
        const bare = BARE.exec(line);
        if (bare) return add(bare[1]!, bare[2]!, bare[3]!, null);
      }
      if (current && line.startsWith("  ") && elaborations < ELABORATION_LINES) {
        const text = `${current.message}\n${line.trim()}`;
        if (text.length <= out.limits.message) current.message = text;
        elaborations++;
        return;
      }
      current = null;
      if (line.startsWith("Found ")) {
        const m = FOUND.exec(line);
        if (m) found += Number(m[1]);
      }
    },
    recognised: () => out.errors + out.warnings > 0,
    finish(): Reading {
      return out.reading("tsc", null, Math.max(out.errors, found), out.warnings);
    },
  };
}
