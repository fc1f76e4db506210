// More qemu-img: option-list parsing, convert/dd/compare/rebase/commit/snapshot/amend/resize/map/measure edge cases.

import { CHAIN_SETUP, QCOW2_SETUP, RAW_SETUP, q } from './common.mjs';

/** Raw source, qcow2 source, a differing copy and an empty raw target. */
const BASE = `${RAW_SETUP} && qemu-img create -f qcow2 q.img 1M >/dev/null && qemu-io -c "write -P 0x5a 0 64k" -c "write -P 0x66 512k 4k" q.img >/dev/null && ` +
  'cp t.img d.img && qemu-io -f raw -c "write -P 0x77 100k 1k" d.img >/dev/null && qemu-img create -f raw o.img 1M >/dev/null && ' +
  'qemu-img create -f raw small.img 512k >/dev/null && qemu-img create -f raw big.img 2M >/dev/null';

/** A three-level chain: raw base b.img, qcow2 mid m.img, qcow2 top t.img, each with its own data. */
const CHAIN3 = 'qemu-img create -f raw b.img 1M >/dev/null && qemu-io -f raw -c "write -P 0x11 0 512k" b.img >/dev/null && ' +
  'qemu-img create -f qcow2 -b b.img -F raw m.img >/dev/null && qemu-io -c "write -P 0x22 64k 64k" m.img >/dev/null && ' +
  'qemu-img create -f qcow2 -b m.img -F qcow2 t.img >/dev/null && qemu-io -c "write -P 0x33 128k 64k" t.img >/dev/null && ' +
  'qemu-img create -f raw n.img 1M >/dev/null && qemu-io -f raw -c "write -P 0x11 0 256k" n.img >/dev/null';

const CREATE = [
  'create -f raw -o size=1M, x.img', 'create -f raw -o ,size=1M x.img', 'create -f raw -o size=1M,, x.img', 'create -f raw -o help, x.img',
  'create -f qcow2 -o cluster_size=4k,help x.img', 'create -f qcow2 -o help', 'create -o help', 'create -o ?', 'create -f raw -o ? x.img',
  'create -f qcow2 -o ? x.img 1M', 'create -f qcow2 x.img 1M -o cluster_size=4k', 'create -f raw x.img 1.5G', 'create -f raw x.img 1e',
  'create -f raw x.img 1t', 'create -f raw x.img 0x100000', 'create -f raw -o size=0x100000 x.img', 'create -f raw -o size=1.5k x.img',
  'create -f raw -o preallocation=off,preallocation=full x.img 1M', 'create -f qcow2 -o cluster_size=64k -o cluster_size=4k x.img 1M',
  'create -f qcow2 -o compat=1.1 -o compat=0.10 x.img 1M', 'create -f qcow2 -o size=1M -o size=2M x.img', 'create -f raw -o size=1M x.img 2M',
  'create -f qcow2 -o backing_file=b.img,backing_fmt=raw x.img', 'create -f qcow2 -o backing_file=b.img,backing_fmt=raw x.img 512k',
  'create -f qcow2 -o backing_file=b.img x.img', 'create -f qcow2 -b b.img -F raw -o backing_file=c.img x.img', 'create -f qcow2 -o "backing_file=b.img,,x" x.img',
  'create -f qcow2 -o refcount_bits=16,refcount_bits=8 x.img 1M', 'create -f qcow2 -o cluster_size=512 x.img 1M', 'create -f qcow2 -o cluster_size=2M x.img 1M',
  'create -f qcow2 -o cluster_size=1k x.img 1G', 'create -f qcow2 -o preallocation=metadata,cluster_size=4k x.img 100k', 'create -f qcow2 x.img 1000',
  'create -f qcow2 x.img 511', 'create -f raw x.img 1000', 'create -f qcow2 -o compat=v2 x.img 1M', 'create -f qcow2 -o compat=0.10,refcount_bits=1 x.img 1M',
  'create -f qcow2 -o compat=0.10,compression_type=zstd x.img 1M', 'create -f qcow2 -o compat=0.10,data_file=d.img x.img 1M', 'create -f qcow2 -o compat=0.10,extended_l2=on x.img 1M',
  'create -f qcow2 -o lazy_refcounts=off,compat=0.10 x.img 1M', 'create -f qcow2 -o lazy_refcounts=yes x.img 1M', 'create -f qcow2 -o lazy_refcounts x.img 1M',
  'create -f qcow2 -o lazy_refcounts=true x.img 1M', 'create -f qcow2 -o refcount_bits=x x.img 1M', 'create -f qcow2 -o refcount_bits=-1 x.img 1M', 'create -f qcow2 -o refcount_bits=0x10 x.img 1M',
  'create -f qcow2 -o cluster_size=-1 x.img 1M', 'create -f qcow2 -o cluster_size= x.img 1M', 'create -f qcow2 -o data_file= x.img 1M', 'create -f qcow2 -o compat= x.img 1M',
  'create -f raw -o nocow=on x.img 1M', 'create -f raw -o extent_size_hint=0 x.img 1M', 'create -f raw -o extent_size_hint=4G x.img 1M', 'create -f raw -o extent_size_hint=5G x.img 1M',
  'create -q -f qcow2 x.img 1M', 'create -f qcow2 -q -o help', 'create -f raw "x.img" 9223372036854775807', 'create -f raw x.img 9223372036854775296',
  'create -f qcow2 x.img 9223372036854775296', 'create -f qcow2 -o cluster_size=2M x.img 8E', 'create -f qcow2 -o cluster_size=2M x.img 4E', 'create -f qcow2 x.img 256T',
  'create -f qcow2 x.img 64P', 'create --object secret,id=s,data=x -f raw x.img 1M', 'create --object bogus,id=s -f raw x.img 1M', 'create --object secret,id=s -f raw x.img 1M',
  'create -f qcow2 -b b.img -F raw -u x.img', 'create -f qcow2 -b b.img -F qcow2 -u x.img 1M', 'create -f qcow2 -b "" -F raw x.img 1M', 'create -f raw -f qcow2 x.img 1M',
  'create -f qcow2 -o preallocation=falloc x.img 64k', 'create -f qcow2 -o preallocation=full x.img 64k', 'create -f qcow2 -o data_file=d.img,data_file_raw=on,preallocation=full x.img 64k',
  'create -f qcow2 -b t.img -F raw x.img', 'create -f qcow2 -b q.img -F qcow2 x.img', 'create -f qcow2 -b q.img -F raw x.img', 'create -f qcow2 -b nodir/t.img -F raw x.img',
  'create -f qcow2 -b b.img -F raw x.img 0', 'create --image-opts -f raw x.img 1M', 'create -U -f raw x.img 1M', 'create -f raw x.img 1M --', 'create -f raw -- x.img 1M',
  'create -fraw x.img 1M', 'create -f raw -o size=1M -- x.img', 'create -f qcow2 -o encrypt.format=luks x.img 1M', 'create -f qcow2 -o encryption=off x.img 1M',
];

const CONVERT = [
  'convert -O qcow2 -o cluster_size=4k t.img x.img', 'convert -O qcow2 -o compat=0.10 t.img x.img', 'convert -O qcow2 -o cluster_size=4k,help t.img x.img',
  'convert -O qcow2 -o preallocation=metadata t.img x.img', 'convert -O qcow2 -o preallocation=falloc -f raw t.img x.img', 'convert -O raw -o preallocation=metadata t.img x.img',
  'convert -O qcow2 -o size=4M t.img x.img', 'convert -O qcow2 -o backing_file=t.img,backing_fmt=raw t.img x.img', 'convert -O qcow2 -B t.img -F raw q.img x.img',
  'convert -O raw -B t.img q.img x.img', 'convert -O qcow2 -B t.img -o backing_fmt=raw q.img x.img', 'convert -O qcow2 -B nofile -F raw q.img x.img',
  'convert -n -O raw t.img o.img', 'convert -n -O raw t.img small.img', 'convert -n -O raw t.img big.img', 'convert -n -f raw -O raw q.img o.img', 'convert -n -O qcow2 t.img q.img',
  'convert -n -O raw -o preallocation=full t.img o.img', 'convert -n -O raw t.img nofile', 'convert -n t.img q.img', 'convert -n -S 0 t.img o.img', 'convert -n --target-is-zero -O raw t.img o.img',
  'convert --target-is-zero -O raw t.img x.img', 'convert -n --target-is-zero -B t.img -O qcow2 q.img x.img', 'convert --target-image-opts t.img driver=raw,file.filename=o.img',
  'convert -n --target-image-opts -O raw t.img driver=raw,file.filename=o.img', 'convert -n --target-image-opts t.img driver=raw,file.filename=small.img',
  'convert -n --target-image-opts t.img driver=qcow2,file.filename=q.img', 'convert -n --target-image-opts -O qcow2 t.img driver=raw,file.filename=o.img',
  'convert -S 4k -O raw q.img x.img', 'convert -S 512 -O raw q.img x.img', 'convert -S 1M -O qcow2 t.img x.img', 'convert -S 100 t.img x.img', 'convert -S 513 t.img x.img',
  'convert -S 1.5k t.img x.img', 'convert -S 0 -O qcow2 t.img x.img', 'convert -c -O raw t.img x.img', 'convert -c -S 0 -O qcow2 t.img x.img',
  'convert -c -O qcow2 -o compression_type=zstd t.img x.img', 'convert -c -O qcow2 -o cluster_size=4k q.img x.img', 'convert -m 1 -W -O raw t.img x.img', 'convert -m 16 -W -O qcow2 q.img x.img',
  'convert -m -1 t.img x.img', 'convert -m 1k t.img x.img', 'convert -C -O raw t.img x.img', 'convert -C -O qcow2 t.img x.img', 'convert -C -S 0 t.img x.img', 'convert -C -c -O qcow2 t.img x.img',
  'convert -t none -O raw t.img x.img', 'convert -t writeback -T writethrough -O raw t.img x.img', 'convert -t directsync -O raw t.img x.img', 'convert -T none -O raw t.img x.img',
  'convert -t unsafe -O qcow2 t.img x.img', 'convert -O raw t.img q.img x.img', 'convert -O raw q.img t.img x.img', 'convert -f qcow2 -O raw t.img q.img x.img',
  'convert -O raw t.img small.img x.img', 'convert -O qcow2 small.img t.img x.img', 'convert --salvage -O raw q.img x.img', 'convert --salvage -f raw -O raw t.img x.img',
  'convert -l s1 -O raw q.img x.img', 'convert -l snapshot.id=1,snapshot.name=s1 -O raw q.img x.img', 'convert -l snapshot.bogus=1 -O raw q.img x.img',
  'convert -l "" -O raw q.img x.img', 'convert -s s1 -O raw q.img x.img', 'convert -O raw --object secret,id=s0,data=x t.img x.img', 'convert --image-opts -O raw driver=qcow2,file.filename=q.img x.img',
  'convert --image-opts -O raw driver=raw,file.filename=t.img,offset=512k x.img', 'convert --image-opts -O raw driver=raw,file.filename=t.img,size=4096 x.img', 'convert -O raw json:{\\"driver\\":\\"raw\\",\\"file\\":{\\"driver\\":\\"file\\",\\"filename\\":\\"t.img\\"}} x.img',
  'convert -O qcow2 -o extended_l2=off,cluster_size=16k t.img x.img', 'convert -p -O raw q.img x.img', 'convert -O raw -U q.img x.img', 'convert -O raw -r 1M q.img x.img', 'convert -O raw -r 0 q.img x.img',
  'convert -O raw -r -1 q.img x.img', 'convert -q -O qcow2 t.img x.img', 'convert -O qcow2 t.img t.img', 'convert -O raw -f raw t.img t.img', 'convert -O raw t.img .', 'convert -O raw t.img nodir/x.img',
  'convert -O raw nodir/x.img x.img', 'convert -O raw "" x.img', 'convert -O raw t.img ""', 'convert -O qcow2 -o data_file=dx.img t.img x.img', 'convert -O qcow2 -o data_file=dx.img,data_file_raw=on t.img x.img',
  'convert -B t.img -O qcow2 -n q.img o.img', 'convert -O qcow2 --bitmaps t.img x.img', 'convert --bitmaps --skip-broken-bitmaps -O qcow2 q.img x.img', 'convert --skip-broken-bitmaps -O qcow2 q.img x.img',
];

const DD = [
  'dd if=t.img of=x.img bs=1k', 'dd if=t.img of=x.img bs=1M', 'dd if=t.img of=x.img bs=64k count=1', 'dd if=t.img of=x.img bs=1k count=0', 'dd if=t.img of=x.img bs=512 count=1 skip=2047',
  'dd if=t.img of=x.img bs=512 count=1 skip=2048', 'dd if=t.img of=x.img bs=512 skip=2049', 'dd if=t.img of=x.img count=1k', 'dd if=t.img of=x.img count=1x', 'dd if=t.img of=x.img bs=-1',
  'dd if=t.img of=x.img bs=0x200', 'dd if=t.img of=x.img bs=1.5k', 'dd if=t.img of=x.img bs=3 count=5', 'dd if=t.img of=x.img skip=-1', 'dd if=t.img of=x.img count=0',
  'dd if=t.img of=x.img bs=4096 count=1 skip=16', 'dd if= of=x.img', 'dd if=t.img of=', 'dd if=t.img of=x.img if=q.img', 'dd if=t.img of=x.img of=y.img', 'dd if=t.img of=x.img bs=1k bs=2k',
  'dd if=t.img of=x.img count=1 count=2', 'dd if=t.img of=x.img skip=1 skip=2', 'dd if=t.img of=x.img =1', 'dd if=t.img of=x.img bs', 'dd if=t.img of=x.img bs=', 'dd if', 'dd if=t.img of=x.img extra',
  'dd -O qcow2 if=q.img of=x.img bs=64k', 'dd -f qcow2 -O raw if=q.img of=x.img', 'dd -f raw if=q.img of=x.img count=1', 'dd -U if=t.img of=x.img', 'dd --image-opts if=driver=raw,file.filename=t.img of=x.img',
  'dd -O qcow2 -o cluster_size=4k if=t.img of=x.img', 'dd -O raw if=t.img of=o.img', 'dd -O raw if=t.img of=t.img', 'dd -q if=t.img of=x.img', 'dd -n if=t.img of=x.img', 'dd --object secret,id=s,data=x if=t.img of=x.img',
  'dd -O qcow2 if=q.img of=x.img bs=4k skip=128 count=1', 'dd if=t.img of=x.img bs=9223372036854775807', 'dd if=t.img of=x.img count=9223372036854775807', 'dd if=t.img of=x.img skip=9223372036854775807',
  'dd if=t.img of=x.img bs=512 count=3 skip=1', 'dd if=nofile of=x.img', 'dd if=t.img of=nodir/x.img', 'dd -T bogus if=t.img of=x.img', 'dd -T none if=t.img of=x.img', 'dd -t none if=t.img of=x.img',
];

const COMPARE = [
  'compare t.img d.img', 'compare -s t.img d.img', 'compare -q t.img d.img', 'compare t.img small.img', 'compare -s t.img small.img', 'compare small.img t.img', 'compare t.img big.img',
  'compare -s t.img big.img', 'compare -f raw -F qcow2 t.img q.img', 'compare -F qcow2 t.img q.img', 'compare -f raw t.img q.img', 'compare q.img t.img', 'compare -s q.img t.img',
  'compare --image-opts driver=raw,file.filename=t.img driver=raw,file.filename=d.img', 'compare --image-opts t.img d.img', 'compare --image-opts -f raw driver=raw,file.filename=t.img d.img',
  'compare -U t.img d.img', 'compare -T none t.img d.img', 'compare -t none t.img d.img', 'compare --object secret,id=s,data=x t.img t.img', 'compare t.img t.img t.img', 'compare -p -s t.img d.img',
  'compare -f raw -F raw t.img nofile', 'compare nofile t.img', 'compare -f qcow2 t.img t.img', 'compare -F qcow2 t.img t.img', 'compare -s -q t.img d.img', 'compare -ss t.img d.img',
  "compare 'json:{\"driver\":\"raw\",\"file\":{\"driver\":\"file\",\"filename\":\"t.img\"}}' d.img", 'compare --image-opts driver=raw,file.filename=t.img,offset=4096 driver=raw,file.filename=t.img,size=1044480',
];

const CHAIN = [
  'rebase -b n.img -F raw t.img', 'rebase -b n.img -F raw m.img', 'rebase -u -b n.img -F raw m.img', 'rebase -b "" t.img', 'rebase -b "" m.img', 'rebase -b b.img -F raw t.img',
  'rebase -b m.img -F qcow2 t.img', 'rebase -b m.img t.img', 'rebase -F raw t.img', 'rebase -u t.img', 'rebase -u -F raw t.img', 'rebase -b b.img -F raw -f qcow2 -p t.img',
  'rebase -q -b b.img -F raw t.img', 'rebase -t none -b b.img -F raw t.img', 'rebase -T none -b b.img -F raw t.img', 'rebase -t bogus -b b.img -F raw t.img', 'rebase -U -b b.img -F raw t.img',
  'rebase -b t.img -F qcow2 t.img', 'rebase -u -b t.img -F qcow2 t.img', 'rebase -b b.img -F raw b.img', 'rebase --image-opts -b b.img -F raw driver=qcow2,file.filename=t.img',
  'rebase -b "json:{\\"driver\\":\\"raw\\",\\"file\\":{\\"driver\\":\\"file\\",\\"filename\\":\\"n.img\\"}}" t.img', 'rebase -b nodir/x.img -F raw t.img', 'rebase -c -b b.img -F raw t.img',
  'commit t.img', 'commit m.img', 'commit -b b.img t.img', 'commit -b m.img t.img', 'commit -b t.img t.img', 'commit -b n.img t.img', 'commit -d -b b.img t.img', 'commit -r 1M t.img',
  'commit -r 0 t.img', 'commit -r -1 t.img', 'commit -t none t.img', 'commit -t writethrough -q t.img', 'commit -f raw b.img', 'commit b.img', 'commit --image-opts driver=qcow2,file.filename=t.img',
  'commit -b b.img --image-opts driver=qcow2,file.filename=t.img', 'commit -q -d t.img', 'commit -p -q t.img', 'commit -b "" t.img', 'commit t.img extra',
  'map t.img', 'map --output=json t.img', 'map --output=json m.img', 'map -f qcow2 --output=json --start-offset=64k --max-length=128k t.img', 'map --image-opts driver=qcow2,file.filename=t.img',
  'map -U --output=json t.img', 'map --output=json --image-opts driver=qcow2,file.filename=t.img,backing.driver=qcow2,backing.file.filename=b.img',
  'info --backing-chain t.img', 'info --backing-chain --output=json m.img', 'info --backing-chain -U --output=json t.img', 'info --backing-chain -f raw b.img',
  'info --image-opts --backing-chain driver=qcow2,file.filename=t.img', 'check t.img', 'check --output=json m.img', 'check -r all t.img', 'check -r leaks --output=json t.img',
  'compare t.img m.img', 'compare -s t.img b.img', 'compare t.img n.img', 'measure -O qcow2 t.img', 'measure -O raw --output=json t.img', 'convert -O raw t.img x.img',
  'convert -O qcow2 -B m.img -F qcow2 t.img x.img', 'convert -O qcow2 -B b.img -F raw t.img x.img', 'snapshot -c s1 t.img', 'snapshot -l m.img', 'amend -o backing_file=n.img t.img',
  'amend -o backing_fmt=raw t.img', 'amend -o backing_file=n.img,backing_fmt=raw m.img',
];

const SNAPSHOT = [
  'snapshot -l q.img', 'snapshot -c s1 q.img', 'snapshot -c s1 -c s2 q.img', 'snapshot -l -l q.img', 'snapshot -a nosnap q.img', 'snapshot -d nosnap q.img', 'snapshot -q -c s1 q.img',
  'snapshot -U -l q.img', 'snapshot -l --image-opts driver=qcow2,file.filename=q.img', 'snapshot -c s1 --image-opts driver=qcow2,file.filename=q.img', 'snapshot -c s1 -f raw t.img',
  'snapshot -c s1 t.img', 'snapshot -l t.img', 'snapshot -d s1 t.img', 'snapshot -a s1 -f raw t.img', 'snapshot -l nofile', 'snapshot -c "a b" q.img', 'snapshot -c 1 q.img',
  'snapshot -c s1 q.img q.img', 'snapshot -x q.img', 'snapshot -T none -l q.img', 'snapshot -f qcow2 -l q.img', 'snapshot -c s1 -U q.img',
];

/** Cases on a qcow2 image that already has snapshots s1 (id 1) and s2 (id 2). */
const WITH_SNAPS = [
  'snapshot -l q.img', 'snapshot -c s1 q.img', 'snapshot -c s3 q.img', 'snapshot -d 1 q.img', 'snapshot -d s2 q.img', 'snapshot -a 2 q.img', 'snapshot -a s1 q.img',
  'info q.img', 'info --output=json q.img', 'check q.img', 'convert -l 2 -O raw q.img x.img', 'convert -l snapshot.id=2 -O raw q.img x.img', 'convert -l snapshot.name=s2 -O qcow2 q.img x.img',
  'measure -l s2 -O qcow2 q.img', 'measure -l snapshot.id=9 -O qcow2 q.img', 'amend -o compat=0.10 q.img', 'resize q.img 2M', 'resize --shrink q.img 512k', 'map --output=json q.img',
  'snapshot -c "" q.img', 'snapshot -c 1 q.img', 'snapshot -c 3 q.img',
];

const AMEND = [
  'amend -o help q.img', 'amend -o ? q.img', 'amend -f qcow2 -o help', 'amend -o compat=0.10 q.img', 'amend -o compat=1.1 q.img', 'amend -o compat=v3 q.img', 'amend -o lazy_refcounts=on q.img',
  'amend -o refcount_bits=8 q.img', 'amend -o refcount_bits=64 q.img', 'amend -o refcount_bits=3 q.img', 'amend -o cluster_size=4k q.img', 'amend -o cluster_size=64k q.img', 'amend -o size=2M q.img',
  'amend -o size=512k q.img', 'amend -o size=1M q.img', 'amend -o preallocation=full q.img', 'amend -o encryption=on q.img', 'amend -o data_file=x.img q.img', 'amend -o extended_l2=on q.img',
  'amend -o compression_type=zstd q.img', 'amend -o backing_file=t.img q.img', 'amend -o backing_file=t.img,backing_fmt=raw q.img', 'amend -o bogus=1 q.img', 'amend -o "" q.img',
  'amend -o , q.img', 'amend -o size=2M -o size=3M q.img', 'amend -q -o size=2M q.img', 'amend -p -o compat=0.10 q.img', 'amend --force -o compat=0.10 q.img', 'amend -U -o size=2M q.img',
  'amend -t none -o size=2M q.img', 'amend --image-opts -o size=2M driver=qcow2,file.filename=q.img', 'amend -o size=2M t.img', 'amend -f raw -o size=2M t.img', 'amend -f qcow2 -o size=2M t.img',
  'amend -o size=2M nofile', 'amend -o size=2M', 'amend q.img', 'amend -o compat=0.10,lazy_refcounts=on q.img', 'amend -o lazy_refcounts=on,compat=0.10 q.img',
];

const RESIZE = [
  'resize t.img 1.5M', 'resize t.img +1.5M', 'resize t.img +0', 'resize t.img -0', 'resize --shrink t.img -0', 'resize t.img +1', 'resize t.img 1048577', 'resize -f raw t.img +1',
  'resize --shrink t.img 1', 'resize --shrink t.img 0', 'resize t.img -- -1M', 'resize --shrink t.img -- -1M', 'resize --shrink t.img -- -1048577', 'resize t.img ++1M', 'resize t.img +-1M',
  'resize t.img 1M extra', 'resize --object secret,id=s,data=x t.img 2M', 'resize -U t.img 2M', 'resize --preallocation=off t.img 2M', 'resize --preallocation=full --shrink t.img 2M',
  'resize q.img 1.5M', 'resize q.img +512', 'resize q.img +511', 'resize q.img 1048577', 'resize --shrink q.img 512k', 'resize --shrink q.img 64k', 'resize --shrink q.img 0', 'resize q.img 512k',
  'resize --preallocation=metadata q.img 2M', 'resize --preallocation=falloc q.img 2M', 'resize --preallocation=full q.img 2M', 'resize --preallocation=full q.img 1536k', 'resize -f raw q.img 2M',
  'resize --image-opts driver=qcow2,file.filename=q.img 2M', 'resize --image-opts driver=raw,file.filename=t.img,offset=512k 256k', 'resize --image-opts driver=raw,file.filename=t.img,size=512k 256k',
  'resize -q q.img 4M', 'resize q.img 8E', 'resize q.img 64P', 'resize --shrink q.img 1000', 'resize nofile 2M', 'resize . 2M', 'resize -T bogus t.img 2M',
];

const MAP_INFO = [
  'map --output=json q.img', 'map --output=human q.img', 'map -f raw q.img', 'map --start-offset=512k --output=json q.img', 'map --max-length=70000 --output=json q.img', 'map --start-offset=-1 q.img',
  'map --start-offset=1.5k --output=json q.img', 'map --max-length=1x q.img', 'map --image-opts driver=raw,file.filename=t.img,offset=32k --output=json', 'map -U q.img', 'map --object secret,id=s,data=x q.img',
  'map q.img t.img', 'map --output json q.img', 'map --output=JSON q.img', 'info -U --output=json q.img', 'info --output=json --image-opts driver=qcow2,file.filename=q.img',
  "info 'json:{\"driver\":\"qcow2\",\"file\":{\"driver\":\"file\",\"filename\":\"q.img\"}}'", "info --output=json 'json:{\"driver\":\"raw\",\"file\":{\"driver\":\"file\",\"filename\":\"t.img\"},\"size\":4096}'",
  'info --image-opts driver=raw,file.driver=file,file.filename=t.img,file.locking=off', 'info -f qcow2 q.img', 'info -f raw q.img', 'info -t none q.img', 'info -T none q.img', 'info --backing-chain -f raw t.img',
  'check -f raw t.img', 'check -r leaks -f raw t.img', 'check -r all -f raw t.img', 'check --output=json -f raw t.img', 'check -q q.img', 'check -r all -q q.img', 'check --output=json q.img',
  'check --image-opts driver=qcow2,file.filename=q.img', 'check -U --output=json q.img', 'check nofile', 'check -f qcow2 t.img',
  'measure -O qcow2 q.img', 'measure -O raw q.img', 'measure --output=json -O qcow2 q.img', 'measure -O qcow2 -o cluster_size=4k q.img', 'measure -O qcow2 -o preallocation=metadata q.img',
  'measure -O qcow2 -o preallocation=full,cluster_size=2M q.img', 'measure -O qcow2 -o compat=0.10 q.img', 'measure -O qcow2 -o refcount_bits=64 --size 10G', 'measure -O qcow2 -o extended_l2=on --size 10G',
  'measure --size 1.5G -O qcow2', 'measure --size 0 -O raw', 'measure --size 9223372036854775807 -O qcow2', 'measure --size 8E -O raw', 'measure --size 1G -O qcow2 -o cluster_size=512',
  'measure --image-opts driver=qcow2,file.filename=q.img -O qcow2', 'measure -f raw -O qcow2 q.img', 'measure -U -O qcow2 q.img', 'measure -O qcow2 q.img t.img', 'measure --size 1G -O qcow2 -o size=2G',
  'measure --size 1G -O qcow2 -o backing_file=t.img', 'measure --size 1G -O qcow2 -o data_file=x.img', 'measure --size 1G -O qcow2 -o encrypt.format=luks', 'measure --size 1G -O qcow2 -o help',
  'measure -O qcow2 nofile', 'measure --object secret,id=s,data=x --size 1G -O raw', 'measure -O qcow2 -l s1 q.img',
];

export function moreImgCases() {
  const out = [];
  const add = (group, setup, list) => {
    for (const c of list) out.push({ id: `m-img-${group}/${c}`, setup, cmd: `qemu-img ${c}` });
  };
  add('create', BASE.replace('qemu-img create -f raw o.img', 'qemu-img create -f raw b.img 1M >/dev/null && qemu-img create -f raw o.img'), CREATE);
  add('convert', BASE, CONVERT);
  add('dd', BASE, DD);
  add('compare', BASE, COMPARE);
  add('chain3', CHAIN3, CHAIN);
  add('snapshot', BASE, SNAPSHOT);
  add('snaps', `${BASE} && qemu-img snapshot -c s1 q.img && qemu-io -c "write -P 0x99 0 4k" q.img >/dev/null && qemu-img snapshot -c s2 q.img && qemu-io -c "write -P 0x98 8k 4k" q.img >/dev/null`, WITH_SNAPS);
  add('amend', BASE, AMEND);
  add('resize', BASE, RESIZE);
  add('mapinfo', BASE, MAP_INFO);
  add('chain', CHAIN_SETUP, ['rebase -b "" -F raw t.img', 'commit -b nofile t.img', 'map --output=json --start-offset=64k t.img', 'compare -F raw t.img b.img']);
  add('q2', QCOW2_SETUP, ['convert -O raw -S 64k t.img x.img', 'map --output=json t.img', 'dd if=t.img of=x.img bs=64k skip=2 count=1 -O qcow2']);
  out.push({ id: 'm-img-file/zero-length', setup: ': > e.img', cmd: 'qemu-img info e.img; qemu-img check e.img; qemu-img map --output=json e.img; qemu-img convert e.img x.img; qemu-img resize -f raw e.img 1M; qemu-img info e.img' });
  out.push({ id: 'm-img-file/dir', setup: 'mkdir d', cmd: `qemu-img check d; qemu-img map d; qemu-img convert d x.img; qemu-img create -f raw d 1M; qemu-img create -f qcow2 d 1M; qemu-img resize d 1M; qemu-img compare d d; qemu-img dd if=d of=x.img; qemu-img snapshot -l d; qemu-img amend -o size=1M d; qemu-img measure -O qcow2 d; qemu-img commit d; qemu-img rebase -u -b "" d` });
  out.push({ id: 'm-img-file/missing', setup: '', cmd: `qemu-img check n; qemu-img map n; qemu-img convert n x.img; qemu-img resize n 1M; qemu-img compare n n; qemu-img dd if=n of=x.img; qemu-img snapshot -l n; qemu-img amend -o size=1M n; qemu-img measure -O qcow2 n; qemu-img commit n; qemu-img rebase -u -b "" n; qemu-img bench n; qemu-img bitmap --add n b` });
  out.push({ id: 'm-img-file/qcow2-trunc', setup: `${QCOW2_SETUP} && head -c 1000 t.img > c.img`, cmd: 'qemu-img info c.img; qemu-img check c.img; qemu-io -c "read 0 512" c.img' });
  out.push({ id: 'm-img-file/qcow2-header-only', setup: `${QCOW2_SETUP} && head -c 104 t.img > c.img`, cmd: 'qemu-img info c.img; qemu-img check c.img' });
  out.push({ id: 'm-img-file/qcow2-magic-only', setup: "printf 'QFI\\xfb' > c.img", cmd: 'qemu-img info c.img; qemu-img info -f raw c.img' });
  out.push({ id: 'm-img-file/odd-len-qcow2', setup: `${QCOW2_SETUP} && printf x >> t.img`, cmd: 'qemu-img info t.img; qemu-img check t.img; qemu-img map t.img' });
  return out;
}
