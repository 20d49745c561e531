// A client that POSTs a body it never finishes, run as its own process: nock, loaded by
// the tests, patches every socket in the test process (even raw ones to loopback) and
// holds a streamed body back until it ends, which this one never does.
// Usage: node endless-post.ts <url> <headers JSON> [declared content-length]
// Prints `{ status, body, sent }` once the server answers; exits 1 if it closes first.
import { connect } from "node:net";

const [url = "", headersJson = "{}", declared] = process.argv.slice(2);
const { hostname, port, pathname } = new URL(url);
const chunk = Buffer.alloc(64 * 1024, "x");
// Chunked framing when no length is declared: `10000` is 64 KiB in hex.
const framed = declared
  ? chunk
  : Buffer.concat([Buffer.from("10000\r\n"), chunk, Buffer.from("\r\n")]);
const head: Record<string, string> = {
  host: hostname,
  ...(declared ? { "content-length": declared } : { "transfer-encoding": "chunked" }),
  ...(JSON.parse(headersJson) as Record<string, string>),
};
const LIMIT = 256 * 1024 * 1024;
const socket = connect(Number(port), hostname);
let sent = 0;
let answer = "";
const pump = () => {
  while (answer === "" && sent < LIMIT && socket.write(framed)) sent += chunk.length;
};
socket.on("connect", () => {
  const lines = Object.entries(head).map(([k, v]) => `${k}: ${v}\r\n`);
  socket.write(`POST ${pathname} HTTP/1.1\r\n${lines.join("")}\r\n`);
  pump();
});
socket.on("drain", pump);
socket.on("data", (d: Buffer) => {
  answer += d.toString();
  const [top = "", body = ""] = answer.split("\r\n\r\n");
  if (!body.includes("\n")) return;
  console.log(JSON.stringify({ status: Number(top.split(" ")[1]), body, sent }));
  process.exit(0);
});
socket.on("error", (error) => {
  console.error(`endless-post: ${error.message}`);
  process.exit(1);
});
socket.on("close", () => process.exit(1));
