#!/usr/bin/env node
import { createRequire as __dxfixCreateRequire } from 'node:module'; const require = __dxfixCreateRequire(import.meta.url);
import{a as d,b as p,d as h,e as x}from"./chunks/chunk-2IT3GNLI.js";import{a as u,b as f}from"./chunks/chunk-YEFOAW4H.js";import{e as m}from"./chunks/chunk-EHX4KANU.js";import{a as s,b as a,d as l,f as c}from"./chunks/chunk-RMTI74LP.js";import"./chunks/chunk-TYWG5VCN.js";var g=`fix options:
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
  --requirements <file>   requirements.md (default: the one beside tasks.md)`;function k(e,t){return{...d(t),line:r=>e(`${r}
`),color:t}}var b=`dxfix: run a spec-driven plan's checkpoints and trace its requirements

Usage:
  dxfix plan <tasks.md> [--requirements <file>] [--json]   show the plan tree, trace and coverage
  dxfix lint <tasks.md> [--requirements <file>] [--json]   print problems as file:line:col (exit 1 on errors)
  dxfix check <tasks.md> [options]                         run the checkpoints and print the checklist
  dxfix fix <tasks.md> --group <id> [options]              do a task group with a fixer until its checkpoints
                                                           pass; commits locally, pushes nothing

check options:
  --requirements <file>   requirements.md (default: the one beside tasks.md)
  --cwd <dir>             directory plan paths resolve against (default: git top level of the plan)
  --checkpoint <id>       run only this checkpoint (repeatable)
  --fail-fast             stop at the first failing checkpoint
  --timeout <minutes>     per-command timeout (default 30)
  --junit <glob>          JUnit XML files commands leave behind (repeatable)
  --json <file>           write the JSON report (- for stdout)
  --markdown <file>       write the Markdown checklist
  --quiet, -q             do not echo the commands' output (progress and the checklist still print)

${g}

Exit codes: 0 success, 1 a checkpoint failed (check), errors found (lint) or the group's
checkpoints still fail (fix), 2 usage or plan errors.`;process.stdout.on("error",e=>{throw e.code==="EPIPE"&&process.exit(process.exitCode??0),e});var o=k(e=>process.stdout.write(e),p(process.stdout));function w(e,t){let{values:r,positionals:i}=u({args:e,allowPositionals:!0,options:{requirements:{type:"string"},json:{type:"boolean"}}});return{plan:f(i,t),requirements:r.requirements??null,json:r.json??!1}}var y={plan:e=>h(w(e,"plan"),o),lint:e=>x(w(e,"lint"),o),async check(e){let{checkCommand:t}=await import("./chunks/check-VNFUDP7J.js");return t(e,o)},async fix(e){let{fixCommand:t}=await import("./chunks/fix-3YXABPEY.js");return t(e,o)}};async function q(e){let[t,...r]=e;if(!t||t==="help"||t==="--help"||t==="-h")return o.line(b),t?0:2;if(t==="--version"||t==="-v")return o.line(`dxfix ${m}`),0;let i=y[t];try{if(!i)throw new a(`unknown command "${t}" (try: plan, lint, check, fix)`);return await i(r)}catch(n){if(!(n instanceof s))throw n;return process.stderr.write(`dxfix: ${c(n)}
`),2}}q(process.argv.slice(2)).then(e=>{process.exitCode=e},e=>{process.stderr.write(`dxfix: internal error: ${l(e)}
`),process.exitCode=2});export{q as main};
