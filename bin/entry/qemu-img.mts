// Bundle entry of dist/qemu-img.cjs: qemu-img's main, and run() to run it as this process (bin/qemu-img calls it).

import { main } from '../../src/tools/qemu-img/main.ts';
import { runAsProcess } from '../process-io.mts';

export { main };

export function run(): Promise<void> {
  return runAsProcess(main);
}
