// Caps what one command echoes to a log. A job log is not the place for a gigabyte
// (the Action once echoed 1,074 MB of one command): the first `headBytes` stream
// through live, the last `tailBytes` are held in a ring and written when the command
// ends, and what fell between them is counted for a notice.
import { OutputCapture } from "./output.ts";

export const ECHO_HEAD_BYTES = 1024 * 1024;
export const ECHO_TAIL_BYTES = 1024 * 1024;

export class CappedEcho {
  readonly #write: (chunk: Buffer | string) => void;
  readonly #headBytes: number;
  readonly #tail: OutputCapture;
  #echoed = 0;
  #lastByte = 0x0a;

  constructor(
    write: (chunk: Buffer | string) => void,
    headBytes = ECHO_HEAD_BYTES,
    tailBytes = ECHO_TAIL_BYTES,
  ) {
    this.#write = write;
    this.#headBytes = headBytes;
    this.#tail = new OutputCapture(0, tailBytes);
  }

  push(chunk: Buffer): void {
    let rest = chunk;
    const room = this.#headBytes - this.#echoed;
    if (room > 0) {
      // Where the head is full, cut after its last complete line if the chunk has one.
      let cut = Math.min(room, rest.length);
      if (cut < rest.length) {
        const nl = rest.lastIndexOf(0x0a, cut - 1);
        if (nl >= 0) cut = nl + 1;
      }
      this.#out(rest.subarray(0, cut));
      this.#echoed = cut < rest.length ? this.#headBytes : this.#echoed + cut;
      rest = rest.subarray(cut);
    }
    if (rest.length > 0) this.#tail.push(rest);
  }

  /** Writes the held tail (after a line saying what was left out); returns the bytes left out. */
  end(): number {
    if (this.#tail.totalBytes === 0) return this.#newline();
    const { tail, droppedBytes } = this.#tail.result();
    if (droppedBytes > 0) {
      this.#newline();
      this.#write(`[dxfix: ${droppedBytes} bytes of output left out of the log here]\n`);
    }
    this.#out(Buffer.from(tail));
    this.#newline();
    return droppedBytes;
  }

  /** Ends the last line, so what follows starts on its own. */
  #newline(): 0 {
    if (this.#lastByte !== 0x0a) this.#out(Buffer.from("\n"));
    return 0;
  }

  #out(bytes: Buffer): void {
    if (bytes.length === 0) return;
    this.#write(bytes);
    this.#lastByte = bytes[bytes.length - 1] ?? 0x0a;
  }
}
