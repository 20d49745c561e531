// `.github/dxfix.yml`: the one configuration file shared by the Action and the bot, its
// schema and its reader. Every key is optional; unknown keys are errors so a typo never
// silently falls back to a default. Errors carry the line and column of the offending YAML
// node. The schema and YAML parser cost ~20 ms to load, so what a run without a config
// file needs (the defaults, the types, formatting) is in config-defaults.ts, and the
// Action imports this module only when there is a file to read.

import type { Node as YamlNode } from "yaml";
import { isMap, isPair, isScalar, LineCounter, parseDocument, visit } from "yaml";
import type * as z from "zod";
import { CONFIG_PATH, type ConfigError, type ConfigResult, isRecord } from "./config-defaults.ts";
import { DxfixConfig } from "./config-schema.ts";
import { messageOf } from "./errors.ts";

export {
  CONFIG_PATH,
  type ConfigError,
  type ConfigRead,
  type ConfigResult,
  defaultConfig,
  formatConfigError,
  formatConfigErrors,
  mergeSettings,
} from "./config-defaults.ts";
export { CheckpointCommands, DxfixConfig } from "./config-schema.ts";

const failed = (errors: ConfigError[]): ConfigResult => ({
  error: errors[0] ?? { message: "invalid configuration", line: 0, column: 0 },
  errors,
});

/** Parse and validate the text of `.github/dxfix.yml`. An empty file means all defaults. */
export function parseConfig(text: string, file: string = CONFIG_PATH): ConfigResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number) => {
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, column: pos.col };
  };
  if (doc.errors.length > 0) {
    return failed(
      doc.errors.map((e) => ({
        message: `invalid YAML in ${file}: ${e.message.split("\n")[0] ?? e.message}`,
        ...at(e.pos[0]),
      })),
    );
  }
  let value: unknown;
  try {
    // yaml refuses alias expansion past 100 references (a "billion laughs" bomb) by
    // throwing; that is the user's file being wrong, with a place to point at.
    value = doc.toJS({ maxAliasCount: 100 }) ?? {};
  } catch (error) {
    return failed([{ message: `${file}: ${messageOf(error)}`, ...at(firstAlias(doc) ?? 0) }]);
  }
  const result = validate(value, file);
  if ("config" in result) {
    const node = locate(doc.contents, {
      code: "custom",
      path: ["_extends"],
      message: "",
      input: 0,
    });
    const written = (value as Record<string, unknown>)._extends;
    const where = node?.range && written !== undefined ? at(node.range[0]) : null;
    return { ...result, extends: where ? { value: written, ...where } : null };
  }
  return failed(
    result.issues.map(({ message, issue }) => {
      const node = locate(doc.contents, issue);
      return { message, ...(node?.range ? at(node.range[0]) : { line: 0, column: 0 }) };
    }),
  );
}

/** Offset of the document's first alias (`*name`), or null. */
function firstAlias(doc: ReturnType<typeof parseDocument>): number | null {
  let offset: number | null = null;
  visit(doc, {
    Alias(_key, node) {
      offset = node.range?.[0] ?? null;
      return visit.BREAK;
    },
  });
  return offset;
}

/** Validate an already parsed value (as Probot's `context.config` returns it); no positions. */
export function validateConfig(value: unknown, file: string = CONFIG_PATH): ConfigResult {
  const result = validate(value ?? {}, file);
  if ("config" in result) return { ...result, extends: null };
  return failed(result.issues.map(({ message }) => ({ message, line: 0, column: 0 })));
}

type Issue = z.core.$ZodIssue;

function validate(
  value: unknown,
  file: string,
):
  | { config: DxfixConfig; settings: Record<string, unknown> }
  | { issues: { message: string; issue: Issue }[] } {
  if (!isRecord(value)) {
    const issue: Issue = { code: "custom", path: [], message: "", input: value };
    return {
      issues: [
        { message: `${file} must be a mapping of settings (e.g. \`mode: parallel\`)`, issue },
      ],
    };
  }
  // `_extends` is Probot's way to inherit settings from another repository's file.
  const { _extends: _, ...settings } = value;
  const parsed = DxfixConfig.safeParse(settings);
  if (parsed.success) return { config: parsed.data, settings };
  if (parsed.error.issues.length === 0)
    throw new Error("zod rejected the config without saying why");
  return { issues: parsed.error.issues.map((issue) => ({ message: describe(issue), issue })) };
}

function describe(issue: Issue): string {
  const path = issue.path.map(String).join(".");
  if (issue.code === "unrecognized_keys") {
    const known = Object.keys(DxfixConfig.shape).join(", ");
    const keys = issue.keys.map((k) => `'${k}'`).join(", ");
    return `unknown setting ${keys} (known: ${known})`;
  }
  if (issue.code === "invalid_type") return `'${path}' must be ${typeName(issue.expected)}`;
  if (issue.code === "invalid_union") {
    // `run: 3`: each alternative's expected type, `a string or a list`.
    const types = issue.errors.flatMap((e) =>
      e[0]?.code === "invalid_type" ? [typeName(e[0].expected)] : [],
    );
    if (types.length === issue.errors.length) return `'${path}' must be ${types.join(" or ")}`;
  }
  if (issue.code === "invalid_value" && "values" in issue) {
    return `'${path}' must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
  }
  return `'${path}' ${issue.message}`;
}

const typeName = (t: string) => (t === "array" ? "a list" : `a ${t}`);

/** The YAML node an issue points at: the key of an unknown setting, else the value at its path. */
function locate(root: YamlNode | null, issue: Issue): YamlNode | null {
  let node: YamlNode | null = root;
  for (const segment of issue.path) {
    if (!node) return null;
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && p.key.value === segment);
      if (!pair) return node;
      node = (pair.value as YamlNode | null) ?? (pair.key as YamlNode);
    } else if ("items" in node && Array.isArray(node.items) && typeof segment === "number") {
      const item = node.items[segment];
      node = (isPair(item) ? (item.value as YamlNode) : (item as YamlNode)) ?? node;
    } else {
      return node;
    }
  }
  if (issue.code === "unrecognized_keys" && node && isMap(node)) {
    const bad = node.items.find((p) => isScalar(p.key) && issue.keys.includes(String(p.key.value)));
    if (bad) return bad.key as YamlNode;
  }
  return node;
}
