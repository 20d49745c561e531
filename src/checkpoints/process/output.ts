// Bounded capture of a command's merged output: the first `headBytes` and the last
// `tailBytes` (ring buffer), so memory stays constant whatever the command prints.
// Bytes land in the head first and in the ring after that, never in both: when
// nothing was dropped, head + tail is the whole output.

export interface CapturedOutput {
  head: string;
  tail: string;
  totalBytes: number;
  droppedBytes: number;
}

export class OutputCapture {
  readonly #head: Buffer;
  #headLen = 0;
  readonly #ring: Buffer;
  #ringPos = 0; // next write position
  #ringLen = 0; // valid bytes in the ring (<= capacity)
  #total = 0;

  constructor(headBytes: number, tailBytes: number) {
    this.#head = Buffer.alloc(Math.max(0, Math.floor(headBytes)));
    this.#ring = Buffer.alloc(Math.max(0, Math.floor(tailBytes)));
  }

  get totalBytes(): number {
    return this.#total;
  }

  push(chunk: Buffer): void {
    this.#total += chunk.length;
    let data = chunk;
    const room = this.#head.length - this.#headLen;
    if (room > 0) {
      const n = Math.min(room, data.length);
      data.copy(this.#head, this.#headLen, 0, n);
      this.#headLen += n;
      if (n === data.length) return;
      data = data.subarray(n);
    }
    const cap = this.#ring.length;
    if (cap === 0) return;
    if (data.length >= cap) {
      data.copy(this.#ring, 0, data.length - cap);
      this.#ringPos = 0;
      this.#ringLen = cap;
      return;
    }
    const first = Math.min(data.length, cap - this.#ringPos);
    data.copy(this.#ring, this.#ringPos, 0, first);
    if (first < data.length) data.copy(this.#ring, 0, first);
    this.#ringPos = (this.#ringPos + data.length) % cap;
    this.#ringLen = Math.min(cap, this.#ringLen + data.length);
  }

  /** Decodes what was kept. Cuts fall on UTF-8 character starts, and a tail that
   * follows dropped bytes starts after its first newline when there is one. */
  result(): CapturedOutput {
    const total = this.#total;
    const ring = this.#ringContents();
    const ringTotal = total - this.#headLen;
    // The head may end inside a multi-byte character if more output followed.
    const headEnd = ringTotal > 0 ? charStart(this.#head, this.#headLen) : this.#headLen;
    const head = this.#head.toString("utf8", 0, headEnd);
    if (ringTotal <= ring.length) {
      // Nothing dropped: the head's unfinished character continues the tail.
      const tailBuf = Buffer.concat([this.#head.subarray(headEnd, this.#headLen), ring]);
      return { head, tail: tailBuf.toString("utf8"), totalBytes: total, droppedBytes: 0 };
    }
    let start = 0;
    const nl = ring.indexOf(10);
    if (nl >= 0 && nl < ring.length - 1) start = nl + 1;
    else while (start < ring.length && isContinuation(ring[start])) start++;
    const tail = ring.toString("utf8", start);
    return {
      head,
      tail,
      totalBytes: total,
      droppedBytes: total - headEnd - (ring.length - start),
    };
  }

  #ringContents(): Buffer {
    if (this.#ringLen < this.#ring.length) return this.#ring.subarray(0, this.#ringLen);
    if (this.#ringPos === 0) return this.#ring;
    return Buffer.concat([
      this.#ring.subarray(this.#ringPos),
      this.#ring.subarray(0, this.#ringPos),
    ]);
  }
}

function isContinuation(byte: number | undefined): boolean {
  return byte !== undefined && (byte & 0xc0) === 0x80;
}

/** The largest index <= end that does not split a UTF-8 sequence of buf[0, end). */
function charStart(buf: Buffer, end: number): number {
  // Find the lead byte of the last character and check whether it is complete.
  let i = end - 1;
  const floor = Math.max(0, end - 4);
  while (i >= floor && isContinuation(buf[i])) i--;
  const lead = i < floor ? undefined : buf[i];
  if (lead === undefined) return end; // not valid UTF-8 here: keep as is
  const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return end - i < need ? i : end;
}
