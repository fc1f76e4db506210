// Bundle entry of dist/qemu-io.cjs: qemu-io's main, and run() to run it as this process (bin/qemu-io calls it).

import { main } from '../../src/tools/qemu-io/main.ts';
import { runAsProcess } from '../process-io.mts';

export { main };

export function run(): Promise<void> {
  return runAsProcess(main);
}
