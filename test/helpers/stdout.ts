// What an in-process run of the Action prints (its `::` commands and log lines).
import { vi } from "vitest";

/** Everything written to process.stdout from now until vi.restoreAllMocks(), in order. */
export function captureStdout(): string[] {
  const written: string[] = [];
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
  return written;
}
