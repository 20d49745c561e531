// The plan model: what every parser produces and everything else consumes.
// A parser for another format (GitHub Spec Kit, ...) only has to fill these types;
// trace, lint and the lossless editor work on them unchanged.

export type TaskState = "todo" | "in_progress" | "done";
export type GroupKind = "work" | "checkpoint" | "verification";
export type Severity = "error" | "warning" | "info";

/**
 * Where a task's state is written. A checkbox: the character inside `[ ]`, and editing a
 * state rewrites exactly this one character. A status field (`- **Status**: done`, in
 * plans without checkboxes): its value, which an edit rewrites in the same vocabulary.
 */
export interface Checkbox {
  /** Offset of the state character (the space, `x`, `X` or `-` between the brackets), or of the field's value. */
  offset: number;
  state: TaskState;
  /** Set for a status field: the value as written, and what to write for each state. */
  field?: { text: string; words: Record<TaskState, string> };
}

/** A command the plan asks to be run, with the directory it names (relative, as written). */
export interface Command {
  run: string;
  /** Working directory as written in the plan (`in <dir> directory`), or null for the root. */
  cwd: string | null;
  line: number;
  column: number;
  /** Where it came from: a bullet's text, a fenced shell block, or `.github/dxfix.yml`. */
  source: "inline" | "fence" | "config";
}

export interface Reference {
  id: string;
  line: number;
  column: number;
}

export interface Property {
  /** The property number as written, e.g. "1". */
  id: string;
  title: string;
  /** Criterion ids it validates (from `Validates: Requirements ...`). */
  validates: string[];
  line: number;
}

export interface Task {
  /** Dotted id as written (`2.1`, `2.1.3`). */
  id: string;
  title: string;
  state: TaskState;
  /** Null when the item has no checkbox (then its state cannot be edited). */
  box: Checkbox | null;
  /** Kiro marks optional tasks with `*` after the box. */
  optional: boolean;
  /** Criterion ids this task claims (expanded lists and ranges, in order, unique). */
  requirements: string[];
  /** Where each claimed id is written (first occurrence). */
  references: Reference[];
  properties: Property[];
  commands: Command[];
  /** Detail bullets that are neither commands, references nor properties. */
  details: string[];
  /** Id of the enclosing task for deeper nesting (`2.1` for `2.1.3`), else null. */
  parent: string | null;
  /** True when the task only runs commands (and checks their outcome). */
  verification: boolean;
  line: number;
  column: number;
}

export interface Group {
  /** The group number as a string (`1`, `3`). */
  id: string;
  title: string;
  kind: GroupKind;
  /** The box state when the group has one, else derived from its tasks. */
  state: TaskState;
  box: Checkbox | null;
  optional: boolean;
  tasks: Task[];
  /** Commands written directly under the group (typical for checkpoints). */
  commands: Command[];
  /** Criterion ids referenced directly under the group. */
  requirements: string[];
  references: Reference[];
  details: string[];
  line: number;
  column: number;
}

export interface Diagnostic {
  severity: Severity;
  /** Stable, kebab-case code (see docs/diagnostics.md). */
  code: string;
  message: string;
  file: string | null;
  line: number;
  column: number;
}

/** A task that is not live: struck through (cancelled) or kept in an archive section. */
export interface SetAside {
  /** Its number as written ("" for an unnumbered item). */
  id: string;
  title: string;
  line: number;
}

/** An unnumbered checkbox in a plan whose tasks are numbered: a checklist line, not a task. */
export interface ChecklistItem {
  text: string;
  state: TaskState;
  box: Checkbox;
  line: number;
  /** The heading of the section it is in. */
  section: string | null;
}

/** A live task or group whose id was written before: not read (the first one stays). */
export interface Duplicate {
  id: string;
  kind: "group" | "task";
  line: number;
}

export interface Plan {
  /** Which parser read it: "kiro" for both the canonical and the flattened Kiro form. */
  format: string;
  /** True when the parser recognised a damaged (flattened) copy and repaired it. */
  repaired: boolean;
  path: string | null;
  title: string | null;
  /** The live groups: only these gate, count and get PRs. */
  groups: Group[];
  /** Struck-through tasks (`~~1. title~~`). */
  cancelled: SetAside[];
  /** Tasks in a section that archives earlier work (`## Previously completed tasks`). */
  archived: SetAside[];
  checklists: ChecklistItem[];
  /** Ids written again after their first, live use; edits refuse such ids as ambiguous. */
  duplicates: Duplicate[];
  diagnostics: Diagnostic[];
}

/** One acceptance criterion of a requirements document (`N.k`). */
export interface Criterion {
  id: string;
  text: string;
  requirement: string;
  line: number;
}

export interface Requirement {
  id: string;
  title: string;
  userStory: string | null;
  criteria: Criterion[];
  line: number;
}

export interface RequirementsDoc {
  path: string | null;
  title: string | null;
  requirements: Requirement[];
  diagnostics: Diagnostic[];
}

/** Everything in a plan that runs commands and therefore can pass or fail. */
export interface Gate {
  /** Group id for a checkpoint group (`3`), task id for a verification task (`7.1`). */
  id: string;
  title: string;
  kind: "checkpoint" | "verification";
  groupId: string;
  /** Commands the gate names itself. */
  commands: Command[];
  /**
   * A checkpoint that names no command verifies with every distinct command the plan
   * ran before it; those are listed here (and commands is empty).
   */
  inherited: Command[];
  line: number;
}

/** Trace of one criterion through the plan. */
export interface CriterionTrace {
  id: string;
  /** Criterion text when a requirements document is known. */
  text: string | null;
  /** Task ids (or group ids, for references written on a group) that claim it. */
  tasks: string[];
  /** Gate ids that verify those tasks. */
  checkpoints: string[];
  /** Property ids that validate it. */
  properties: string[];
  covered: boolean;
  /** False when a requirements document is known and has no such criterion. */
  known: boolean;
}

export interface Trace {
  gates: Gate[];
  /** Group id -> the gate ids that verify its tasks (the checkpoints that gate it). */
  groupGates: Record<string, string[]>;
  criteria: CriterionTrace[];
  /** Criterion id -> positions of references to criteria the requirements document lacks. */
  unknown: { id: string; line: number; column: number }[];
}
