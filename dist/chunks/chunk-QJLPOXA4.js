import { createRequire as __dxfixCreateRequire } from 'node:module'; const require = __dxfixCreateRequire(import.meta.url);
var s=Number(process.versions.node.split(".")[0]);s<24&&(process.stderr.write(`dxfix: needs Node.js 24 or later; this is Node.js ${process.versions.node} (${process.execPath}). Install Node 24 (https://nodejs.org, or \`nvm install 24\`) and run dxfix again.
`),process.exit(2));
