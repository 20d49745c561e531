#!/usr/bin/env node
import { createRequire as __dxfixCreateRequire } from 'node:module'; const require = __dxfixCreateRequire(import.meta.url);
import"./chunks/chunk-QJLPOXA4.js";await import("./chunks/main-FYDKYDCJ.js");
