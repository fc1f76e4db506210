// qemu-img: every subcommand's help, missing arguments, bad options and values, then real work on raw and basic qcow2.

import { CHAIN_SETUP, QCOW2_SETUP, RAW_SETUP, q } from './common.mjs';

const SUBCOMMANDS = ['amend', 'bench', 'bitmap', 'check', 'commit', 'compare', 'convert', 'create', 'dd', 'info', 'map', 'measure', 'snapshot', 'rebase', 'resize'];

const SIZES = [
  '', '0', '1', '511', '512', '513', '1k', '1K', '1.5M', '1b', '1B', '1x', '-1', '0x10', '010', '1e3', '1E', '8E', '16E',
  '9223372036854775807', '9223372036854775808', '1P', '1T', 'k', '1.5', '0.5', '1M1', '1kb', '1 M', '+1M', '4294967296',
  '1.0000000001k', '.5k', '1i', '18446744073709551615',
];

const GENERIC = [
  '', '-h', '--help', '-V', '--version', 'bogus', '-x', '--bogus', 'info', '-T help info', '-T bogus info', '-q', 'help',
  '--help info', 'info --help --bogus',
];

const RAW_OPTS = ['help', '?', 'size=1M', 'bogus=1', 'size=1x', 'preallocation=full', 'preallocation=falloc', 'preallocation=off',
  'preallocation=metadata', 'preallocation=bogus', ',', '', 'size=1M,size=2M', 'help,size=1M', 'a=b,,c', 'nocow=on', 'nocow=bogus',
  'extent_size_hint=1M', 'extent_size_hint=1x', 'extent_size_hint=-1', 'size', 'size=', '=1', 'preallocation=full,help', 'backing_file=x'];

const QCOW2_OPTS = ['help', 'cluster_size=4k', 'cluster_size=2M', 'cluster_size=3k', 'cluster_size=256', 'cluster_size=4M', 'cluster_size=1x',
  'compat=0.10', 'compat=1.1', 'compat=v3', 'compat=bogus', 'lazy_refcounts=on', 'lazy_refcounts=on,compat=0.10', 'lazy_refcounts=x',
  'refcount_bits=1', 'refcount_bits=64', 'refcount_bits=3', 'refcount_bits=128', 'refcount_bits=8,compat=0.10', 'preallocation=metadata',
  'preallocation=falloc', 'preallocation=full', 'preallocation=bogus', 'extended_l2=on', 'extended_l2=on,cluster_size=4k',
  'compression_type=zlib', 'compression_type=zstd', 'compression_type=bogus', 'encryption=on', 'encrypt.format=aes', 'data_file=d.img',
  'data_file=d.img,data_file_raw=on', 'backing_file=b.img', 'backing_fmt=raw', 'bogus=1', 'cluster_size=64k,cluster_size=4k', '?'];

function img(id, setup, cmd, extra = {}) {
  return { id: `img-${id}/${cmd.replace(/^qemu-img /, '')}`, setup, cmd, ...extra };
}

function basics() {
  const out = [];
  for (const a of GENERIC) out.push(img('generic', RAW_SETUP, `qemu-img ${a}`));
  for (const s of SUBCOMMANDS) {
    for (const a of ['', '-h', '--help', '-x', '--bogus', '-f', '-f bogus t.img', 'nofile', '-f raw nofile', 't.img t.img t.img t.img', '--object bogus t.img', '--image-opts', '-q', '--output=bogus t.img', '--output=json', '-U t.img', '--image-opts -f raw t.img', '-T bogus t.img'])
      out.push(img(`sub-${s}`, RAW_SETUP, `qemu-img ${s} ${a}`.trim()));
  }
  return out;
}

function createCases() {
  const out = [];
  for (const s of SIZES) out.push(img('create-raw-size', '', `qemu-img create -f raw x.img ${q(s)}`));
  for (const s of SIZES.filter((_, i) => i % 2 === 0)) out.push(img('create-qcow2-size', '', `qemu-img create -f qcow2 x.img ${q(s)}`));
  for (const o of RAW_OPTS) out.push(img('create-raw-o', '', `qemu-img create -f raw -o ${q(o)} x.img 1M`));
  for (const o of RAW_OPTS.slice(0, 6)) out.push(img('create-raw-o-nosize', '', `qemu-img create -f raw -o ${q(o)} x.img`));
  for (const o of QCOW2_OPTS) out.push(img('create-qcow2-o', 'qemu-img create -f raw b.img 1M >/dev/null', `qemu-img create -f qcow2 -o ${q(o)} x.img 1M`));
  const more = [
    'create x.img 1M', 'create -f raw x.img', 'create -f raw', 'create -f raw x.img 1M extra', 'create -q -f raw x.img 1M',
    'create -f raw -b b.img x.img 1M', 'create -f raw -b b.img -F raw x.img', 'create -f qcow2 -b b.img x.img',
    'create -f qcow2 -b b.img -F raw x.img', 'create -f qcow2 -b b.img -F qcow2 x.img', 'create -f qcow2 -b nofile -F raw x.img',
    'create -f qcow2 -u -b nofile -F raw x.img 1M', 'create -f qcow2 -u -b nofile -F raw x.img', 'create -f qcow2 -b b.img -F raw x.img 2M',
    'create -f qcow2 -b b.img -F bogus x.img', 'create -f qcow2 -F raw x.img 1M', 'create -f bogus x.img 1M', 'create -f file x.img 1M',
    'create -f raw b.img 2M', 'create -f raw nodir/x.img 1M', 'create -f raw . 1M', 'create -f raw "" 1M', 'create -f raw file:x.img 1M',
    'create -f raw -o size=2M x.img 1M', 'create -f raw -o size=2M x.img', 'create -f raw x.img 1M -o preallocation=full',
    'create -f raw -o preallocation=full -o size=1M x.img', 'create -f raw -o preallocation=falloc x.img 64k',
    'create -f raw --object secret,id=s,data=x x.img 1M', 'create -f qcow2 -o encrypt.format=luks,encrypt.key-secret=s --object secret,id=s,data=x x.img 1M',
    'create -f qcow2 x.img 1M -u', 'create -f raw x.img 1M 2M', 'create -f vmdk x.img 1M', 'create -f qcow2 -b b.img -F raw -o backing_fmt=qcow2 x.img',
    'create -f qcow2 -b x.img -F qcow2 x.img', 'create -f qcow2 -b "json:{\\"driver\\":\\"raw\\",\\"file\\":{\\"driver\\":\\"file\\",\\"filename\\":\\"b.img\\"}}" -F raw x.img',
  ];
  for (const m of more) out.push(img('create', 'qemu-img create -f raw b.img 1M >/dev/null', `qemu-img ${m}`));
  return out;
}

function infoCases() {
  const out = [];
  const v = ['info t.img', 'info -f raw t.img', 'info --output=json t.img', 'info --output=human t.img', 'info --output json t.img',
    'info --backing-chain t.img', 'info --backing-chain --output=json t.img', 'info -U t.img', 'info --image-opts driver=raw,file.filename=t.img',
    'info --image-opts driver=qcow2,file.filename=t.img', 'info -f qcow2 t.img', 'info \'json:{"driver":"raw","file":{"driver":"file","filename":"t.img"}}\'',
    'info file:t.img', 'info -f raw file:t.img', 'info --output=json -f raw t.img extra', 'info -f raw --image-opts t.img',
    'info --image-opts driver=raw,file.filename=t.img,offset=4096', 'info --image-opts driver=raw,file.filename=t.img,size=4096'];
  for (const a of v) {
    out.push(img('info-raw', RAW_SETUP, `qemu-img ${a}`));
    out.push(img('info-qcow2', QCOW2_SETUP, `qemu-img ${a}`));
  }
  for (const a of ['info t.img', 'info --backing-chain t.img', 'info --output=json --backing-chain t.img', 'info b.img'])
    out.push(img('info-chain', CHAIN_SETUP, `qemu-img ${a}`));
  out.push(img('info-dir', 'mkdir d', 'qemu-img info d'));
  out.push(img('info-empty', ': > e', 'qemu-img info e'));
  out.push(img('info-small', 'printf abc > e', 'qemu-img info --output=json e'));
  return out;
}

function workCases() {
  const w = [
    'check t.img', 'check -f raw t.img', 'check --output=json t.img', 'check -q t.img', 'check -r leaks t.img', 'check -r all t.img',
    'check -r bogus t.img', 'check -r', 'check -T none t.img', 'check -T bogus t.img', 'check -U t.img',
    'convert t.img o.img', 'convert -O raw t.img o.img', 'convert -O qcow2 t.img o.img', 'convert -O bogus t.img o.img', 'convert -f raw -O raw t.img o.img',
    'convert -S 0 -O raw t.img o.img', 'convert -S 1x -O raw t.img o.img', 'convert -S 511 -O raw t.img o.img', 'convert -S -1 t.img o.img', 'convert -S 1k t.img o.img',
    'convert -m 0 t.img o.img', 'convert -m 17 t.img o.img', 'convert -m 16 t.img o.img', 'convert -m x t.img o.img', 'convert -W t.img o.img',
    'convert -c t.img o.img', 'convert -c -O qcow2 t.img o.img', 'convert -n t.img o.img', 'convert --target-is-zero t.img o.img',
    'convert -n --target-is-zero t.img t.img', 'convert -r 1x t.img o.img', 'convert -r 0 t.img o.img', 'convert -t bogus t.img o.img', 'convert -T bogus t.img o.img',
    'convert t.img', 'convert', 'convert -o preallocation=full t.img o.img', 'convert -o help t.img o.img', 'convert -O qcow2 -o help t.img o.img',
    'convert -o bogus=1 t.img o.img', 'convert t.img t.img o.img', 'convert -l snap t.img o.img', 'convert -B b.img t.img o.img', 'convert -O qcow2 -B b.img t.img o.img',
    'convert --salvage t.img o.img', 'convert -q -p t.img o.img', 'convert -C t.img o.img', 'convert -U t.img o.img', 'convert -O raw nofile o.img',
    'convert -n t.img nofile', 'convert --bitmaps t.img o.img', 'convert -O qcow2 --bitmaps t.img o.img', 'convert --image-opts driver=raw,file.filename=t.img o.img',
    'convert --target-image-opts t.img driver=raw,file.filename=o.img', 'convert -n --target-image-opts t.img driver=raw,file.filename=o.img',
    'compare t.img t.img', 'compare t.img o.img', 'compare -s t.img t.img', 'compare -f raw -F raw t.img t.img', 'compare -q t.img t.img',
    'compare t.img', 'compare t.img nofile', 'compare -p t.img t.img', 'compare -f bogus t.img t.img', 'compare -T bogus t.img t.img',
    'resize t.img 2M', 'resize t.img +1M', 'resize t.img -512k', 'resize --shrink t.img -512k', 'resize --shrink t.img 512k', 'resize t.img 512k',
    'resize t.img 0', 'resize t.img 1x', 'resize t.img', 'resize -q t.img 2M', 'resize --preallocation=full t.img 2M', 'resize --preallocation=falloc t.img 2M',
    'resize --preallocation=bogus t.img 2M', 'resize --preallocation=metadata t.img 2M', 'resize -f raw t.img 2M', 'resize t.img -- -512k', 'resize t.img 1M',
    'resize t.img -2M', 'resize --shrink t.img -2M', 'resize t.img +0', 'resize t.img 1000', 'resize --shrink t.img 1000', 'resize t.img 8E', 'resize t.img 9223372036854775807',
    'resize --image-opts driver=raw,file.filename=t.img 2M', 'resize --preallocation=full --shrink t.img 512k', 'resize -U t.img 2M',
    'map t.img', 'map --output=json t.img', 'map -f raw t.img', 'map --start-offset=512 t.img', 'map --start-offset=64k --output=json t.img', 'map --max-length=4k t.img',
    'map --start-offset=1x t.img', 'map --max-length=-1 t.img', 'map --start-offset=2M t.img', 'map --max-length=0 t.img', 'map --start-offset=1M t.img',
    'map --output=bogus t.img', 'map -U t.img',
    'measure --size 1G -O raw', 'measure --size 1G -O qcow2', 'measure --size 1G', 'measure -O raw t.img', 'measure -O qcow2 t.img', 'measure t.img',
    'measure --output=json --size 1G -O qcow2', 'measure --size 1x -O raw', 'measure --size 1G -O raw t.img', 'measure', 'measure -O bogus --size 1G',
    'measure --size 1G -O qcow2 -o cluster_size=4k', 'measure --size 1G -O qcow2 -o preallocation=full', 'measure --size 1G -O qcow2 -o bogus=1', 'measure -o help -O qcow2',
    'measure --size -1 -O raw', 'measure --size 0 -O qcow2', 'measure -l snap -O raw t.img', 'measure --size 1G -O raw -o preallocation=full',
    'dd if=t.img of=o.img', 'dd if=t.img of=o.img bs=4k', 'dd if=t.img of=o.img bs=4k count=2', 'dd if=t.img of=o.img bs=4k count=2 skip=1',
    'dd if=t.img of=o.img bs=0', 'dd if=t.img of=o.img bs=1x', 'dd if=t.img of=o.img count=-1', 'dd if=t.img of=o.img skip=1000000', 'dd if=t.img',
    'dd of=o.img', 'dd', 'dd bogus=1 if=t.img of=o.img', 'dd if=t.img of=o.img -O qcow2', 'dd -O qcow2 if=t.img of=o.img', 'dd if=nofile of=o.img',
    'dd if=t.img of=t.img', 'dd if=t.img of=o.img bs=3', 'dd if=t.img of=o.img bs=512 count=0', 'dd if=t.img of=o.img if=t.img', 'dd -f raw if=t.img of=o.img',
    'dd if=t.img of=o.img conv=notrunc', 'dd if=t.img of=o.img bs=1M count=3', 'dd if=t.img of=o.img skip=x', 'dd if=t.img of=o.img bs=2G', 'dd if=t.img of=o.img status=none',
    'amend -o size=2M t.img', 'amend t.img', 'amend -o help t.img', 'amend -f raw -o size=2M t.img', 'amend -o compat=0.10 t.img', 'amend -o bogus=1 t.img',
    'amend -o lazy_refcounts=on t.img', 'amend -o help', 'amend -o size=512k t.img', 'amend --force -o size=2M t.img', 'amend -p -o size=2M t.img',
    'snapshot -l t.img', 'snapshot -c s1 t.img', 'snapshot -a s1 t.img', 'snapshot -d s1 t.img', 'snapshot t.img', 'snapshot -l -c s1 t.img', 'snapshot -c "" t.img',
    'rebase -b b.img t.img', 'rebase -u -b b.img -F raw t.img', 'rebase -b "" t.img', 'rebase -u -b "" t.img', 'rebase t.img', 'rebase -b nofile -F raw t.img',
    'rebase -u -b nofile -F raw t.img', 'rebase -b b.img -F bogus t.img', 'rebase -b b.img -F raw t.img', 'rebase -p -b b.img -F raw t.img',
    'commit t.img', 'commit -d t.img', 'commit -b b.img t.img', 'commit -r 1x t.img', 'commit -t bogus t.img', 'commit -q t.img', 'commit -p t.img',
    'bench -c 10 t.img', 'bench -c 10 -w t.img', 'bench -c 10 -s 4k -d 4 t.img', 'bench -c x t.img', 'bench -c 0 t.img', 'bench -d 0 t.img',
    'bench -c 10 -o 2M t.img', 'bench -c 10 -s 1x t.img', 'bench -c 10 --pattern=256 -w t.img', 'bench -c 10 --pattern=7 -w t.img', 'bench -i bogus t.img',
    'bench -t bogus t.img', 'bench -c 10 -S 4k -w t.img', 'bench -c 10 --flush-interval=2 -w t.img', 'bench --flush-interval=2 t.img', 'bench -c 10 -q t.img',
    'bench -c 10 -n t.img', 'bench -c 10 -w --no-drain --flush-interval=1 t.img', 'bench -c 4 -s 512k -w t.img',
    'bitmap --add t.img b0', 'bitmap t.img b0', 'bitmap --add t.img', 'bitmap --add -g 1x t.img b0', 'bitmap --remove t.img b0', 'bitmap --add -g 64k t.img b0',
  ];
  const out = [];
  const pre = 'qemu-img create -f raw b.img 1M >/dev/null && qemu-img create -f raw o.img 1M >/dev/null';
  for (const a of w) {
    out.push(img('raw', `${RAW_SETUP} && ${pre}`, `qemu-img ${a}`));
    out.push(img('qcow2', `${QCOW2_SETUP} && ${pre}`, `qemu-img ${a}`));
  }
  for (const a of ['check t.img', 'commit t.img', 'commit -b b.img t.img', 'rebase -b "" -F raw t.img', 'rebase -u -b "" t.img', 'map t.img', 'map --output=json t.img',
    'convert -O raw t.img o.img', 'convert -O qcow2 t.img o.img', 'compare t.img b.img', 'measure -O qcow2 t.img', 'info --backing-chain --output=json t.img', 'commit -d t.img'])
    out.push(img('chain', CHAIN_SETUP, `qemu-img ${a}`));
  return out;
}

export function qemuImgCases() {
  return [...basics(), ...createCases(), ...infoCases(), ...workCases()];
}
