// --object handling and the snapshot table, against real qemu-img 7.2 texts.
import { describe, expect, it } from 'vitest';
import { ExitStatus, makeContext } from './context.ts';
import { processObject } from './object.ts';
import { SNAPSHOT_HEADER, snapshotRow } from './snapshot-render.ts';
import { captureIO } from './test-io.ts';

function tryObject(...texts: string[]) {
  const io = captureIO();
  const ctx = makeContext(io, () => []);
  let status: number | undefined;
  try {
    for (const t of texts) processObject(ctx, t);
  } catch (e) {
    if (!(e instanceof ExitStatus)) throw e;
    status = e.status;
  }
  ctx.flushOut();
  return { status, out: io.out(), err: io.err() };
}

describe('--object', () => {
  it('checks the type and id', () => {
    expect(tryObject('bogus').err).toBe("qemu-img: Parameter 'qom-type' does not accept value 'bogus'\n");
    expect(tryObject('secret').err).toBe("qemu-img: Parameter 'id' is missing\n");
    expect(tryObject('iothread,id=io0').err).toBe('qemu-img: invalid object type: iothread\n');
    expect(tryObject('id=x').err).toBe("qemu-img: Parameter 'qom-type' is missing\n");
  });
  it('validates secrets and duplicate ids', () => {
    expect(tryObject('secret,id=s0').err).toBe("qemu-img: Either 'file' or 'data' must be provided\n");
    expect(tryObject('secret,id=s0,data=x')).toEqual({ status: undefined, out: '', err: '' });
    expect(tryObject('secret,id=a,data=x', 'secret,id=a,data=y').err).toBe(
      "qemu-img: attempt to add duplicate property 'a' to object (type 'container')\n",
    );
  });
  it('lists types for help', () => {
    const r = tryObject('help');
    expect(r.status).toBe(0);
    expect(r.out).toMatch(/^List of user creatable objects:\n  authz-list\n/);
  });
});

describe('snapshot table', () => {
  it('lays out columns as bdrv_snapshot_dump', () => {
    expect(SNAPSHOT_HEADER).toBe('ID        TAG               VM SIZE                DATE     VM CLOCK     ICOUNT');
    const row = snapshotRow({ id: '1', name: 'one', vmStateSize: 0, dateSec: 0, dateNsec: 0, vmClockNsec: 1_000_000, icount: 0 });
    expect(row.replace(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/, 'DATE')).toBe(
      '1         one                   0 B DATE 00:00:00.001          0',
    );
  });
});
