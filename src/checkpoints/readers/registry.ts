// Every output reader, once: which commands it reads and how to build it. The router
// (route.ts) and the combiner (index.ts) only walk this table.
//
// To add a reader: write `readers/<tool>.ts` exporting a class that implements
// CleanReader (see collect.ts), then add one row below. `routes` says which commands
// go to it, `create` builds the reader(s) a routed command gets, and `auto: true` lets
// it join the readers tried on commands nobody routes (a script, `npm test`). Row
// order is the order readings are combined in, and the first row naming a program wins.
import type { CleanReader } from "./collect.ts";
import { GccReader } from "./gcc.ts";
import { GoTestReader } from "./gotest.ts";
import { JestReader } from "./jest.ts";
import { LibtestReader } from "./libtest.ts";
import { NextestReader } from "./nextest.ts";
import { NodeTestReader } from "./node.ts";
import { PytestReader } from "./pytest.ts";
import { RustcReader } from "./rustc.ts";
import { TscReader } from "./tsc.ts";
import type { ReaderLimits } from "./types.ts";
import { VitestReader } from "./vitest.ts";

/** A program or script name, exact or by pattern (`clang-14`). */
export type Name = string | RegExp;

export interface Routes {
  /** Programs read by this reader whatever their arguments (`tsc`, `rustc`). */
  readonly tools?: readonly Name[];
  /** Sub-commands of a program that route here: `{ cargo: ["test"] }` for `cargo test`. */
  readonly subcommands?: Readonly<Record<string, readonly string[]>>;
  /** Programs routed here when no row names their sub-command (`cargo doc`, bare `cargo`). */
  readonly otherSubcommands?: readonly string[];
  /** Package-manager scripts routed here (`npm run typecheck`, `pnpm tsc`). */
  readonly scripts?: readonly Name[];
  /** Programs routed here when one of these words is among their arguments (`node --test`). */
  readonly arguments?: Readonly<Record<string, readonly string[]>>;
}

export interface ReaderRow {
  /** The reader kind `readerKinds` reports for the commands it routes. */
  readonly name: string;
  readonly routes: Routes;
  /**
   * The readers a routed command's output goes through. `auto` is true when the
   * reader is one of several guessing at an unknown command's output.
   */
  readonly create: (limits: ReaderLimits, context: { auto: boolean }) => CleanReader[];
  /** Whether the reader is tried on commands no row routes. */
  readonly auto: boolean;
  /** Whether the commands it reads run tests (they may leave JUnit files). */
  readonly tests?: boolean;
}

const CARGO_TEST = ["test", "t", "bench"];
const CARGO_BUILD = [
  "build",
  "b",
  "check",
  "c",
  "clippy",
  "rustc",
  "run",
  "r",
  "doc",
  "d",
  "fix",
  "install",
  "miri",
];
const TSC = ["tsc", "tsgo", "vue-tsc", "svelte-check"];

const READERS = [
  {
    name: "cargo",
    routes: {
      tools: ["rustc", "clippy-driver"],
      subcommands: { cargo: CARGO_BUILD, cross: CARGO_BUILD },
      otherSubcommands: ["cargo", "cross"],
    },
    create: (limits) => [new RustcReader(limits)],
    auto: true,
  },
  {
    name: "libtest",
    routes: { subcommands: { cargo: CARGO_TEST, cross: CARGO_TEST } },
    // cargo test: compile errors in the tests as well as their results.
    create: (limits) => [new RustcReader(limits), new LibtestReader(limits)],
    auto: true,
    tests: true,
  },
  {
    name: "nextest",
    routes: { tools: ["cargo-nextest"], subcommands: { cargo: ["nextest"], cross: ["nextest"] } },
    // cargo nextest run: compile errors as well as results.
    create: (limits) => [new RustcReader(limits), new NextestReader(limits)],
    auto: true,
    tests: true,
  },
  {
    name: "tsc",
    routes: {
      tools: TSC,
      scripts: [...TSC, /^(?:type-?check|check-?types|types|tsc|typecheck:\S+|tsc:\S+)$/i],
    },
    create: (limits) => [new TscReader(limits)],
    auto: true,
  },
  {
    name: "gcc",
    routes: {
      tools: [/^(?:gcc|g\+\+|cc|c\+\+|clang|clang\+\+|make|gmake|ninja|cmake)(?:-\d+(?:\.\d+)*)?$/],
    },
    // Guessing, leave `.rs` lines to the rustc reader guessing alongside.
    create: (limits, { auto }) => [new GccReader(limits, { skipRust: auto })],
    auto: true,
  },
  {
    // The gcc reader, counting the Go tools' severity-less `file:line:col: message`.
    name: "go",
    routes: { subcommands: { go: ["vet", "build", "install", "run"] } },
    create: (limits) => [new GccReader(limits, { bare: true })],
    auto: false,
  },
  {
    // go test: the Go tools' compile errors (as the go row reads them) and the results.
    name: "gotest",
    routes: { subcommands: { go: ["test"] } },
    create: (limits, { auto }) =>
      auto
        ? [new GoTestReader(limits)]
        : [new GccReader(limits, { bare: true }), new GoTestReader(limits)],
    auto: true,
    tests: true,
  },
  {
    name: "node",
    routes: { arguments: { node: ["--test"] } },
    create: (limits) => [new NodeTestReader(limits)],
    auto: true,
    tests: true,
  },
  {
    name: "vitest",
    routes: { tools: ["vitest"], scripts: ["vitest"] },
    create: (limits) => [new VitestReader(limits)],
    auto: true,
    tests: true,
  },
  {
    name: "jest",
    routes: { tools: ["jest"], scripts: ["jest"] },
    create: (limits) => [new JestReader(limits)],
    auto: true,
    tests: true,
  },
  {
    name: "pytest",
    routes: {
      tools: ["pytest", "py.test"],
      arguments: { python: ["pytest"], python3: ["pytest"] },
    },
    create: (limits) => [new PytestReader(limits)],
    auto: true,
    tests: true,
  },
] as const satisfies readonly ReaderRow[];

/** The name of a reader row: what a routed command's output is read as. */
export type ReaderName = (typeof READERS)[number]["name"];

/** The table with its names kept (for code that reads rows generically). */
export const ROWS: readonly (ReaderRow & { readonly name: ReaderName })[] = READERS;
