// qemu-img's -p progress meter: "    (NN.NN/100%)\r" lines on stdout, in C float arithmetic, as qemu-progress prints them.

import { formatF } from '../../util/printf.ts';
import type { ImgContext } from './context.ts';

const f = Math.fround;

/** One command's progress meter; every method is a no-op when progress is disabled. */
export interface Progress {
  /** qemu_progress_print(delta, max): advance by delta% of `max` (max 0: set to delta). */
  print(delta: number, max: number): void;
  /** qemu_progress_end(): the final newline. */
  end(): void;
}

/** qemu_progress_init(enabled, min_skip): reprint only after moving more than `minSkip` percent. */
export function makeProgress(ctx: ImgContext, enabled: boolean, minSkip: number): Progress {
  let current = f(0);
  let lastPrint = f(0);
  const skip = f(minSkip);
  return {
    print(delta, max) {
      if (!enabled) return;
      let c = max === 0 ? f(delta) : f(current + f(f(f(delta) / 100) * max));
      if (c > 100) c = f(100);
      current = c;
      if (c > f(lastPrint + skip) || c < f(lastPrint - skip) || c === 0 || c === 100) {
        lastPrint = current;
        ctx.out(`    (${formatF(current, 2)}/100%)\r`);
        ctx.flushOut();
      }
    },
    end() {
      if (enabled) ctx.out('\n');
    },
  };
}

/** ((float) done / total) * 100, the delta QEMU's commands pass for a finished chunk. */
export function chunkPercent(chunk: number, total: number): number {
  return f(f(f(chunk) / f(total)) * 100);
}
