// Live output goes to this process's stdout and stderr (every edge echoes there). Writes
// to a pipe are asynchronous: `dxfix check … | less` or a slow log collector used to
// queue everything the command printed faster than the reader took it (200 MB of output
// piped: 484 MB RSS). While either stream is backed up, the runner stops reading the
// command's pipes; the command then blocks on its own full pipe, as it would in a shell.
import type { Writable } from "node:stream";

/** The streams echoes land on (a test may swap in its own). */
let sinks: readonly Writable[] = [process.stdout, process.stderr];

export function setEchoSinks(streams: readonly Writable[]): void {
  sinks = streams;
}

/** Settles once every backed-up sink has drained (or closed); null when none is backed up. */
export function echoDrained(): Promise<void> | null {
  const full = sinks.filter((s) => s.writableNeedDrain && !s.destroyed);
  if (full.length === 0) return null;
  return Promise.all(full.map(drained)).then(() => undefined);
}

function drained(stream: Writable): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off("drain", done);
      stream.off("close", done);
      stream.off("error", done);
      resolve();
    };
    stream.on("drain", done);
    stream.on("close", done);
    stream.on("error", done);
  });
}
