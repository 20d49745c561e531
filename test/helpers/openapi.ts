// Checks an HTTP request against GitHub's own OpenAPI description, so tests fail when
// the code calls an endpoint that does not exist, with a method it does not allow,
// an unknown query parameter, or a body its schema rejects. Reads the one generated
// file (never the package index: it loads all ten descriptions) once per process.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Ajv, type ValidateFunction } from "ajv";
import addFormatsModule from "ajv-formats";

const require = createRequire(import.meta.url);
const SPEC_FILE = "@octokit/openapi/generated/api.github.com.json";

type Json = Record<string, unknown>;

interface Parameter {
  name: string;
  in: string;
}

interface Operation {
  parameters?: Array<Parameter | { $ref: string }>;
  requestBody?: { content?: Record<string, { schema?: unknown }> } | { $ref: string };
}

interface PathEntry {
  template: string;
  regex: RegExp;
  literals: number;
  item: Record<string, unknown>;
}

interface Spec {
  paths: PathEntry[];
  components: Json;
  ajv: Ajv;
  validators: Map<string, ValidateFunction | null>;
}

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

let cached: Spec | null = null;

/** `nullable` without `type` is OpenAPI 3.0 only; ajv wants it spelled as anyOf with null. */
function fixNullable(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(fixNullable);
  if (node === null || typeof node !== "object") return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node as Json)) out[key] = fixNullable(value);
  if (out.nullable === true && out.type === undefined) {
    const { nullable: _drop, ...rest } = out;
    return { anyOf: [rest, { type: "null" }] };
  }
  return out;
}

function templateToRegex(template: string): { regex: RegExp; literals: number } {
  const segments = template.split("/").slice(1);
  let literals = 0;
  const parts = segments.map((segment) => {
    if (/^\{[^}]+\}$/.test(segment)) return "[^/]+";
    literals++;
    // A segment may mix literal text and a parameter, e.g. `{base}...{head}`.
    return segment
      .split(/(\{[^}]+\})/)
      .map((piece) =>
        piece.startsWith("{") ? "[^/]+" : piece.replace(/[.*+?^$()|[\]\\]/g, "\\$&"),
      )
      .join("");
  });
  return { regex: new RegExp(`^/${parts.join("/")}$`), literals };
}

function load(): Spec {
  if (cached) return cached;
  const raw = readFileSync(require.resolve(SPEC_FILE), "utf8");
  // Point every local ref at the components schema registered under the id "gh".
  const spec = JSON.parse(raw.replaceAll('"$ref": "#/', '"$ref": "gh#/')) as {
    paths: Record<string, Record<string, unknown>>;
    components: Json;
  };
  const components = spec.components;
  components.schemas = fixNullable(components.schemas);
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, logger: false });
  const addFormats = addFormatsModule as unknown as (a: Ajv) => Ajv;
  addFormats(ajv);
  ajv.addFormat("repo.nwo", /^[^/]+\/[^/]+$/);
  ajv.addFormat("timestamp", true);
  ajv.addSchema({ $id: "gh", components });
  const paths = Object.entries(spec.paths).map(([template, item]) => ({
    template,
    item,
    ...templateToRegex(template),
  }));
  // More literal segments first: `/repos/{o}/{r}/issues/comments/{id}` beats
  // `/repos/{o}/{r}/issues/{issue_number}/comments`-like ambiguities.
  paths.sort((a, b) => b.literals - a.literals);
  cached = { paths, components, ajv, validators: new Map() };
  return cached;
}

function resolve<T>(spec: Spec, node: T | { $ref: string }): T {
  if (node && typeof node === "object" && "$ref" in node && typeof node.$ref === "string") {
    const path = node.$ref.replace(/^gh#\//, "").split("/");
    let target: unknown = { components: spec.components };
    for (const key of path) target = (target as Json)[key];
    return target as T;
  }
  return node as T;
}

function bodyValidator(spec: Spec, key: string, op: Operation): ValidateFunction | null {
  if (spec.validators.has(key)) return spec.validators.get(key) ?? null;
  let validator: ValidateFunction | null = null;
  if (op.requestBody) {
    const body = resolve(spec, op.requestBody) as {
      content?: Record<string, { schema?: unknown }>;
    };
    const schema = body.content?.["application/json"]?.schema;
    if (schema) validator = spec.ajv.compile(fixNullable(schema) as Json);
  }
  spec.validators.set(key, validator);
  return validator;
}

export interface CheckedRequest {
  method: string;
  /** Absolute URL, or a path with optional query string. */
  url: string;
  /** Parsed JSON body (or a JSON string), undefined when there is none. */
  body?: unknown;
}

/** The operation a request maps to, e.g. "POST /repos/{owner}/{repo}/issues/{issue_number}/comments". */
export function findOperation(method: string, url: string): string | null {
  const spec = load();
  const { pathname } = new URL(url, "https://api.github.com");
  const lower = method.toLowerCase();
  for (const entry of spec.paths) {
    if (entry.regex.test(pathname) && entry.item[lower]) {
      return `${method.toUpperCase()} ${entry.template}`;
    }
  }
  return null;
}

/** Every way the request disagrees with GitHub's OpenAPI description; empty when it is valid. */
export function checkRequest(request: CheckedRequest): string[] {
  const spec = load();
  const method = request.method.toLowerCase();
  const label = `${request.method.toUpperCase()} ${request.url}`;
  // The raw pathname: Octokit sends `/` inside {path} or {ref} as %2F, one segment.
  const parsed = new URL(request.url, "https://api.github.com");
  const matches = spec.paths.filter((entry) => entry.regex.test(parsed.pathname));
  if (matches.length === 0) return [`${label}: no such path in GitHub's REST API`];
  const entry = matches.find((m) => m.item[method]);
  if (!entry) {
    const allowed = METHODS.filter((m) => matches[0]?.item[m]).map((m) => m.toUpperCase());
    return [
      `${label}: method not allowed on ${matches[0]?.template} (allowed: ${allowed.join(", ")})`,
    ];
  }
  const op = entry.item[method] as Operation;
  const violations: string[] = [];

  const declared = [
    ...((entry.item.parameters as Operation["parameters"]) ?? []),
    ...(op.parameters ?? []),
  ].map((p) => resolve<Parameter>(spec, p));
  const queryNames = new Set(declared.filter((p) => p.in === "query").map((p) => p.name));
  for (const name of new Set(parsed.searchParams.keys())) {
    if (!queryNames.has(name)) {
      violations.push(`${label}: unknown query parameter "${name}" for ${entry.template}`);
    }
  }

  let body = request.body;
  if (typeof body === "string" && body.length > 0) {
    try {
      body = JSON.parse(body);
    } catch {
      violations.push(`${label}: body is not JSON`);
      return violations;
    }
  }
  if (body === "" || body === null) body = undefined;
  const validate = bodyValidator(spec, `${method} ${entry.template}`, op);
  if (body !== undefined && !validate && method !== "get" && method !== "delete") {
    violations.push(`${label}: ${entry.template} takes no JSON body`);
  }
  if (validate) {
    // A validator is only compiled from a request body.
    if (!op.requestBody) throw new Error(`${label}: body validator without a request body`);
    const required = (resolve(spec, op.requestBody) as { required?: boolean }).required === true;
    if (body === undefined) {
      if (required) violations.push(`${label}: request body required by ${entry.template}`);
    } else if (!validate(body)) {
      for (const err of validate.errors ?? []) {
        violations.push(
          `${label}: body${err.instancePath || ""} ${err.message ?? "invalid"} ${JSON.stringify(err.params)}`,
        );
      }
    }
  }
  return violations;
}
