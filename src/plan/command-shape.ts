// Whether a piece of text has the shape of a shell command: a program (a known build or
// test tool, or a path to a script) followed by arguments, as opposed to code
// (`parseHumanV3`, `const x = 1`, `Foo::bar()`) or a file path (`src/lib.rs`). Pure;
// a hand scanner over whitespace-split tokens, linear in the text.

/** Tools plans name to build, test, lint or run things. One word each, lower case. */
const KNOWN_PROGRAMS = new Set(
  (
    "cargo rustc rustup rustfmt cargo-nextest cross trunk wasm-pack " +
    "npm npx pnpm pnpx yarn bun bunx deno node tsx ts-node tsc vitest jest mocha ava " +
    "playwright cypress eslint prettier biome stylelint webpack vite rollup esbuild turbo nx lerna " +
    "python python3 py pip pip3 pipx uv uvx poetry pdm hatch pytest tox nox ruff mypy pyright " +
    "black isort flake8 pylint coverage django-admin alembic " +
    "go gofmt golangci-lint gotestsum staticcheck " +
    "make gmake cmake ctest ninja meson bazel bazelisk buck2 just " +
    "gradle gradlew mvn mvnw ant sbt lein clojure java javac kotlinc dotnet msbuild " +
    "ruby bundle rake rspec rails rubocop php composer phpunit phpstan " +
    "mix elixir erl rebar3 swift swiftc xcodebuild flutter dart zig nix " +
    "docker docker-compose podman kubectl helm terraform tofu ansible-playbook " +
    "git gh curl bash sh zsh pwsh cabal stack ghc dune opam perl prove rscript julia " +
    "mdbook hugo k6 hurl newman sqlx diesel prisma psql sqlite3 jq yq shellcheck " +
    "hadolint actionlint markdownlint pre-commit dxfix grep rg " +
    // The shell's own tools, as test plans and scripts use them.
    "echo printf exit true false sleep touch head tail cat ls pwd date env setsid timeout xargs"
  ).split(" "),
);

/** First words that open code, not a command line. */
const CODE_KEYWORDS = new Set(
  (
    "const let var fn function def class import export return pub impl struct enum type " +
    "interface use mod if for while async await new static public private protected val " +
    "trait match select insert update delete from"
  ).split(" "),
);

/** Scripts a plan may name by path (`scripts/check.sh`); a `src/lib.rs` is a file, not a program. */
const SCRIPT_EXTENSION = /\.(?:sh|bash|zsh|py|ps1|rb|pl|cmd|bat)$/i;
const ROOTED = /^(?:\.{1,2}\/|~\/|\/)/;
const ENV_ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=\S*$/;
// One program word: letters, digits and `_./+-@`; a leading `./`, `../`, `~/` or `/`.
const PROGRAM_WORD = /^(?:\.{1,2}\/|~\/|\/)?[A-Za-z0-9_][A-Za-z0-9_./+@-]*$/;
// Argument tokens that only code has: assignments, arrows, scope operators, statement ends.
const CODE_TOKEN = /^(?:=|==|===|=>|->|\{|\}|\+=)$|::|;$|^\)|\($/;

export type Shape =
  /** A known tool or a script path, with or without arguments. */
  | "command"
  /** An unknown program word followed by shell-like arguments (`mytool --check`). */
  | "arguments"
  /** One unknown lower-case word (`lint`): a command only where the line says to run it. */
  | "word"
  /** Code, an identifier, a file path or prose. */
  | "other";

/** The program of a command line: its first word after any `NAME=value` assignments. */
function programIndex(tokens: readonly string[]): number {
  let i = 0;
  while (i < tokens.length && ENV_ASSIGNMENT.test(tokens[i] ?? "")) i++;
  return i;
}

function isScriptPath(word: string): boolean {
  if (SCRIPT_EXTENSION.test(word)) return true;
  // `./gradlew`, `/usr/local/bin/tool`: a rooted path without an extension.
  const last = word.split("/").at(-1) ?? "";
  return ROOTED.test(word) && last !== "" && !last.includes(".");
}

/** `cargo`, `./gradlew`, `node_modules/.bin/vitest`: the tool's own name. */
function baseName(word: string): string {
  return (word.split("/").at(-1) ?? word).toLowerCase();
}

/** The words of a command line: its program (after `NAME=value` assignments) and the rest. */
function split(text: string): { program: string | undefined; args: string[] } {
  const tokens = text
    .trim()
    .split(/\s+/)
    .filter((t) => t !== "");
  const at = programIndex(tokens);
  return { program: tokens[at], args: tokens.slice(at + 1) };
}

const isTool = (program: string) => KNOWN_PROGRAMS.has(baseName(program)) || isScriptPath(program);

/** How a span (or the rest of a line) reads: see Shape. */
export function shapeOf(text: string): Shape {
  const { program, args } = split(text);
  if (program === undefined || !PROGRAM_WORD.test(program)) return "other";
  if (CODE_KEYWORDS.has(program)) return "other";
  // A known tool's arguments may quote code (`node -e "f();"`): only its name decides.
  if (isTool(program)) return "command";
  if (args.some((a) => CODE_TOKEN.test(a))) return "other";
  // Unknown words: a dotted or slashed word is a file or a member (`src/x.rs`, `a.b`).
  if (/[./]/.test(program) || /[A-Z]/.test(program)) return "other";
  if (args.length === 0) return /^[a-z][a-z0-9-]*$/.test(program) ? "word" : "other";
  const first = args[0] ?? "";
  // `mytool --check`, `mytool build`, `mytool ./x`: an argument, not a sentence.
  return /^(?:-{1,2}[A-Za-z0-9]|[a-z][a-z0-9:_-]*$|\.{0,2}\/)/.test(first) ? "arguments" : "other";
}

// Prose that cannot be part of an unbackticked command line.
const PROSE_WORDS = new Set(
  (
    "a an the and or to for with then that this these those so if until each every of from " +
    "into before after against across using via without when while is are be should must " +
    "passes pass succeeds succeed again also it its their them any"
  ).split(" "),
);

/** A whole line that is a command by itself (`cargo clippy --all-targets -- -D warnings`). */
export function isBareCommand(text: string): boolean {
  const { program, args } = split(text);
  if (program === undefined || !PROGRAM_WORD.test(program) || !isTool(program)) return false;
  return args.every(
    (t) => !PROSE_WORDS.has(t.toLowerCase()) && !CODE_TOKEN.test(t) && !/[`*]/.test(t),
  );
}
