import { createRequire as __dxfixCreateRequire } from 'node:module'; const require = __dxfixCreateRequire(import.meta.url);
import"./chunk-QJLPOXA4.js";import{a as f,b as h,e as y,f as E}from"./chunk-3IQX4LME.js";import"./chunk-7AWBCTOW.js";import{a as g,b as k,c as w,d as b}from"./chunk-ZXTNXTTU.js";import{a as x}from"./chunk-5MXMPDH7.js";import{a as d,b as m,d as p,f as u}from"./chunk-UFYMK535.js";import"./chunk-TYWG5VCN.js";var a=`fix options:
  --group <id>            the task group to work on (required)
  --fixer '<command>'     a coding agent's command line; {brief} is the brief's text and
                          {brief_file} its path (quoted); DXFIX_BRIEF is always set.
                          Without it: only the plan's own mechanical edits
  --input file|stdin|arg  how the fixer gets the brief besides DXFIX_BRIEF (default file)
  --guidance-file <file>  your answer to the fixer's question, added to the brief
  --attempts <n>          fixer attempts while the gates fail (default 3)
  --fixer-timeout <min>   time limit of one fixer attempt (default 30)
  --timeout <minutes>     per-command timeout of the gates (default 30)
  --max-lines <n>         most changed lines accepted (default 2000)
  --requirements <file>   requirements.md (default: the one beside tasks.md)`;var q=`options:
  --requirements <file>   requirements.md (default: the one beside tasks.md)
  --json                  print JSON instead of text`,v="  --matrix                the independent checkpoint units as strategy.matrix JSON (docs/matrix.md)",O=`check options:
  --requirements <file>   requirements.md (default: the one beside tasks.md)
  --cwd <dir>             directory plan paths resolve against (default: git top level of the plan)
  --checkpoint <id>       run only this checkpoint (repeatable)
  --fail-fast             stop at the first failing checkpoint
  --timeout <minutes>     per-command timeout (default 30)
  --junit <glob>          JUnit XML files commands leave behind (repeatable)
  --json <file>           write the JSON report (- for stdout)
  --markdown <file>       write the Markdown checklist
  --quiet, -q             do not echo the commands' output (progress and the checklist still print)
  --no-reuse              run every command (default: reuse passed results of the same key)
  --cache-dir <dir>       where passed results are kept (default .git/dxfix-cache)`,c={plan:`Usage: dxfix plan <tasks.md> [--requirements <file>] [--json | --matrix]

Show the plan's tree, its trace (criterion -> tasks -> checkpoints) and coverage, then
its problems. Exit 1 when the plan has errors (see dxfix lint).

${q}
${v}`,lint:`Usage: dxfix lint <tasks.md> [--requirements <file>] [--json]

Print the plan's problems as file:line:col: severity code message. Exit 1 on errors.

${q}`,check:`Usage: dxfix check <tasks.md> [options]

Run the plan's checkpoints from the project root (default: the git top level of the
plan) and print the requirement-by-requirement checklist. Exit 1 when a checkpoint
fails, 2 when the plan has errors (nothing is run then).

${O}`,fix:`Usage: dxfix fix <tasks.md> --group <id> [options]

Do a task group with a fixer (a coding agent's command line) until its checkpoints
pass; commits locally, pushes nothing. Exit 1 when the checkpoints still fail.

${a}`},l=`dxfix: run a spec-driven plan's checkpoints and trace its requirements

Usage:
  dxfix plan <tasks.md> [--requirements <file>] [--json]   show the plan tree, trace and coverage
  dxfix plan <tasks.md> --matrix                          the independent checkpoint units as strategy.matrix JSON
  dxfix lint <tasks.md> [--requirements <file>] [--json]   print problems as file:line:col (exit 1 on errors)
  dxfix check <tasks.md> [options]                         run the checkpoints and print the checklist
  dxfix fix <tasks.md> --group <id> [options]              do a task group with a fixer until its checkpoints
                                                           pass; commits locally, pushes nothing
  dxfix <command> --help                                   one command's options

Paths are relative to the current directory.

${O}

${a}

Exit codes: 0 success, 1 a checkpoint failed (check), errors found (plan, lint) or the
group's checkpoints still fail (fix), 2 usage or plan errors.`;function P(e,t){return{...f(t),line:n=>e(`${n}
`),color:t}}process.stdout.on("error",e=>{throw e.code==="EPIPE"&&process.exit(process.exitCode??0),e});var i=P(e=>process.stdout.write(e),h(process.stdout));function C(e,t){let{values:n,positionals:s}=k({args:e,allowPositionals:!0,options:{requirements:{type:"string"},json:{type:"boolean"},matrix:{type:"boolean"}}});return{plan:b(s,t),requirements:n.requirements??null,json:n.json??!1,matrix:n.matrix??!1}}var o={plan:e=>y(C(e,"plan"),i),lint:e=>E(C(e,"lint"),i),async check(e){let{checkCommand:t}=await import("./check-2IDKMFSQ.js");return t(e,i)},async fix(e){let{fixCommand:t}=await import("./fix-H522FHSV.js");return t(e,i)}};function j(e){let t=e.includes("--")?e.slice(0,e.indexOf("--")):e;return t.includes("--help")||t.includes("-h")}async function I(e){let[t,...n]=e;if(!t||t==="help"||t==="--help"||t==="-h")return i.line(n[0]&&c[n[0]]||l),t?0:2;if(t==="--version"||t==="-v")return i.line(`dxfix ${x}`),0;let s=Object.hasOwn(o,t)?o[t]:void 0;try{if(!s)throw new m(N(t));return j(n)?(i.line(c[t]??l),0):await s(n)}catch(r){if(!(r instanceof d))throw r;let $=r instanceof g?` (dxfix ${t} --help)`:"";return process.stderr.write(`dxfix: ${u(r)}${$}
`),2}}function N(e){let t=w(e,Object.keys(o)),n=t?`did you mean ${t}? `:"";return`unknown command "${e}" (${n}commands: ${Object.keys(o).join(", ")}; dxfix --help)`}I(process.argv.slice(2)).then(e=>{process.exitCode=e},e=>{process.stderr.write(`dxfix: internal error: ${p(e)}
`),process.exitCode=2});export{I as main};
