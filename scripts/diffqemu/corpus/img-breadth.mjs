// qemu-img breadth: long-option abbreviations, bundled short options, json:/--image-opts errors, qcow2 feature variants, damaged images.

import { CHAIN_SETUP, QCOW2_SETUP, RAW_SETUP } from './common.mjs';

/** Raw t.img, qcow2 q.img with data, an empty raw o.img. */
const BASE = `${RAW_SETUP} && qemu-img create -f qcow2 q.img 1M >/dev/null && qemu-io -c "write -P 0x5a 0 64k" -c "write -P 0x66 512k 4k" q.img >/dev/null && ` +
  'qemu-img create -f raw o.img 1M >/dev/null';

/** getopt_long accepts unique prefixes of long options and permutes; bundled short options and attached arguments. */
const GETOPT = [
  'info --out=json t.img', 'info --o=json t.img', 'info --outp json t.img', 'info --back t.img', 'info --backing-chain=1 t.img', 'info --force t.img', 'info --force-share t.img',
  'info --image driver=raw,file.filename=t.img', 'info --format=raw t.img', 'info --f=raw t.img', 'info --help=x', 'info --obj secret,id=s,data=x t.img', 'info --output= t.img',
  'info --output=human --output=json t.img', 'info -Uf raw t.img', 'info -fraw t.img', 'info -f', 'info -U -U t.img', 'info --output', 'info -- --output=json',
  'convert --target t.img o.img', 'convert --target-i t.img driver=raw,file.filename=o.img', 'convert --salv t.img x.img', 'convert --bit -O qcow2 t.img x.img', 'convert --skip -O qcow2 t.img x.img',
  'convert -pq t.img x.img', 'convert -qp t.img x.img', 'convert -Oqcow2 t.img x.img', 'convert -ocluster_size=4k -O qcow2 t.img x.img', 'convert -S4k t.img x.img', 'convert -cO qcow2 t.img x.img',
  'convert -Wm4 t.img x.img', 'convert -O', 'convert -O raw', 'convert -O raw t.img', 'convert --force-share t.img x.img', 'convert --object', 'convert --image-opts',
  'check --rep t.img', 'check -rleaks q.img', 'check -r leaks -r all q.img', 'check --output=human q.img', 'check --out json q.img', 'check -r none q.img', 'check -r LEAKS q.img',
  'map --start=4k q.img', 'map --max=4k --output=json q.img', 'map --s=4k q.img', 'map --m=4k q.img', 'map --start-offset 4k --output=json q.img', 'map --start-offset= q.img',
  'map --max-length= q.img', 'map --start-offset=0x1000 --output=json q.img', 'map --max-length=1E --output=json q.img', 'map --start-offset=8E q.img', 'map --max-length=9223372036854775807 q.img',
  'measure --s 1G -O raw', 'measure --size=1G -O raw', 'measure --size', 'measure --size 1G --size 2G -O raw', 'measure --size 1G -f raw -O raw', 'measure --size 1G --image-opts -O raw',
  'measure --size 1G -l s1 -O raw', 'measure --size 1G --output=human -O qcow2', 'measure --out=json --size 1G', 'measure -O qcow2 --size 1.5k', 'measure -O qcow2 --size 0x1000',
  'resize --shr t.img 512k', 'resize --pre=full t.img 2M', 'resize --preallocation= t.img 2M', 'resize --preallocation t.img 2M', 'resize --preallocation=Full t.img 2M',
  'compare -sq t.img o.img', 'compare -fraw -Fraw t.img o.img', 'compare --force-share t.img o.img', 'compare --image t.img o.img',
  'bench --flush t.img', 'bench --flush-interval=0 -w -c 1 t.img', 'bench --flush-interval=-1 -w t.img', 'bench --no-d -c 1 t.img', 'bench --pat=1 -w -c 1 t.img', 'bench --pattern=-1 -w t.img',
  'bench --pattern=0x10 -w -c 1 t.img', 'bench -c 1 -d 1k t.img', 'bench -c 1 -s 0 t.img', 'bench -c 1 -S 0 t.img', 'bench -c 1 -o -1 t.img', 'bench -c 1 -o 1x t.img', 'bench -c 1 -s 2M t.img',
  'bench -c 1 -i io_uring t.img', 'bench -c 1 -t writeback t.img', 'bench -c 1 -U -w t.img', 'bench -c 1 -f qcow2 q.img', 'bench -c 1 --image-opts driver=raw,file.filename=t.img',
  'bench -c 1 -S 4k t.img', 'bench -c 3 -d 2 -s 1k -S 0 -w t.img', 'bench -c 2147483648 t.img', 'bench -c 1 -d 65536 t.img', 'bench -c 1 -s 3 t.img',
  'snapshot --list q.img', 'snapshot -lq q.img', 'snapshot -cs1 q.img', 'snapshot -l -a s1 q.img', 'snapshot -d s1 -a s1 q.img', 'snapshot -c s1 -d s1 q.img', 'snapshot --force-share -l q.img',
  'amend -osize=2M q.img', 'amend --for -o size=2M q.img', 'amend -o size=2M -f qcow2 --image-opts driver=qcow2,file.filename=q.img', 'amend -o compat=1.1,compat=0.10 q.img',
  'create -qf raw x.img 1M', 'create -fqcow2 -ocluster_size=4k x.img 1M', 'create -u -f qcow2 -b nofile x.img 1M', 'create -f qcow2 -bt.img -Fraw x.img', 'create -f raw -o size=1M -o preallocation=full x.img',
  'rebase -ub "" q.img', 'rebase -u -bt.img -Fraw q.img', 'rebase --force-share -u -b "" q.img', 'commit -dq q.img', 'commit -pq q.img',
  'dd --image-opts if=driver=raw,file.filename=t.img of=x.img -O raw', 'dd -fraw if=t.img of=x.img', 'dd -Oqcow2 if=t.img of=x.img', 'dd --force-share if=t.img of=x.img', 'dd if=t.img of=x.img bs=1k count=1 -o cluster_size=4k -O qcow2',
  'dd if=t.img of=x.img bs=512 count=1k', 'dd if=t.img of=x.img bs=1k skip=1k', 'dd if=t.img of=x.img bs=1k skip=1023', 'dd if=t.img of=x.img skip=0x10', 'dd if=t.img of=x.img count=010',
  'dd if=t.img of=x.img bs=1E', 'dd if=t.img of=x.img bs=8E', 'dd if=t.img of=x.img bs=512 count=4 skip=1 if=t.img', 'dd IF=t.img of=x.img', 'dd if=t.img of=x.img BS=4k',
];

/** json: pseudo-filenames and --image-opts strings that go wrong. */
const JSON_OPTS = [
  "info 'json:'", "info 'json:{'", "info 'json:{}'", "info 'json:[]'", "info 'json:1'", "info 'json:\"t.img\"'", "info 'json:{\"driver\":\"bogus\"}'",
  "info 'json:{\"driver\":\"raw\"}'", "info 'json:{\"file\":\"t.img\"}'", "info 'json:{\"file\":{\"filename\":\"t.img\"}}'", "info 'json:{\"driver\":\"raw\",\"file\":\"t.img\"}'",
  "info 'json:{\"driver\":\"raw\",\"file\":{\"driver\":\"file\",\"filename\":\"nofile\"}}'", "info 'json:{\"driver\":\"raw\",\"file\":{\"driver\":\"file\"}}'",
  "info 'json:{\"driver\":\"raw\",\"file\":{\"driver\":\"file\",\"filename\":\"t.img\"},\"bogus\":1}'", "info 'json:{\"driver\":\"raw\",\"file\":{\"driver\":\"file\",\"filename\":\"t.img\"},\"size\":\"x\"}'",
  "info 'json:{\"driver\":\"raw\",\"file\":{\"driver\":\"file\",\"filename\":\"t.img\"},\"offset\":-1}'", "info 'json:{\"driver\":\"raw\",\"file\":{\"driver\":\"file\",\"filename\":\"t.img\"},\"offset\":2097152}'",
  "info 'json:{\"driver\":\"raw\",\"file.driver\":\"file\",\"file.filename\":\"t.img\"}'", "info 'json:{\"driver\":\"qcow2\",\"file\":{\"driver\":\"file\",\"filename\":\"t.img\"}}'",
  "info 'json:{\"driver\":\"qcow2\",\"file\":{\"driver\":\"file\",\"filename\":\"q.img\"},\"read-only\":true}'", "info 'json:{\"driver\":\"qcow2\",\"file\":{\"driver\":\"file\",\"filename\":\"q.img\"},\"l2-cache-size\":\"1M\"}'",
  "info --output=json 'json:{\"driver\":\"qcow2\",\"file\":{\"driver\":\"file\",\"filename\":\"q.img\"}}'", "info 'json:{\"driver\":\"file\",\"filename\":\"q.img\"}'",
  "info -f raw 'json:{\"driver\":\"qcow2\",\"file\":{\"driver\":\"file\",\"filename\":\"q.img\"}}'", "info -f qcow2 'json:{\"file\":{\"driver\":\"file\",\"filename\":\"q.img\"}}'",
  "info 'json:{\"driver\":\"raw\",\"file\":{\"driver\":\"file\",\"filename\":\"t.img\"}} '", "info ' json:{}'", "info 'JSON:{}'",
  "check 'json:{\"driver\":\"qcow2\",\"file\":{\"driver\":\"file\",\"filename\":\"q.img\"}}'", "map --output=json 'json:{\"driver\":\"qcow2\",\"file\":{\"driver\":\"file\",\"filename\":\"q.img\"}}'",
  "convert -O raw 'json:{\"driver\":\"qcow2\",\"file\":{\"driver\":\"file\",\"filename\":\"q.img\"}}' x.img", "resize 'json:{\"driver\":\"raw\",\"file\":{\"driver\":\"file\",\"filename\":\"t.img\"}}' 2M",
  "snapshot -l 'json:{\"driver\":\"qcow2\",\"file\":{\"driver\":\"file\",\"filename\":\"q.img\"}}'", "create -f qcow2 'json:{\"driver\":\"file\",\"filename\":\"x.img\"}' 1M",
  'info --image-opts driver=raw', 'info --image-opts file.filename=t.img', 'info --image-opts t.img', 'info --image-opts driver=raw,file.filename=nofile', 'info --image-opts driver=raw,file.filename=t.img,bogus=1',
  'info --image-opts driver=raw,file=t.img', 'info --image-opts driver=qcow2,file.filename=q.img,file.driver=bogus', 'info --image-opts "driver=raw,file.filename=t.img,"',
  'info --image-opts driver=raw,,file.filename=t.img', 'info --image-opts driver=raw,file.filename=t.img,driver=qcow2', 'info --image-opts driver=bogus,file.filename=t.img',
  'info --image-opts driver=file,filename=t.img', 'info --image-opts --output=json driver=file,filename=t.img', 'info --image-opts filename=t.img', 'info --image-opts ""',
  'info --image-opts driver=qcow2,file.filename=q.img,read-only=on', 'info --image-opts driver=qcow2,file.filename=q.img,cache.direct=on', 'info --image-opts driver=qcow2,file.filename=q.img,node-name=x',
  'info --image-opts driver=qcow2,file.driver=file,file.filename=q.img,file.aio=threads', 'info --image-opts driver=raw,file.filename=t.img,size=1x', 'info --image-opts driver=raw,file.filename=t.img,offset=1M',
  'info --image-opts driver=raw,file.filename=t.img,offset=1M,size=1', 'info --image-opts driver=raw,file.filename=t.img,size=513', 'check --image-opts driver=raw,file.filename=t.img',
  'info file:nofile', 'info file:', 'info null-co://', 'info -f raw null-co://', 'info --image-opts driver=null-co', 'info --image-opts driver=null-co,size=1M', "info 'json:{\"driver\":\"null-co\"}'",
  'info bogus:t.img', 'info t.img:', 'info ./t.img', 'info //t.img', 'info "$PWD/t.img"',
];

/** qcow2 images with non-default features, each inspected by info/check/map/measure/convert. */
const VARIANTS = [
  ['v2', '-o compat=0.10'], ['lazy', '-o lazy_refcounts=on'], ['l2ext', '-o extended_l2=on'], ['rc1', '-o refcount_bits=1'], ['rc64', '-o refcount_bits=64'],
  ['zstd', '-o compression_type=zstd'], ['c4k', '-o cluster_size=4k'], ['c2m', '-o cluster_size=2M'], ['df', '-o data_file=df.img'], ['dfraw', '-o data_file=df.img,data_file_raw=on'],
  ['meta', '-o preallocation=metadata'], ['full', '-o preallocation=full'], ['c512', '-o cluster_size=512'], ['big', '', '100G'],
];
const ON_VARIANT = [
  'info v.img', 'info --output=json v.img', 'check v.img', 'check --output=json v.img', 'map v.img', 'map --output=json v.img', 'measure -O qcow2 v.img',
  'convert -O qcow2 v.img x.img && qemu-img info x.img', 'convert -c -O qcow2 v.img x.img && qemu-img check x.img', 'resize v.img +1M && qemu-img info v.img',
  'snapshot -c s v.img && qemu-img snapshot -l v.img', 'amend -o compat=0.10 v.img; qemu-img info v.img', 'amend -o compat=1.1 v.img', 'compare v.img v.img',
  'bitmap --add v.img b && qemu-img info v.img', 'rebase -u -b t.img -F raw v.img && qemu-img info v.img', 'dd if=v.img of=x.img bs=4k count=4',
];

/** Damaged qcow2 images: offsets below are those of a fresh 1 MiB image with 64 KiB clusters. */
const DAMAGED = [
  // leaked cluster: bump the file with an extra refcounted cluster by clearing its L2 mapping (L2 table at 0x40000, entry 0)
  ['leak', `${QCOW2_SETUP} && printf '\\0\\0\\0\\0\\0\\0\\0\\0' | dd of=t.img bs=1 seek=$((0x40000)) conv=notrunc 2>/dev/null`],
  // refcount of the first data cluster set to 0 (refcount block at 0x20000, 16-bit entries; data cluster 0x50000 is index 5)
  ['rc0', `${QCOW2_SETUP} && printf '\\0\\0' | dd of=t.img bs=1 seek=$((0x20000 + 10)) conv=notrunc 2>/dev/null`],
  // refcount too high on the header cluster
  ['rc2', `${QCOW2_SETUP} && printf '\\0\\2' | dd of=t.img bs=1 seek=$((0x20000)) conv=notrunc 2>/dev/null`],
  // corrupt bit set (incompatible feature bit 1)
  ['corrupt', `${QCOW2_SETUP} && printf '\\0\\0\\0\\0\\0\\0\\0\\2' | dd of=t.img bs=1 seek=72 conv=notrunc 2>/dev/null`],
  // dirty bit set (incompatible feature bit 0)
  ['dirty', `${QCOW2_SETUP} && printf '\\0\\0\\0\\0\\0\\0\\0\\1' | dd of=t.img bs=1 seek=72 conv=notrunc 2>/dev/null`],
  // unknown incompatible feature bit 40
  ['unknown', `${QCOW2_SETUP} && printf '\\0\\0\\1\\0\\0\\0\\0\\0' | dd of=t.img bs=1 seek=72 conv=notrunc 2>/dev/null`],
  // unknown compatible and autoclear bits
  ['compat-bits', `${QCOW2_SETUP} && printf '\\0\\0\\0\\0\\0\\0\\0\\6' | dd of=t.img bs=1 seek=80 conv=notrunc 2>/dev/null && printf '\\0\\0\\0\\0\\0\\0\\0\\4' | dd of=t.img bs=1 seek=88 conv=notrunc 2>/dev/null`],
  // L2 entry pointing past the end of the file
  ['l2-past-eof', `${QCOW2_SETUP} && printf '\\x80\\0\\0\\0\\0\\x10\\0\\0' | dd of=t.img bs=1 seek=$((0x40000)) conv=notrunc 2>/dev/null`],
  // L2 entry unaligned
  ['l2-unaligned', `${QCOW2_SETUP} && printf '\\x80\\0\\0\\0\\0\\x05\\0\\x10' | dd of=t.img bs=1 seek=$((0x40000)) conv=notrunc 2>/dev/null`],
  // the file cut after the data cluster
  ['truncated', `${QCOW2_SETUP} && truncate -s $((0x50000)) t.img`],
  // version 4
  ['v4', `${QCOW2_SETUP} && printf '\\0\\0\\0\\4' | dd of=t.img bs=1 seek=4 conv=notrunc 2>/dev/null`],
  // cluster_bits 8
  ['cbits8', `${QCOW2_SETUP} && printf '\\0\\0\\0\\x08' | dd of=t.img bs=1 seek=20 conv=notrunc 2>/dev/null`],
  // size not a multiple of 512
  ['oddsize', `${QCOW2_SETUP} && printf '\\0\\0\\0\\0\\0\\x0f\\xff\\xff' | dd of=t.img bs=1 seek=24 conv=notrunc 2>/dev/null`],
  // a huge size with a small L1 table
  ['hugesize', `${QCOW2_SETUP} && printf '\\0\\0\\x01\\0\\0\\0\\0\\0' | dd of=t.img bs=1 seek=24 conv=notrunc 2>/dev/null`],
  // backing file name offset past the first cluster
  ['backing-off', `${QCOW2_SETUP} && printf '\\0\\0\\0\\0\\0\\x01\\0\\0\\0\\0\\0\\x04' | dd of=t.img bs=1 seek=8 conv=notrunc 2>/dev/null`],
];
const ON_DAMAGED = ['info t.img', 'check t.img', 'check --output=json t.img', 'check -r leaks t.img; qemu-img check t.img', 'check -r all t.img; qemu-img check t.img',
  'map --output=json t.img', 'convert -O raw t.img x.img', 'compare t.img t.img', 'amend -o compat=0.10 t.img', 'resize t.img 2M', 'snapshot -c s t.img', 'info -U --output=json t.img'];

/** Commands on chains with more shape: commit/rebase/compare/convert to and from deeper chains. */
const CHAIN_MORE = [
  'commit -b b.img -d t.img && qemu-img info t.img', 'commit -p t.img', 'commit -r 1k t.img', 'commit -t unsafe t.img', 'commit -t none t.img', 'commit --object secret,id=s,data=x t.img',
  'rebase -b b.img -F raw -t unsafe t.img', 'rebase -b b.img -F raw -T writethrough t.img', 'rebase -b b.img -F raw -c t.img', 'rebase -b "" -F raw -p t.img',
  'rebase -u -b b.img t.img', 'rebase -u -b b.img -F qcow2 t.img && qemu-img info t.img', 'rebase -u -F raw -b "" t.img && qemu-img info t.img',
  'compare -p t.img b.img', 'compare -U -s t.img b.img', 'compare -f qcow2 -F raw t.img b.img', 'compare -F qcow2 t.img t.img',
  'convert -O qcow2 -B b.img t.img x.img', 'convert -O qcow2 -o backing_file=b.img t.img x.img', 'convert -O qcow2 -B b.img -F raw -n t.img o.img',
  'convert -O qcow2 -B b.img -F raw -c t.img x.img && qemu-img map --output=json x.img', 'convert -O qcow2 -B b.img -F raw -S 0 t.img x.img && qemu-img map --output=json x.img',
  'convert -O raw -B b.img t.img x.img', 'convert -O qcow2 -B b.img -F qcow2 t.img x.img', 'convert -O qcow2 -B nofile t.img x.img', 'convert -O qcow2 -B b.img -F raw -o cluster_size=4k t.img x.img',
  'create -f qcow2 -b t.img -F qcow2 u.img && qemu-img info --backing-chain u.img', 'create -f qcow2 -b t.img -F qcow2 u.img 2M && qemu-img info u.img',
  'create -f qcow2 -b t.img -F qcow2 -o cluster_size=4k,compat=0.10 u.img && qemu-img info u.img', 'create -f qcow2 -b b.img -F raw -o data_file=d.img u.img',
  'measure -O qcow2 -o backing_file=b.img t.img', 'measure -O raw -f qcow2 t.img', 'map --output=json --max-length=100k t.img', 'map t.img --start-offset=32k',
  'info --backing-chain -U t.img', 'info --backing-chain --output=human t.img', 'snapshot -c s t.img && qemu-img info t.img', 'dd if=t.img of=x.img bs=32k count=4',
  'amend -o backing_file=nofile t.img', 'amend -o backing_file=b.img,backing_fmt=qcow2 t.img', 'amend -o backing_fmt=qcow2 t.img', 'amend -o backing_file= t.img',
  'resize --shrink t.img 128k && qemu-img map --output=json t.img', 'check -r all t.img', 'bench -c 2 t.img',
];

function optionAndImageCases() {
  const out = [];
  for (const c of GETOPT) out.push({ id: `ib-getopt/${c}`, setup: BASE, cmd: `qemu-img ${c}` });
  for (const c of JSON_OPTS) out.push({ id: `ib-json/${c}`, setup: BASE, cmd: `qemu-img ${c}` });
  for (const [name, opts, size = '1M'] of VARIANTS) {
    const setup = `${RAW_SETUP} && qemu-img create -f qcow2 ${opts} v.img ${size} >/dev/null && qemu-io -c "write -P 0x5a 0 64k" -c "write -z 128k 64k" -c "write -c -P 7 256k 64k" v.img >/dev/null 2>&1; true`;
    for (const c of ON_VARIANT) out.push({ id: `ib-var-${name}/${c}`, setup, cmd: `qemu-img ${c}` });
  }
  for (const [name, setup] of DAMAGED) {
    // What a command leaves behind is judged by the real checker's report, not by the harness (which expects clean images).
    for (const c of ON_DAMAGED) out.push({ id: `ib-dmg-${name}/${c}`, setup, cmd: `qemu-img ${c}; /usr/bin/qemu-img check t.img`, images: false });
  }
  for (const c of CHAIN_MORE) out.push({ id: `ib-chain/${c}`, setup: `${CHAIN_SETUP} && qemu-img create -f raw o.img 1M >/dev/null`, cmd: `qemu-img ${c}` });
  return out;
}

/** A qcow2 with every kind of cluster: data, compressed, zero (plain and allocated), discarded, unallocated. */
const MIXED = 'qemu-img create -f qcow2 m.img 2M >/dev/null && qemu-io -c "write -P 1 0 64k" -c "write -c -P 2 64k 64k" -c "write -z 128k 64k" ' +
  '-c "write -P 3 192k 64k" -c "write -z 192k 64k" -c "write -P 4 256k 64k" -c "discard 256k 64k" -c "write -P 5 1M 4k" -c "write -P 6 2044k 4k" m.img >/dev/null';
const ON_MIXED = [
  'map m.img', 'map --output=json m.img', 'map --output=json --start-offset=100k --max-length=1M m.img', 'info m.img', 'check m.img', 'check --output=json m.img',
  'convert -O raw m.img x.img', 'convert -O qcow2 m.img x.img && qemu-img map --output=json x.img', 'convert -O qcow2 -c m.img x.img && qemu-img check x.img',
  'convert -O qcow2 -S 0 m.img x.img && qemu-img map --output=json x.img', 'convert -O qcow2 -o compat=0.10 m.img x.img && qemu-img map --output=json x.img',
  'convert -O qcow2 -o cluster_size=4k m.img x.img && qemu-img map --output=json x.img', 'convert -O qcow2 -o preallocation=metadata m.img x.img && qemu-img map --output=json x.img',
  'measure -O qcow2 m.img', 'measure -O raw m.img', 'measure --output=json -O qcow2 -o cluster_size=4k m.img', 'compare m.img m.img',
  'amend -o compat=0.10 m.img && qemu-img map --output=json m.img', 'resize --shrink m.img 100k && qemu-img map --output=json m.img', 'resize m.img 3M && qemu-img map --output=json m.img',
  'dd if=m.img of=x.img bs=64k count=5', 'dd -O qcow2 if=m.img of=x.img bs=64k skip=1 count=3 && qemu-img map --output=json x.img',
  'snapshot -c s m.img && qemu-img map --output=json m.img', 'rebase -u -b "" m.img', 'commit m.img', 'bench -c 4 -s 64k m.img',
  'create -f qcow2 -b m.img -F qcow2 o.img && qemu-img map --output=json o.img && qemu-img compare o.img m.img',
];

/** Numbers in every place that takes one. */
const NUMBERS = ['0', '1', '512', '1.5k', '0x200', '1e3', '-0', '+1', '1M', '1G', '8E', '16E', '9223372036854775807', '1k1', ' 1', '1 ', 'k', '0.0001'];
const NUMBER_SLOTS = [
  (n) => `resize t.img ${n}`, (n) => `resize q.img ${n}`, (n) => `create -f qcow2 x.img ${n}`, (n) => `create -f qcow2 -o cluster_size=${n} x.img 1M`,
  (n) => `convert -S ${n} t.img x.img`, (n) => `commit -r ${n} q.img`, (n) => `map --start-offset=${n} --output=json q.img`,
  (n) => `map --max-length=${n} --output=json q.img`, (n) => `measure -O qcow2 --size ${n}`, (n) => `bench -c 1 -s ${n} t.img`, (n) => `bench -c 1 -o ${n} t.img`,
  (n) => `bitmap --add -g ${n} q.img b`, (n) => `dd if=t.img of=x.img bs=${n} count=1`, (n) => `dd if=t.img of=x.img count=${n} bs=4k`, (n) => `dd if=t.img of=x.img skip=${n} bs=4k count=1`,
  (n) => `convert -m ${n} t.img x.img`, (n) => `bench -c ${n} t.img`, (n) => `bench -c 1 -d ${n} t.img`, (n) => `create -f raw -o extent_size_hint=${n} x.img 1M`,
];

/** qcow2 in compat=0.10, where zero clusters and lazy refcounts do not exist. */
const V2 = 'qemu-img create -f qcow2 -o compat=0.10 v.img 1M >/dev/null && qemu-io -c "write -P 1 0 64k" -c "write -z 64k 64k" -c "write -c -P 2 128k 64k" v.img >/dev/null';
const ON_V2 = [
  'info v.img', 'info --output=json v.img', 'map --output=json v.img', 'check v.img', 'amend -o compat=1.1 v.img && qemu-img info v.img', 'amend -o lazy_refcounts=on v.img',
  'amend -o compat=1.1,lazy_refcounts=on v.img && qemu-img info v.img', 'amend -o refcount_bits=8 v.img', 'amend -o compat=1.1,refcount_bits=8 v.img && qemu-img info v.img',
  'snapshot -c s v.img && qemu-img snapshot -l v.img && qemu-img check v.img', 'bitmap --add v.img b', 'resize v.img 2M && qemu-img map --output=json v.img',
  'resize --shrink v.img 64k && qemu-img check v.img', 'convert -O qcow2 v.img x.img && qemu-img info x.img', 'measure -O qcow2 v.img', 'commit v.img',
  'create -f qcow2 -o compat=0.10 -b v.img -F qcow2 o.img && qemu-img info o.img && qemu-img commit o.img',
];

function clusterAndNumberCases() {
  const out = [];
  for (const c of ON_MIXED) out.push({ id: `ib-mixed/${c}`, setup: MIXED, cmd: `qemu-img ${c}` });
  for (const slot of NUMBER_SLOTS) {
    for (const n of NUMBERS) {
      const c = slot(`'${n}'`);
      out.push({ id: `ib-num/${c}`, setup: BASE, cmd: `qemu-img ${c}` });
    }
  }
  for (const c of ON_V2) out.push({ id: `ib-v2/${c}`, setup: V2, cmd: `qemu-img ${c}` });
  return out;
}

/** Option sets for amend and measure on each qcow2 variant. */
const AMEND_OPTS = ['compat=1.1', 'compat=0.10', 'lazy_refcounts=on', 'lazy_refcounts=off', 'refcount_bits=1', 'refcount_bits=8', 'refcount_bits=64', 'size=2M', 'size=512k',
  'data_file=', 'data_file=new.img', 'data_file_raw=off', 'data_file_raw=on', 'extended_l2=off', 'compression_type=zlib', 'cluster_size=64k', 'encrypt.format=luks', 'preallocation=off',
  'compat=0.10,refcount_bits=16', 'compat=1.1,lazy_refcounts=on,refcount_bits=4'];
const MEASURE_OPTS = ['compat=0.10', 'cluster_size=4k', 'cluster_size=2M', 'refcount_bits=1', 'refcount_bits=64', 'extended_l2=on', 'extended_l2=on,preallocation=metadata',
  'preallocation=falloc', 'lazy_refcounts=on', 'compression_type=zstd', 'data_file=x.img', 'backing_file=t.img,backing_fmt=raw'];

function variantAmendMeasureCases() {
  const out = [];
  for (const [name, opts, size = '1M'] of VARIANTS.filter(([n]) => n !== 'big')) {
    const setup = `${RAW_SETUP} && qemu-img create -f qcow2 ${opts} v.img ${size} >/dev/null && qemu-io -c "write -P 0x5a 0 64k" -c "write -z 128k 64k" -c "write -c -P 7 256k 64k" v.img >/dev/null 2>&1; qemu-img snapshot -c s0 v.img >/dev/null 2>&1; qemu-img bitmap --add v.img bm >/dev/null 2>&1; true`;
    for (const o of AMEND_OPTS) out.push({ id: `ib-amend-${name}/${o}`, setup, cmd: `qemu-img amend -o ${o} v.img; qemu-img info v.img; /usr/bin/qemu-img check v.img`, images: false });
    for (const o of MEASURE_OPTS) out.push({ id: `ib-measure-${name}/${o}`, setup, cmd: `qemu-img measure -O qcow2 -o ${o} v.img; qemu-img measure --output=json -O qcow2 -o ${o} --size 3M` });
    for (const c of ['resize --shrink v.img 128k', 'resize v.img 3M', 'snapshot -a s0 v.img', 'snapshot -d s0 v.img', 'convert --bitmaps -O qcow2 v.img x.img && qemu-img info x.img',
      'convert -O qcow2 -l s0 v.img x.img && qemu-img map --output=json x.img', 'check -r all v.img', 'commit v.img', 'rebase -b t.img -F raw v.img && qemu-img map --output=json v.img']) {
      out.push({ id: `ib-snapbm-${name}/${c}`, setup, cmd: `qemu-img ${c}; /usr/bin/qemu-img check v.img`, images: false });
    }
  }
  return out;
}

/** A three-level qcow2 chain (b.img raw 2M, m.img 1M, t.img 3M) with data at every level and a shorter middle. */
const CHAIN3 = 'qemu-img create -f raw b.img 2M >/dev/null && qemu-io -f raw -c "write -P 1 0 2M" b.img >/dev/null && ' +
  'qemu-img create -f qcow2 -b b.img -F raw m.img 1M >/dev/null && qemu-io -c "write -P 2 64k 64k" -c "write -z 256k 64k" -c "discard 512k 64k" m.img >/dev/null && ' +
  'qemu-img create -f qcow2 -b m.img -F qcow2 t.img 3M >/dev/null && qemu-io -c "write -P 3 128k 64k" -c "write -P 4 2M 64k" -c "write -z 2560k 64k" t.img >/dev/null && ' +
  'qemu-img create -f raw n.img 1M >/dev/null && qemu-io -f raw -c "write -P 1 0 1M" n.img >/dev/null && qemu-img create -f qcow2 q.img 4M >/dev/null';
const ON_CHAIN3 = [
  'map --output=json t.img', 'map t.img', 'info --backing-chain t.img', 'check t.img', 'compare t.img b.img', 'compare -s t.img m.img', 'compare t.img t.img',
  'commit t.img', 'commit -d t.img', 'commit -b b.img t.img', 'commit -b b.img -d t.img', 'commit -b m.img t.img', 'commit m.img', 'commit -b b.img m.img',
  'rebase -b b.img -F raw t.img', 'rebase -b n.img -F raw t.img', 'rebase -b "" t.img', 'rebase -b q.img -F qcow2 t.img', 'rebase -b n.img -F raw m.img', 'rebase -u -b n.img -F raw t.img',
  'rebase -b m.img -F qcow2 -f qcow2 -t none -T none t.img', 'rebase -c -b b.img -F raw t.img', 'rebase -b "" -c t.img',
  'convert -O raw t.img x.img', 'convert -O qcow2 t.img x.img', 'convert -O qcow2 -B m.img -F qcow2 t.img x.img', 'convert -O qcow2 -B b.img -F raw t.img x.img',
  'convert -O qcow2 -B n.img -F raw t.img x.img', 'convert -O qcow2 -c -B m.img -F qcow2 t.img x.img', 'convert -n -O qcow2 t.img q.img', 'convert -n -O qcow2 -B m.img t.img q.img',
  'convert -O qcow2 -o backing_file=m.img,backing_fmt=qcow2 t.img x.img', 'convert -O qcow2 -S 0 -B m.img -F qcow2 t.img x.img',
  'measure -O qcow2 t.img', 'measure -O raw t.img', 'dd if=t.img of=x.img bs=64k count=50', 'dd -O qcow2 if=t.img of=x.img bs=1M skip=1',
  'resize t.img 1M --shrink', 'resize t.img 4M', 'snapshot -c s t.img', 'amend -o backing_file=n.img t.img', 'bench -c 8 -s 64k -S 128k t.img',
  'create -f qcow2 -b t.img -F qcow2 u.img && qemu-img map --output=json u.img && qemu-img commit -b m.img u.img',
];

/** Extended-L2 images with partial (subcluster) data, zeroes and discards, alone and over a backing file. */
const SUBC = 'qemu-img create -f raw b.img 1M >/dev/null && qemu-io -f raw -c "write -P 1 0 1M" b.img >/dev/null && ' +
  'qemu-img create -f qcow2 -o extended_l2=on s.img 1M >/dev/null && qemu-io -c "write -P 2 4k 8k" -c "write -z 64k 2k" -c "write -P 3 130k 1k" -c "discard 132k 64k" s.img >/dev/null && ' +
  'qemu-img create -f qcow2 -o extended_l2=on,cluster_size=128k -b b.img -F raw o.img >/dev/null && qemu-io -c "write -P 2 4k 8k" -c "write -z 200k 4k" -c "write -P 3 300k 1k" o.img >/dev/null && ' +
  'qemu-img create -f qcow2 e.img 1M >/dev/null';
const ON_SUBC = [
  'map --output=json s.img', 'map s.img', 'map --output=json o.img', 'check s.img', 'check --output=json o.img', 'info o.img',
  'convert -O qcow2 s.img x.img && qemu-img map --output=json x.img', 'convert -O qcow2 -o extended_l2=on s.img x.img && qemu-img map --output=json x.img',
  'convert -O qcow2 -o extended_l2=on,cluster_size=32k o.img x.img && qemu-img map --output=json x.img', 'convert -O raw o.img x.img', 'convert -c -O qcow2 -o extended_l2=on s.img x.img && qemu-img check x.img',
  'convert -n -O qcow2 s.img e.img && qemu-img map --output=json e.img', 'compare s.img o.img', 'compare -s s.img e.img', 'compare o.img b.img',
  'commit o.img && qemu-img map --output=json b.img', 'rebase -b "" o.img && qemu-img map --output=json o.img', 'rebase -u -b "" o.img && qemu-img map --output=json o.img',
  'resize --shrink s.img 66k && qemu-img map --output=json s.img', 'resize --shrink s.img 130k && qemu-img map --output=json s.img', 'resize s.img 1100k && qemu-img map --output=json s.img',
  'resize --preallocation=metadata s.img 2M && qemu-img map --output=json s.img', 'resize --preallocation=full o.img 2M && qemu-img map --output=json o.img',
  'measure -O qcow2 -o extended_l2=on s.img', 'dd if=s.img of=x.img bs=2k count=100', 'dd -O qcow2 if=o.img of=x.img bs=4k skip=1 count=80 && qemu-img map --output=json x.img',
  'snapshot -c s s.img && qemu-img snapshot -a s s.img && qemu-img map --output=json s.img', 'amend -o compat=0.10 s.img', 'bench -w -c 16 -s 1k -S 3k s.img && qemu-img map --output=json s.img',
];

export function imgBreadthCases() {
  const subc = ON_SUBC.map((c) => ({ id: `ib-subc/${c}`, setup: SUBC, cmd: `qemu-img ${c}` }));
  const chain3 = ON_CHAIN3.map((c) => ({ id: `ib-chain3/${c}`, setup: CHAIN3, cmd: `qemu-img ${c}; /usr/bin/qemu-img map --output=json t.img` }));
  return [...optionAndImageCases(), ...clusterAndNumberCases(), ...variantAmendMeasureCases(), ...chain3, ...subc];
}
