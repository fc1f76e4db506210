// 054: an unknown qcow2 header extension survives every header rewrite (resize, amend, rebase -u, dirty bit).
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { addExtension, createQcow2, describeExtensions, describeHeader, readExtensions } from '../common/qcow2.ts';

const UNKNOWN = 0x12345678;

const test: TestDefinition<TestContext> = {
  groups: ['img', 'qcow2', 'header', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'QEMU keeps header extensions it does not know, byte for byte, when it rewrites the header',
  async run(t) {
    t.requireNoImgOpts();
    const img = t.path('img.qcow2');
    const show = async (): Promise<void> => {
      t.echo(...(await describeHeader(t, 'img.qcow2', ['version', 'size', 'backing_file_offset'])), ...(await describeExtensions(t, 'img.qcow2')));
      const ext = (await readExtensions(t, 'img.qcow2')).find((e) => e.type === UNKNOWN);
      t.echo(`unknown extension data: ${ext === undefined ? 'gone' : new TextDecoder().decode(ext.data)}`);
    };
    await t.qemuImg(['create', '-f', 'raw', t.path('base.raw'), '1M']);
    for (const compat of ['1.1', '0.10']) {
      t.banner(`compat=${compat}: poking in an unknown extension`);
      await createQcow2(t, 'img.qcow2', '1M', `compat=${compat},backing_file=base.raw,backing_fmt=raw`);
      await addExtension(t, 'img.qcow2', UNKNOWN, new TextEncoder().encode('keep me, please!!'));
      await show();
      await t.io('read -P 0 0 64k', { img });
      await t.qemuImg(['check', img], { status: true });

      t.banner('resize rewrites the header');
      await t.qemuImg(['resize', img, '2M'], { status: true });
      await show();

      t.banner('rebase -u rewrites the backing file name');
      await t.qemuImg(['rebase', '-u', '-b', 'base.raw', '-F', 'raw', img], { status: true });
      await show();

      t.banner('amend rewrites the header');
      await t.qemuImg(['amend', '-o', compat === '1.1' ? 'lazy_refcounts=on' : 'compat=1.1', img], { status: true });
      await show();
      await t.io(['write -P 0x77 0 4k', 'read -P 0x77 0 4k'], { img });
      await show();
      await t.qemuImg(['check', img], { status: true });
    }
  },
};
export default test;
