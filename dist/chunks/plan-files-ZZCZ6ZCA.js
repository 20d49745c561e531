import { createRequire as __dxfixCreateRequire } from 'node:module'; const require = __dxfixCreateRequire(import.meta.url);
import{e as a}from"./chunk-6Z4XRYLW.js";import"./chunk-OFRNI2RO.js";import"./chunk-TYWG5VCN.js";export{a as readPlanFiles};
