// Terminal output with optional colour (only on a TTY, and never with NO_COLOR).
export interface Out {
  line(text: string): void;
  bold(t: string): string;
  dim(t: string): string;
  red(t: string): string;
  green(t: string): string;
  yellow(t: string): string;
  cyan(t: string): string;
  color: boolean;
}

export function useColor(stream: NodeJS.WriteStream): boolean {
  if (process.env.NO_COLOR) return false;
  if (process.env.FORCE_COLOR && process.env.FORCE_COLOR !== "0") return true;
  return Boolean(stream.isTTY);
}

export function createOut(write: (s: string) => void, color: boolean): Out {
  const wrap = (open: number, close: number) => (t: string) =>
    color ? `\u001b[${open}m${t}\u001b[${close}m` : t;
  return {
    line: (text) => write(`${text}\n`),
    bold: wrap(1, 22),
    dim: wrap(2, 22),
    red: wrap(31, 39),
    green: wrap(32, 39),
    yellow: wrap(33, 39),
    cyan: wrap(36, 39),
    color,
  };
}
