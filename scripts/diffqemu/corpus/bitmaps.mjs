// qcow2 persistent dirty bitmaps: qemu-img bitmap actions, dirty tracking through qemu-io, in-use bitmaps, and the commands that carry them.

/** A 1 MiB qcow2 image with an enabled bitmap (b1), a disabled one (b2, 512-byte granularity) and some tracked writes. */
const SETUP = 'qemu-img create -f qcow2 t.img 1M >/dev/null && qemu-img bitmap --add t.img b1 && qemu-img bitmap --add -g 512 --disable t.img b2 && ' +
  'qemu-io -c "write -P 0x5a 0 64k" -c "write -z 128k 64k" t.img >/dev/null';

/** The same, after a writer died with the image open: both bitmaps in use. */
const CRASHED = `${SETUP} && (qemu-io -c "write 256k 4k" -c abort t.img >/dev/null 2>&1; true)`;

const ACTIONS = [
  'bitmap --add t.img b3', 'bitmap --add -g 4k t.img b3', 'bitmap --add -g 2G t.img b3', 'bitmap --add -g 4G t.img b3', 'bitmap --add -g 511 t.img b3',
  'bitmap --add --disable t.img b3', 'bitmap --add t.img b1', 'bitmap --add t.img ""', 'bitmap --remove t.img b1', 'bitmap --remove t.img nope',
  'bitmap --clear t.img b1', 'bitmap --enable t.img b2', 'bitmap --disable t.img b1', 'bitmap --merge b2 t.img b1', 'bitmap --merge b1 t.img b2',
  'bitmap --merge nope t.img b1', 'bitmap --merge b1 t.img nope', 'bitmap --merge b1 -b t.img t.img b2', 'bitmap --add --merge b1 --disable t.img b3',
  'bitmap --remove --add t.img b1', 'bitmap --clear --remove t.img b2', 'bitmap -g 64k --clear t.img b1', 'bitmap -F qcow2 --clear t.img b1',
  'bitmap -b t.img --clear t.img b1', 'bitmap --add -f raw t.img b3', 'bitmap --add --image-opts driver=qcow2,file.filename=t.img b3',
  'bitmap --add --image-opts driver=qcow2,file.filename=t.img,read-only=on b3',
];

const OTHERS = [
  'info t.img', 'info --output=json t.img', 'check t.img', 'check -r all t.img', 'check --output=json t.img',
  'measure -O qcow2 t.img', 'measure --output=json -O qcow2 t.img', 'measure -O qcow2 -o compat=0.10 t.img', 'measure -O qcow2 -o cluster_size=512 t.img',
  'convert --bitmaps -O qcow2 t.img o.img', 'convert --bitmaps -O raw t.img o.img', 'convert --bitmaps -O qcow2 -o compat=0.10 t.img o.img',
  'convert --bitmaps --skip-broken-bitmaps -O qcow2 t.img o.img', 'convert --bitmaps -c -O qcow2 t.img o.img', 'convert -O qcow2 t.img o.img',
  'resize t.img 2M', 'resize --shrink t.img 512k', 'amend -o compat=0.10 t.img', 'amend -o refcount_bits=1 t.img',
  'snapshot -c s1 t.img', 'snapshot -a s1 t.img', 'snapshot -l t.img',
];

const IO = [
  '-c "write 512k 4k" -c info t.img', '-c "discard 0 64k" -c "write -c 64k 64k" t.img', '-r -c info t.img', '-c "reopen -r" -c "reopen -w" -c "write 1k 1k" t.img',
  '-c "aio_write 0 4k" -c aio_flush -c "write -z -u 8k 4k" t.img', '-c "truncate 2M" -c "write 1536k 4k" t.img',
];

export function bitmapCases() {
  const out = [];
  for (const [group, setup] of [['bm', SETUP], ['bm-crashed', CRASHED]]) {
    const after = 'qemu-img info t.img; qemu-img check t.img';
    for (const c of [...ACTIONS, ...OTHERS]) out.push({ id: `${group}/${c}`, setup, cmd: `qemu-img ${c}; ${after}` });
    for (const c of IO) out.push({ id: `${group}/io ${c}`, setup, cmd: `qemu-io ${c}; ${after}` });
  }
  return out;
}
