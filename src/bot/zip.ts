// Reads one file out of a zip archive (a GitHub Actions artifact download) from its
// central directory, with every size checked first: an artifact is untrusted input, so a
// forged header or a deflate bomb gets a clear refusal instead of memory exhaustion.
import { inflateRawSync } from "node:zlib";

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

export class ZipError extends Error {}

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  offset: number;
}

/** The end-of-central-directory record: searched backwards over at most the comment size. */
function endRecord(zip: Buffer): number {
  const stop = Math.max(0, zip.length - 22 - 0xffff);
  for (let i = zip.length - 22; i >= stop; i--) if (zip.readUInt32LE(i) === EOCD) return i;
  throw new ZipError("not a zip archive (no end of central directory)");
}

export function zipEntries(zip: Buffer): ZipEntry[] {
  const end = endRecord(zip);
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== CENTRAL)
      throw new ZipError("damaged zip central directory");
    const nameLength = zip.readUInt16LE(at + 28);
    const skip = nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    entries.push({
      name: zip.toString("utf8", at + 46, at + 46 + nameLength),
      method: zip.readUInt16LE(at + 10),
      compressedSize: zip.readUInt32LE(at + 20),
      size: zip.readUInt32LE(at + 24),
      offset: zip.readUInt32LE(at + 42),
    });
    at += 46 + skip;
  }
  return entries;
}

/** The bytes of `entry`, at most `max` of them once inflated. */
export function readEntry(zip: Buffer, entry: ZipEntry, max: number): Buffer {
  if (entry.size > max) throw new ZipError(`${entry.name} is larger than ${max} bytes`);
  const at = entry.offset;
  if (at + 30 > zip.length || zip.readUInt32LE(at) !== LOCAL)
    throw new ZipError("damaged zip local header");
  const start = at + 30 + zip.readUInt16LE(at + 26) + zip.readUInt16LE(at + 28);
  const data = zip.subarray(start, start + entry.compressedSize);
  if (data.length !== entry.compressedSize) throw new ZipError("truncated zip entry");
  if (entry.method === 0) return Buffer.from(data);
  if (entry.method !== 8) throw new ZipError(`unsupported zip compression ${entry.method}`);
  try {
    return inflateRawSync(data, { maxOutputLength: max });
  } catch {
    throw new ZipError(`${entry.name} does not inflate within ${max} bytes`);
  }
}
