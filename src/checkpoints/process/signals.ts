// SIGINT and SIGTERM (Ctrl-C, a cancelled workflow) would end dxfix at once and leave
// every command's tree running: each command leads its own process group, out of the
// terminal's reach. The edges (the Action, `dxfix check`, `dxfix fix`) forward them:
// no further command starts, and every running tree is ended (SIGTERM, SIGKILL after
// the grace) before dxfix exits.
import { constants } from "node:os";
import { killAllRunning } from "../run.ts";

export interface Forwarding {
  /** Aborted on the first SIGINT/SIGTERM: pass it on so no further command starts. */
  signal: AbortSignal;
  /** The signal received, or null. */
  received(): NodeJS.Signals | null;
  /** Settles once every tree running at the signal has ended (at once without a signal). */
  ended(): Promise<void>;
  /** Restores the default handling. */
  stop(): void;
}

/** Forwards SIGINT/SIGTERM until stop(); the running commands' results say `reason`. */
export function forwardSignals(
  reason: string,
  onSignal?: (signal: NodeJS.Signals, ended: Promise<void>) => void,
): Forwarding {
  const controller = new AbortController();
  let received: NodeJS.Signals | null = null;
  let ending: Promise<void> = Promise.resolve();
  const handler = (signal: NodeJS.Signals): void => {
    if (received !== null) return; // a repeat: the trees are ending already
    received = signal;
    controller.abort(signal);
    ending = killAllRunning(reason);
    onSignal?.(signal, ending);
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
  return {
    signal: controller.signal,
    received: () => received,
    ended: () => ending,
    stop: () => {
      process.off("SIGINT", handler);
      process.off("SIGTERM", handler);
    },
  };
}

/** The shell's exit code for death by `signal`: 130 for SIGINT, 143 for SIGTERM. */
export function signalExitCode(signal: NodeJS.Signals): number {
  return 128 + (constants.signals[signal] ?? 1);
}
