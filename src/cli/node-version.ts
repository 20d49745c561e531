// The CLI's first module (index.ts imports it, then the rest dynamically; it imports
// nothing), so an older Node meets this one line before any code it cannot run.
// Keep it to syntax Node 18 parses: the entry file is read as a whole before it runs.
const MINIMUM = 24;
const major = Number(process.versions.node.split(".")[0]);

if (major < MINIMUM) {
  process.stderr.write(
    `dxfix: needs Node.js ${MINIMUM} or later; this is Node.js ${process.versions.node} (${process.execPath}). Install Node ${MINIMUM} (https://nodejs.org, or \`nvm install ${MINIMUM}\`) and run dxfix again.\n`,
  );
  process.exit(2);
}

export {};
