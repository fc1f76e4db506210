// A capturing ToolIO for qemu-img's unit tests.

import type { ToolIO } from '../io.ts';

export interface CapturedIO extends ToolIO {
  out(): string;
  err(): string;
}

export function captureIO(cwd = process.cwd()): CapturedIO {
  let out = '';
  let err = '';
  const dec = new TextDecoder();
  const text = (c: string | Uint8Array) => (typeof c === 'string' ? c : dec.decode(c));
  return {
    stdout: { write: (c) => void (out += text(c)) },
    stderr: { write: (c) => void (err += text(c)) },
    stdin: null,
    env: {},
    cwd,
    out: () => out,
    err: () => err,
  };
}
