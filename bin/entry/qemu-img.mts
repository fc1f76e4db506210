// Bundle entry of dist/qemu-img.mjs: qemu-img's main run as this process.

import { main } from '../../src/tools/qemu-img/main.ts';
import { runAsProcess } from '../process-io.ts';

await runAsProcess(main);
