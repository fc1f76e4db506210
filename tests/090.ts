// 090: qcow2 with an external data file: data_file and data_file_raw, mapping, info, check and the refusals around them.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { createQcow2, describeHeader, describeExtensions, infoDiskSizeFilter } from '../common/qcow2.ts';

const test: TestDefinition<TestContext> = {
  groups: ['rw', 'qcow2', 'data-file', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'guest data goes to the external data file at guest offsets, with metadata in the qcow2 file, as in QEMU',
  async run(t) {
    t.requireNoImgOpts();
    const img = t.path('img.qcow2');
    const show = async (): Promise<void> => {
      t.echo(...(await describeHeader(t, 'img.qcow2', ['incompatible_features', 'autoclear_features'])), ...(await describeExtensions(t, 'img.qcow2')));
      await t.qemuImg(['info', img], { extraFilters: [infoDiskSizeFilter] });
    };
    for (const raw of ['off', 'on']) {
      t.banner(`data_file_raw=${raw}`);
      await createQcow2(t, 'img.qcow2', '1M', `data_file=data.raw,data_file_raw=${raw}`);
      t.echo(`data file length: ${(await t.exists('data.raw')) ? await t.fileSize('data.raw') : 'no data file'}`);
      await show();
      await t.io(['write -P 0x44 64k 64k', 'write -z 256k 64k', 'discard 64k 4k', 'read -P 0x44 68k 60k'], { img, status: true });
      await t.qemuImg(['map', '--output=json', img]);
      await t.io(['read -P 0x44 68k 60k', 'read -P 0 0 64k'], { img: t.path('data.raw'), fmt: 'raw' });
      await t.qemuImg(['check', img], { status: true });
    }

    t.banner('opening without the data file');
    await t.remove('data.raw');
    await t.io('read 0 512', { img, status: true });
    await t.qemuImg(['info', img], { status: true, extraFilters: [infoDiskSizeFilter] });

    t.banner('refusals');
    await createQcow2(t, 'bad.qcow2', '1M', 'compat=0.10,data_file=data2.raw');
    await createQcow2(t, 'bad.qcow2', '1M', 'data_file_raw=on');
    await t.qemuImg(['create', '-f', 'raw', t.path('base.raw'), '1M']);
    await createQcow2(t, 'bad.qcow2', '1M', 'data_file=data2.raw,data_file_raw=on,backing_file=base.raw,backing_fmt=raw');
    await createQcow2(t, 'img.qcow2', '1M', 'data_file=data3.raw');
    await t.io('write -c 0 64k', { img, status: true });
  },
};
export default test;
