// Bundle entry of dist/qemu-io.mjs: qemu-io's main run as this process.

import { main } from '../../src/tools/qemu-io/main.ts';
import { runAsProcess } from '../process-io.ts';

await runAsProcess(main);
