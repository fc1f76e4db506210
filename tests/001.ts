// 001: a pattern written over the whole image reads back intact, request by request.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { ioPattern, writeAndVerify } from '../common/pattern.ts';

const test: TestDefinition<TestContext> = {
  groups: ['rw', 'auto', 'quick'],
  formats: ['generic'],
  protocols: ['file'],
  purpose: 'write a stepping pattern over a whole 1 MiB image in 64 KiB requests and verify it',
  async run(t) {
    const size = 1024 * 1024;
    const chunk = 64 * 1024;
    await t.makeTestImg(size);

    t.banner('reading the fresh image as zeroes');
    await ioPattern(t, 'verifyZero', { start: 0, size: chunk, step: chunk, count: size / chunk });

    t.banner('writing the pattern');
    await ioPattern(t, 'write', { start: 0, size: chunk, step: chunk, count: size / chunk, pattern: 1, patternStep: 3 });

    t.banner('verifying the pattern');
    await ioPattern(t, 'verify', { start: 0, size: chunk, step: chunk, count: size / chunk, pattern: 1, patternStep: 3 });

    t.banner('verifying with the wrong pattern');
    await t.io('read -P 2 0 512');

    t.banner('overwriting every other request and verifying everything');
    await writeAndVerify(t, { start: chunk, size: chunk, step: 2 * chunk, count: size / chunk / 2, pattern: 0xff });
    await ioPattern(t, 'verify', { start: 0, size: chunk, step: 2 * chunk, count: size / chunk / 2, pattern: 1, patternStep: 6 });

    t.banner('dumping the boundaries');
    await t.io(['read -v 65520 32', 'read -v 1048560 16']);
  },
};
export default test;
