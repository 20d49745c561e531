// Splits one output stream into lines for the readers: streaming UTF-8 decoding
// (a character split across chunks survives), "\n" separators with a trailing "\r"
// removed, and a cap on line length so one endless line cannot grow memory.
import { StringDecoder } from "node:string_decoder";

export const DEFAULT_MAX_LINE_LENGTH = 64 * 1024;

export class LineSplitter {
  readonly #decoder = new StringDecoder("utf8");
  readonly #emit: (line: string) => void;
  readonly #max: number;
  #pending = "";
  #overflow = false; // the current line already hit the cap: drop the rest of it

  constructor(emit: (line: string) => void, maxLineLength = DEFAULT_MAX_LINE_LENGTH) {
    this.#emit = emit;
    this.#max = maxLineLength;
  }

  push(chunk: Buffer): void {
    this.#text(this.#decoder.write(chunk));
  }

  /** Emits the last line when the output did not end with a newline. */
  end(): void {
    this.#text(this.#decoder.end());
    if (this.#pending.length > 0 || this.#overflow) this.#line(this.#pending);
    this.#pending = "";
    this.#overflow = false;
  }

  #text(text: string): void {
    let from = 0;
    for (;;) {
      const nl = text.indexOf("\n", from);
      if (nl < 0) break;
      const piece = text.slice(from, nl);
      this.#line(this.#pending.length === 0 ? piece : this.#pending + piece);
      this.#pending = "";
      this.#overflow = false;
      from = nl + 1;
    }
    if (from < text.length && !this.#overflow) {
      const rest = from === 0 ? text : text.slice(from);
      this.#pending = this.#pending.length === 0 ? rest : this.#pending + rest;
      if (this.#pending.length > this.#max) {
        this.#pending = this.#pending.slice(0, this.#max);
        this.#overflow = true;
      }
    }
  }

  #line(raw: string): void {
    let line = raw.length > this.#max ? raw.slice(0, this.#max) : raw;
    if (line.endsWith("\r")) line = line.slice(0, -1);
    this.#emit(line);
  }
}
