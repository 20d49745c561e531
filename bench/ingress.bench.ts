// Peak RSS of the bot's HTTP server receiving unauthenticated bodies: one 100 MB body
// with a forged signature and four 50 MB ones at once, against Probot's middleware alone
// (what `npm run bot` served before) and against createBotServer (src/bot/server.ts),
// plus four bodies just under GitHub's 25 MB cap, which are read and then refused.
// Each server runs in its own process; its peak is VmHWM from /proc (Linux only).
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { connect } from "node:net";
import { createNodeMiddleware, Probot } from "probot";
import { dxfixApp } from "../src/bot/app.ts";
import { createBotServer } from "../src/bot/server.ts";

const MB = 1024 * 1024;

async function serve(mode: string): Promise<void> {
  const probot = new Probot({ appId: 1, privateKey: "unused", secret: "s", logLevel: "fatal" });
  const server =
    mode === "middleware"
      ? createServer(await createNodeMiddleware(dxfixApp, { probot }))
      : await createBotServer(probot);
  server.listen(0, "127.0.0.1", () => {
    const address = server.address();
    console.log(typeof address === "object" && address ? address.port : 0);
  });
}

/** POST `size` bytes with a forged signature; resolves when the server answers or hangs up. */
function post(port: number, size: number): Promise<void> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    const chunk = Buffer.alloc(MB, "x");
    let sent = 0;
    let done = false;
    const finish = () => {
      done = true;
      socket.destroy();
      resolve();
    };
    const pump = () => {
      while (!done && sent < size && socket.write(chunk)) sent += chunk.length;
      if (sent >= size) socket.end();
    };
    socket.on("connect", () => {
      socket.write(
        `POST /api/github/webhooks HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\nx-github-event: push\r\nx-github-delivery: d\r\nx-hub-signature-256: sha256=${"0".repeat(64)}\r\ncontent-length: ${size}\r\n\r\n`,
      );
      pump();
    });
    socket.on("drain", pump);
    socket.on("data", finish);
    socket.on("error", finish);
    socket.on("close", finish);
  });
}

function peakMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Math.round(Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024);
}

async function measure(mode: string, sizes: number[]): Promise<number> {
  const child = spawn(process.execPath, [import.meta.filename, "serve", mode], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const port = await new Promise<number>((resolve) =>
    child.stdout.once("data", (d: Buffer) => resolve(Number(d.toString().trim()))),
  );
  await Promise.all(sizes.map((size) => post(port, size)));
  const peak = peakMb(child.pid ?? 0);
  child.kill();
  return peak;
}

if (process.argv[2] === "serve") {
  await serve(process.argv[3] ?? "server");
} else {
  console.log(
    "peak RSS (MB) of the server process | one 100 MB body | four 50 MB bodies | four 24 MB bodies",
  );
  for (const mode of ["middleware", "server"]) {
    const one = await measure(mode, [100 * MB]);
    const four = await measure(mode, [50 * MB, 50 * MB, 50 * MB, 50 * MB]);
    // Under the cap: read whole, then refused for the signature.
    const under = await measure(mode, [24 * MB, 24 * MB, 24 * MB, 24 * MB]);
    const label = mode === "middleware" ? "Probot middleware (before)" : "createBotServer (after)";
    const cells = [one, four, under].map((n, i) => String(n).padStart([15, 17, 17][i] ?? 0));
    console.log(`${label.padEnd(27)}| ${cells.join(" | ")}`);
  }
}
