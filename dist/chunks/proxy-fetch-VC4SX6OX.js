import { createRequire as __dxfixCreateRequire } from 'node:module'; const require = __dxfixCreateRequire(import.meta.url);
import{b as a,e as t}from"./chunk-JMVJUD5N.js";import"./chunk-6JNCDU5I.js";import{d as n}from"./chunk-TYWG5VCN.js";var e=n(a(),1);function p(i){let o=new t().getAgentDispatcher(i);return((r,c)=>(0,e.fetch)(r,{...c,dispatcher:o}))}export{p as proxyFetch};
