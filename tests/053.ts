// 053: qcow2 header extensions written by QEMU: backing format and feature name table, and their use.
import type { TestDefinition } from '../common/test-api.ts';
import type { TestContext } from '../common/context.ts';
import { createQcow2, describeExtensions, describeHeader, EXT_FEATURE_TABLE, readExtensions } from '../common/qcow2.ts';

/** Feature name table entries as `type bit name` lines. */
async function featureNames(t: TestContext, name: string): Promise<string[]> {
  const table = (await readExtensions(t, name)).find((e) => e.type === EXT_FEATURE_TABLE);
  if (table === undefined) return ['no feature name table'];
  const out: string[] = [];
  for (let off = 0; off + 48 <= table.data.length; off += 48) {
    const raw = new TextDecoder().decode(table.data.subarray(off + 2, off + 48));
    out.push(`feature type ${table.data[off]} bit ${table.data[off + 1]}: ${raw.replace(/\0+$/, '')}`);
  }
  return out;
}

const test: TestDefinition<TestContext> = {
  groups: ['img', 'qcow2', 'header', 'auto', 'quick'],
  formats: ['qcow2'],
  purpose: 'QEMU-compatible header extensions are written, read, and dropped or kept as QEMU does',
  async run(t) {
    t.requireNoImgOpts();
    await t.qemuImg(['create', '-f', 'raw', t.path('base.raw'), '1M']);

    for (const compat of ['0.10', '1.1']) {
      const fields = [...(compat === '1.1' ? (['header_length'] as const) : []), 'version', 'backing_file_offset', 'backing_file_size'] as const;
      t.banner(`compat=${compat} without backing file`);
      await createQcow2(t, 'img.qcow2', '1M', `compat=${compat}`);
      t.echo(...(await describeHeader(t, 'img.qcow2', [...fields])), ...(await describeExtensions(t, 'img.qcow2')));
      t.echo(...(await featureNames(t, 'img.qcow2')));

      t.banner(`compat=${compat} with a backing file and format`);
      await createQcow2(t, 'img.qcow2', '1M', `compat=${compat},backing_file=base.raw,backing_fmt=raw`);
      t.echo(...(await describeHeader(t, 'img.qcow2', [...fields])), ...(await describeExtensions(t, 'img.qcow2')));
      const boff = (await describeHeader(t, 'img.qcow2', ['backing_file_offset']))[0].split(' ')[1];
      t.echo(`backing name: ${new TextDecoder().decode(await t.peek('img.qcow2', Number(boff), 8))}`);

      t.banner(`compat=${compat}: rebase -u to another format, then to no backing file`);
      await t.qemuImg(['rebase', '-u', '-b', 'base.raw', '-F', 'file', t.path('img.qcow2')], { status: true });
      await t.qemuImg(['rebase', '-u', '-b', 'base.raw', '-F', 'raw', t.path('img.qcow2')], { status: true });
      t.echo(...(await describeExtensions(t, 'img.qcow2')));
      await t.qemuImg(['rebase', '-u', '-b', '', t.path('img.qcow2')], { status: true });
      t.echo(...(await describeHeader(t, 'img.qcow2', [...fields])), ...(await describeExtensions(t, 'img.qcow2')));
      await t.qemuImg(['info', t.path('img.qcow2')], { extraFilters: [(s) => s.replace(/^disk size: .*\n/m, '')] });
    }

    t.banner('the feature name table names an unknown incompatible bit');
    await createQcow2(t, 'img.qcow2', '1M', '');
    const table = (await readExtensions(t, 'img.qcow2')).find((e) => e.type === EXT_FEATURE_TABLE);
    if (table === undefined) throw new Error('no feature name table');
    for (let off = 0; off < table.data.length; off += 48) {
      if (table.data[off] === 0 && table.data[off + 1] === 4) {
        const entry = new Uint8Array(48);
        entry.set([0, 9, ...new TextEncoder().encode('frobnication')]);
        await t.poke('img.qcow2', table.offset + 8 + off, entry);
      }
    }
    await t.pokeBE('img.qcow2', 72, 0x300n, 8);
    t.echo(...(await featureNames(t, 'img.qcow2')));
    await t.io('read 0 512', { img: t.path('img.qcow2'), status: true });
    await t.qemuImg(['info', t.path('img.qcow2')], { status: true });
  },
};
export default test;
