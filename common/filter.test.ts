// Unit tests of the transcript filters, on output captured from the real QEMU 7.2 tools.
import { describe, expect, it } from 'vitest';
import {
  chain,
  dropLines,
  imgCheckFilter,
  imgCreateFilter,
  imgCreateOptionsFilter,
  imgInfoFilter,
  imgInfoJsonFilter,
  imgMapHumanOffsetFilter,
  imgMapJsonOffsetFilter,
  nodeNameFilter,
  benchTimeFilter,
  programFilter,
  qemuIoFilter,
  qemuIoTimingFilter,
  testDirFilter,
  trailingSpaceFilter,
} from './filter.ts';

const raw = { TEST_DIR: '/scratch/raw-file/001', IMGFMT: 'raw' };
const qcow2 = { TEST_DIR: '/scratch/qcow2-file/001', IMGFMT: 'qcow2' };

describe('qemu-io timing', () => {
  it('keeps the byte count and hides the timing', () => {
    const real = 'wrote 4096/4096 bytes at offset 0\n4 KiB, 1 ops; 00.00 sec (5.218 MiB/sec and 1335.8197 ops/sec)\n';
    expect(qemuIoTimingFilter(real)).toBe(
      'wrote 4096/4096 bytes at offset 0\n4 KiB, X ops; XX:XX:XX.X (XXX YYY/sec and XXX ops/sec)\n',
    );
  });
  it('handles byte rates and the long form an uninitialised aio timer prints', () => {
    expect(qemuIoTimingFilter('1 bytes, 1 ops; 00.01 sec (109.785392 bytes/sec and 109.7854 ops/sec)')).toBe(
      '1 bytes, X ops; XX:XX:XX.X (XXX YYY/sec and XXX ops/sec)',
    );
    expect(qemuIoTimingFilter('4 KiB, 1 ops; 0:09:38.09 (7.085430 bytes/sec and 0.0017 ops/sec)')).toBe(
      '4 KiB, X ops; XX:XX:XX.X (XXX YYY/sec and XXX ops/sec)',
    );
  });
  it('the full qemu-io filter also removes prompts and paths', () => {
    const real = "qemu-io> qemu-io> command \"bogus\" not found\nqemu-io: can't open device /scratch/raw-file/001/t.raw: x\n";
    expect(qemuIoFilter(raw)(real)).toBe("command \"bogus\" not found\nqemu-io: can't open device TEST_DIR/t.IMGFMT: x\n");
  });
});

describe('paths and programs', () => {
  it('replaces the scratch and socket directories', () => {
    const f = testDirFilter({ ...raw, SOCK_DIR: '/tmp/sock-1' });
    expect(f("image: /scratch/raw-file/001/t.raw /tmp/sock-1/s")).toBe('image: TEST_DIR/t.raw SOCK_DIR/s');
  });
  it('turns getopt\'s argv[0] into the tool name', () => {
    const f = programFilter({ ...raw, QEMU_IO_PROG: '/usr/bin/qemu-io', QEMU_IMG_PROG: '/usr/bin/qemu-img' });
    expect(f("/usr/bin/qemu-io: invalid option -- 'x'\n")).toBe("qemu-io: invalid option -- 'x'\n");
  });
});

describe('Formatting lines', () => {
  it('reduces qcow2 and raw lines to the same text', () => {
    const q = "Formatting '/scratch/qcow2-file/001/t.qcow2', fmt=qcow2 cluster_size=65536 extended_l2=off compression_type=zlib size=1048576 lazy_refcounts=off refcount_bits=16\n";
    const r = "Formatting '/scratch/raw-file/001/t.raw', fmt=raw size=1048576\n";
    const want = "Formatting 'TEST_DIR/t.IMGFMT', fmt=IMGFMT size=1048576\n";
    expect(imgCreateFilter(qcow2)(q)).toBe(want);
    expect(imgCreateFilter(raw)(r)).toBe(want);
  });
  it('keeps backing and data file options in a fixed order', () => {
    const real = "Formatting 'o.qcow2', fmt=qcow2 cluster_size=4096 extended_l2=off compression_type=zlib size=1048576 backing_file=t.qcow2 backing_fmt=qcow2 lazy_refcounts=off refcount_bits=16";
    expect(imgCreateOptionsFilter(real)).toBe("Formatting 'o.qcow2', fmt=qcow2 size=1048576 backing_file=t.qcow2 backing_fmt=qcow2");
    expect(imgCreateOptionsFilter("Formatting 'x', fmt=raw size=65536 preallocation=full")).toBe("Formatting 'x', fmt=raw size=65536");
  });
  it('leaves other lines alone', () => {
    expect(imgCreateOptionsFilter('qemu-img: x: Invalid parameter \'foo\'\n')).toBe('qemu-img: x: Invalid parameter \'foo\'\n');
  });
});

describe('qemu-img info', () => {
  it('drops disk size, cluster size and the format-specific block', () => {
    const real = [
      'image: /scratch/qcow2-file/001/t.qcow2',
      'file format: qcow2',
      'virtual size: 1 MiB (1048576 bytes)',
      'disk size: 196 KiB',
      'cluster_size: 65536',
      'Format specific information:',
      '    compat: 1.1',
      '    compression type: zlib',
      '    lazy refcounts: false',
      '    refcount bits: 16',
      '    corrupt: false',
      '    extended l2: false',
      '',
    ].join('\n');
    expect(imgInfoFilter(qcow2)(real)).toBe('image: TEST_DIR/t.IMGFMT\nfile format: IMGFMT\nvirtual size: 1 MiB (1048576 bytes)\n');
  });
  it('drops host- and format-specific JSON members, fixing commas', () => {
    const q = `{
    "virtual-size": 1048576,
    "filename": "t.qcow2",
    "cluster-size": 65536,
    "format": "qcow2",
    "actual-size": 200704,
    "format-specific": {
        "type": "qcow2",
        "data": {
            "compat": "1.1",
            "extended-l2": false
        }
    },
    "dirty-flag": false
}
`;
    const r = `{
    "virtual-size": 1048576,
    "filename": "t.raw",
    "format": "raw",
    "actual-size": 4096,
    "dirty-flag": false
}
`;
    const want = '{\n    "virtual-size": 1048576,\n    "filename": "t.IMGFMT",\n    "format": "IMGFMT"\n}\n';
    expect(imgInfoJsonFilter(qcow2)(q)).toBe(want);
    expect(imgInfoJsonFilter(raw)(r)).toBe(want);
  });
});

describe('qemu-img map', () => {
  it('hides the host offset column of the human table', () => {
    const real = 'Offset          Length          Mapped to       File\n0x10000         0x10000         0x50000         t.qcow2\n0               0x1000          0               t.raw\n';
    expect(imgMapHumanOffsetFilter(real)).toBe(
      'Offset          Length          Mapped to       File\n0x10000         0x10000         OFFSET          t.qcow2\n0               0x1000          OFFSET          t.raw\n',
    );
  });
  it('hides host offsets in JSON', () => {
    const real = '[{ "start": 0, "length": 65536, "depth": 0, "present": false, "zero": true, "data": false},\n{ "start": 65536, "length": 65536, "depth": 0, "present": true, "zero": false, "data": true, "offset": 327680}]\n';
    expect(imgMapJsonOffsetFilter(real)).toContain('"data": true, "offset": OFFSET}]');
  });
});

describe('qemu-img check and helpers', () => {
  it('removes allocation statistics and the end offset', () => {
    const real = 'No errors were found on the image.\n1/16 = 6.25% allocated, 0.00% fragmented, 0.00% compressed clusters\nImage end offset: 393216\n';
    expect(imgCheckFilter(qcow2)(real)).toBe('No errors were found on the image.\n');
  });
  it('hides qemu-img bench run times', () => {
    const real = 'Sending 100 write requests, 4096 bytes each, 4 in parallel (starting at offset 0, step size 4096)\nRun completed in 0.002 seconds.\n';
    expect(benchTimeFilter(real)).toBe(
      'Sending 100 write requests, 4096 bytes each, 4 in parallel (starting at offset 0, step size 4096)\nRun completed in X.XXX seconds.\n',
    );
  });
  it('chains, drops lines and trims trailing spaces', () => {
    expect(chain(dropLines(/^x/), trailingSpaceFilter)('a  \nxyz\nb\n')).toBe('a\nb\n');
  });
  it('numbers generated node names alike', () => {
    const real = "qemu-img: Operation add on bitmap b0 failed: Can't store persistent bitmaps to #block182: Operation not supported\n";
    expect(nodeNameFilter(real)).toBe("qemu-img: Operation add on bitmap b0 failed: Can't store persistent bitmaps to #blockNNN: Operation not supported\n");
  });
});
