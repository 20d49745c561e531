// The words a plan is read by, in every language dxfix knows: one row per language.
// Kiro writes plans in the user's language (`检查点`, `_要件: 1.2_`, `**Propiedad 1: ...**`),
// so every rule that looks for a word takes it from here. To add a language, add one
// row (docs/plan.md, "Plans in other languages"); nothing else changes.

export interface Keywords {
  /** A group title naming one of these is a checkpoint. */
  checkpoint: string[];
  /** Field names of a requirement reference (`_Requirements: 1.1_`). */
  requirements: string[];
  /** The word of a `Validates: Requirements 1.2` line. */
  validates: string[];
  /** The word of a `Property 1: title` line. */
  property: string[];
  /** Words before the number of a heading group or task (`## Task 3: title`). */
  heading: string[];
  /** Field names of a task's state (`- **Status**: done`). */
  status: string[];
  /** Status values, per state. */
  done: string[];
  todo: string[];
  inProgress: string[];
  /** Section headings that hold earlier, no longer live work (`## Archive`). */
  archive: string[];
  /** requirements.md: the heading (or bold line) before a requirement's criteria. */
  criteria: string[];
  /** requirements.md: the label of a requirement's user story. */
  story: string[];
  /** Verbs that open a line asking to run what follows (`Run \`npm test\``, `运行 \`pytest\``). */
  run: string[];
  /** Words after a command that ask to run it (`\`npm test\` を実行する`, `\`mvn verify\` ausführen`). */
  runAfter: string[];
  /** Verbs that open a line checking an outcome (`Ensure ... passes`, `Vérifier que ...`). */
  check: string[];
}

export const KEYWORDS: Record<string, Keywords> = {
  en: {
    checkpoint: ["checkpoint", "check-point", "check point"],
    requirements: ["requirements", "requirement", "reqs", "req"],
    validates: ["validates", "validate"],
    property: ["property"],
    heading: ["task", "phase", "step", "stage", "milestone", "group", "part", "epic"],
    status: ["status", "state"],
    done: ["done", "complete", "completed", "finished", "implemented", "passed"],
    todo: ["pending", "todo", "to do", "not started", "open", "planned", "blocked"],
    inProgress: ["in progress", "in-progress", "wip", "started", "ongoing", "partial"],
    archive: [
      "previously completed",
      "archive",
      "archived",
      "superseded",
      "obsolete",
      "deprecated",
      "cancelled tasks",
      "canceled tasks",
    ],
    criteria: ["acceptance criteria", "acceptance scenarios", "criteria"],
    story: ["user story"],
    run: ["run", "runs", "re-run", "rerun", "execute", "exec", "invoke", "build with"],
    runAfter: [],
    check: ["ensure", "verify", "check", "confirm", "make sure", "test that", "validate"],
  },
  zh: {
    checkpoint: ["检查点", "檢查點"],
    requirements: ["需求", "要求"],
    validates: ["验证", "驗證"],
    property: ["属性", "屬性"],
    heading: ["任务", "任務", "阶段", "階段", "步骤", "步驟"],
    status: ["状态", "狀態"],
    done: ["已完成", "完成"],
    todo: ["待办", "待辦", "未开始", "未開始", "待完成", "待处理"],
    inProgress: ["进行中", "進行中"],
    archive: ["归档", "歸檔", "已废弃", "已廢棄"],
    criteria: ["验收标准", "驗收標準", "验收条件"],
    story: ["用户故事", "使用者故事"],
    run: ["运行", "運行", "执行", "執行"],
    runAfter: [],
    check: ["确保", "確保", "确认", "確認", "检查", "檢查"],
  },
  ja: {
    checkpoint: ["チェックポイント"],
    requirements: ["要件"],
    validates: ["検証"],
    property: ["プロパティ", "特性"],
    heading: ["タスク", "フェーズ", "ステップ"],
    status: ["ステータス", "状態"],
    done: ["完了", "済"],
    todo: ["未着手", "未完了", "保留"],
    inProgress: ["進行中", "作業中"],
    archive: ["アーカイブ", "廃止"],
    criteria: ["受入基準", "受け入れ基準", "受入条件"],
    story: ["ユーザーストーリー"],
    run: ["実行する", "実行"],
    runAfter: ["を実行", "実行"],
    check: [],
  },
  ko: {
    checkpoint: ["체크포인트", "검사점"],
    requirements: ["요구사항", "요구 사항"],
    validates: ["검증"],
    property: ["속성"],
    heading: ["작업", "태스크", "단계"],
    status: ["상태"],
    done: ["완료"],
    todo: ["대기", "미완료", "예정"],
    inProgress: ["진행 중", "진행중"],
    archive: ["보관", "폐기"],
    criteria: ["수용 기준", "인수 기준", "승인 기준"],
    story: ["사용자 스토리"],
    run: ["실행"],
    runAfter: ["를 실행", "을 실행", "실행"],
    check: [],
  },
  es: {
    checkpoint: ["punto de control", "punto de verificación"],
    requirements: ["requisitos", "requisito", "requerimientos"],
    validates: ["valida", "validación", "verifica"],
    property: ["propiedad"],
    heading: ["tarea", "fase", "paso", "etapa"],
    status: ["estado"],
    done: ["completado", "completada", "hecho", "terminado", "terminada"],
    todo: ["pendiente", "por hacer", "no iniciado"],
    inProgress: ["en progreso", "en curso"],
    archive: ["archivo", "archivado", "archivadas", "obsoleto", "obsoletas"],
    criteria: ["criterios de aceptación"],
    story: ["historia de usuario"],
    run: ["ejecutar", "ejecuta", "ejecute", "correr", "lanzar"],
    runAfter: [],
    check: ["asegurar", "asegurarse", "verificar", "comprobar", "confirmar"],
  },
  pt: {
    checkpoint: ["ponto de verificação", "ponto de controle", "ponto de controlo"],
    requirements: ["requisitos", "requisito"],
    validates: ["valida", "validação"],
    property: ["propriedade"],
    heading: ["tarefa", "fase", "etapa", "passo"],
    status: ["status", "estado"],
    done: ["concluído", "concluída", "feito", "completo"],
    todo: ["pendente", "a fazer", "não iniciado"],
    inProgress: ["em andamento", "em progresso"],
    archive: ["arquivo", "arquivado", "arquivadas", "obsoleto"],
    criteria: ["critérios de aceitação", "critérios de aceite"],
    story: ["história de usuário", "história do usuário"],
    run: ["executar", "rodar"],
    runAfter: [],
    check: ["garantir", "verificar", "confirmar", "conferir"],
  },
  fr: {
    checkpoint: ["point de contrôle", "point de vérification"],
    requirements: ["exigences", "exigence"],
    validates: ["valide", "validation"],
    property: ["propriété"],
    heading: ["tâche", "phase", "étape"],
    status: ["statut", "état"],
    done: ["terminé", "terminée", "fait", "fini"],
    todo: ["à faire", "en attente", "non commencé"],
    inProgress: ["en cours"],
    archive: ["archive", "archivé", "archivées", "obsolète"],
    criteria: ["critères d'acceptation", "critères d'acceptance"],
    story: ["récit utilisateur", "histoire utilisateur", "user story"],
    run: ["lancer", "lance", "exécuter", "exécutez", "exécute"],
    runAfter: [],
    check: ["vérifier", "s'assurer", "confirmer"],
  },
  de: {
    checkpoint: ["kontrollpunkt", "prüfpunkt", "checkpunkt"],
    requirements: ["anforderungen", "anforderung"],
    validates: ["validiert", "überprüft", "validierung"],
    property: ["eigenschaft"],
    heading: ["aufgabe", "phase", "schritt"],
    status: ["status", "zustand"],
    done: ["erledigt", "fertig", "abgeschlossen"],
    todo: ["offen", "ausstehend", "geplant"],
    inProgress: ["in bearbeitung", "in arbeit"],
    archive: ["archiv", "archiviert", "veraltet"],
    criteria: ["akzeptanzkriterien", "abnahmekriterien"],
    story: ["user story", "benutzergeschichte"],
    run: ["ausführen", "führe", "starte"],
    runAfter: ["ausführen", "laufen lassen"],
    check: ["sicherstellen", "prüfen", "überprüfen"],
  },
};

/** Every language's words of one kind, longest first (so `requirements` wins over `req`). */
export function wordsOf(kind: keyof Keywords): string[] {
  const all = new Set(Object.values(KEYWORDS).flatMap((k) => k[kind]));
  return [...all].sort((a, b) => b.length - a.length);
}

const SPECIAL = /[.*+?^${}()|[\]\\]/g;
const LATIN = /^[\p{Script=Latin}\s'-]+$/u;

const patterns = new Map<keyof Keywords, string>();

/**
 * An alternation of the words of `kind`, matched in any case, for a `u` pattern. Latin
 * words stand alone (`\b` would not work past ASCII): no letter may touch them; CJK words
 * have no spaces around them, so they match inside a line.
 */
export function wordsPattern(kind: keyof Keywords): string {
  // Built once per kind: the plan modules ask for `requirements` six times as they load.
  const known = patterns.get(kind);
  if (known !== undefined) return known;
  const latin: string[] = [];
  const other: string[] = [];
  for (const w of wordsOf(kind)) {
    const body = w.replace(SPECIAL, "\\$&").replace(/[ -]/g, "[\\s-]?");
    (LATIN.test(w) ? latin : other).push(body);
  }
  // The letter guards are written once around all Latin words, not once per word, and
  // outside the words' `(?i:…)`: V8 takes about a millisecond to compile each `\p{L}`
  // under case folding (the `i` flag), and a pattern with one pair per word took 5-10 ms
  // on first use (bench/startup.bench.ts). Patterns built on these use the `u` flag only.
  const guarded =
    latin.length > 0 ? [`(?<![\\p{L}\\p{N}])(?i:${latin.join("|")})(?![\\p{L}])`] : [];
  const rest = other.length > 0 ? [`(?i:${other.join("|")})`] : [];
  const pattern = `(?:${[...guarded, ...rest].join("|")})`;
  patterns.set(kind, pattern);
  return pattern;
}

/** Colons as written in any language (`:`, the full-width `：`), with optional space before. */
export const COLON = "\\s*[:：]";
