// qemu-io commands under -c: every command with good, missing, extra and malformed arguments, each flag, help.

import { BAD_NUMBERS, QCOW2_SETUP, RAW_SETUP, q, uniq } from './common.mjs';

const COMMANDS = [
  'aio_flush', 'aio_read', 'aio_write', 'alloc', 'break', 'close', 'discard', 'flush', 'help', 'info', 'length', 'map',
  'open', 'quit', 'read', 'readv', 'remove_break', 'reopen', 'resume', 'sigraise', 'sleep', 'truncate', 'wait_break',
  'write', 'writev', 'abort',
];
const ALIASES = ['r', 'w', 'q', 'l', 'o', 'c', 'f', 'a'];

/** Argument lists per command, valid and invalid, for a 1 MiB image. */
function argLists() {
  const nums = uniq(BAD_NUMBERS);
  const rw = (cmd) => [
    '', '0', '0 512', '0 512 1', '0 0', '1 511', '1048576 0', '1048576 512', '1048575 1', '1048064 1024',
    '-q 0 512', '-C 0 512', '-x 0 512', '-- 0 512', '0 -1', '-1 512',
    ...nums.filter((n) => n.trim() !== '').map((n) => `${n} 512`),
    ...nums.filter((n) => n.trim() !== '').map((n) => `0 ${n}`),
  ].map((a) => `${cmd} ${a}`.trim());
  return [
    ...rw('read'),
    'read -P 0x5a 0 512', 'read -P 0 0 512', 'read -P 256 0 512', 'read -P -1 0 512', 'read -P x 0 512', 'read -P 0x5a 60k 8k',
    'read -v 0 32', 'read -v 65530 12', 'read -v 1 17', 'read -qv 0 16', 'read -b 0 512', 'read -a 0 512', 'read -p 0 512',
    'read -P 0x5a -s 5 -l 10 0 512', 'read -P 0x5a -s 600 0 512', 'read -P 0x5a -l 600 0 512', 'read -s 5 0 512',
    'read -l 10 0 512', 'read -P 0x5a -s x 0 512', 'read -P 0x5a -l -1 0 512', 'read -P', 'read -P 0x5a -s 0 -l 0 0 512',
    'read 0 2G', 'read 0 2147483648', 'read 0 2147483647', 'read 0 1M', 'read 512 1M',
    ...rw('write'),
    'write -P 0x33 0 512', 'write -P 256 0 512', 'write -P abc 0 512', 'write -z 0 512', 'write -zu 0 64k', 'write -u 0 512',
    'write -z -P 1 0 512', 'write -c 0 64k', 'write -f 0 512', 'write -n 0 512', 'write -b 0 512', 'write -s src 0 512',
    'write -s nofile 0 512', 'write -s src -P 1 0 512', 'write -s src 0 4096', 'write -zf 0 512', 'write -zn 0 512',
    'write -z 1048576 1', 'write -z 0 2G', 'write 0 2G', 'write -z -c 0 512', 'write -u 0 1', 'write -bz 0 512',
    'readv', 'readv 0', 'readv 0 512', 'readv 0 512 512', 'readv -P 0x5a 0 512 1k', 'readv -v 0 16 16', 'readv 0 0',
    'readv 0 -1', 'readv 0 1x', 'readv 1048576 512', 'readv -x 0 512', 'readv -q 0 512 512', 'readv -C 0 512',
    'writev', 'writev 0', 'writev 0 512', 'writev -P 7 0 512 512', 'writev 0 0', 'writev 0 1x', 'writev 1048576 512',
    'writev -f 0 512', 'writev -z 0 512', 'writev -q 0 512 512',
    'aio_read 0 512', 'aio_read', 'aio_read 0', 'aio_read -P 0x5a 0 512', 'aio_read -v 0 16', 'aio_read -i 0 512',
    'aio_read 0 1x', 'aio_read 1048576 512', 'aio_read -x 0 512', 'aio_read -q 0 512 512',
    'aio_write 0 512', 'aio_write', 'aio_write -z 0 512', 'aio_write -zu 0 512', 'aio_write -u 0 512', 'aio_write -f 0 512',
    'aio_write -i 0 512', 'aio_write -P 9 0 512 512', 'aio_write 1048576 512', 'aio_write -c 0 512', 'aio_write -z 0 512 512',
    'aio_flush', 'aio_flush 1',
    'alloc', 'alloc 0', 'alloc 0 1M', 'alloc 0 2M', 'alloc 64k', 'alloc 64k 64k', 'alloc 1048576', 'alloc 1048576 512',
    'alloc 0 0', 'alloc 1 1', 'alloc x', 'alloc -1', 'alloc 0 1x', 'alloc 0 1 2', 'alloc 2M 1',
    'map', 'map x', 'discard', 'discard 0', 'discard 0 64k', 'discard -q 0 64k', 'discard -C 0 64k', 'discard 0 1x',
    'discard 1048576 512', 'discard 1 1', 'discard -x 0 1', 'discard 0 2M',
    'truncate', 'truncate 512k', 'truncate 2M', 'truncate 0', 'truncate -1', 'truncate 1x', 'truncate 1000',
    'truncate -m off 2M', 'truncate -m full 2M', 'truncate -m falloc 2M', 'truncate -m metadata 2M', 'truncate -m bogus 2M',
    'truncate -m', 'truncate 1 2', 'truncate -x 1',
    'length', 'length 1', 'info', 'info 1', 'flush', 'flush 1', 'close', 'close 1', 'quit', 'quit 1',
    'sleep', 'sleep 1', 'sleep x', 'sleep -1', 'sleep 1 2', 'sleep 1k',
    'break', 'break write_aio A', 'break bogus A', 'remove_break A', 'resume A', 'wait_break A', 'break write_aio',
    'help', 'help bogus', 'help read bogus', 'bogus', 'bogus 1 2', '', ' ', 'READ 0 512',
    'open', 'open t.img', 'open -f raw t.img', 'open -x t.img', 'open nofile', 'open -r t.img', 'open -o driver=raw t.img',
    'reopen', 'reopen -r', 'reopen -w', 'reopen -r -w', 'reopen -c none', 'reopen -c bogus', 'reopen -o bogus=1',
    'reopen -o read-only=on', 'reopen -x', 'reopen 1', 'reopen -c writeback', 'reopen -o detect-zeroes=on',
    'sigraise', 'sigraise x', 'sigraise 0', 'sigraise -1',
    ...COMMANDS.map((c) => `help ${c}`),
    ...ALIASES.flatMap((a) => [`help ${a}`, `${a}`]),
  ];
}

/** Multi-command sequences: state carried between commands. */
const SEQUENCES = [
  ['close', 'read 0 512'], ['close', 'close'], ['close', 'info'], ['close', 'open -f raw t.img', 'read -P 0x5a 0 512'],
  ['open -f raw t.img'], ['aio_write -P 7 0 512', 'aio_flush', 'read -P 7 0 512'], ['aio_read 0 512', 'aio_read 512 512'],
  ['truncate 2M', 'length', 'read -P 0 1M 1M'], ['write -P 1 1048575 1', 'read -v 1048560 16'], ['discard 0 64k', 'read -P 0 0 64k'],
  ['write -z 0 64k', 'alloc 0 64k', 'map'], ['reopen -r', 'write 0 512'], ['reopen -r', 'reopen -w', 'write 0 512'],
  ['read 0 512', 'bogus', 'read 0 512'], ['quit', 'read 0 512'], ['truncate 100', 'length', 'map', 'read -v 0 100'],
  ['truncate 1000', 'alloc 0 1000', 'read -v 992 8'], ['write -u 0 512'], ['write -P 5 512 1k', 'map'],
];

/** Cases for a -c command list against a fresh image of format `fmt`. */
function caseFor(prefix, fmt, setup, cmds, extra = '') {
  const cs = cmds.map((c) => `-c ${q(c)}`).join(' ');
  return { id: `${prefix}/${cmds.join(' ; ')}`, setup: `${setup} && printf 'abcdefgh%.0s' $(seq 64) > src`, cmd: `qemu-io ${extra}-f ${fmt} ${cs} t.img` };
}

export function qemuIoCommandCases() {
  const out = [];
  for (const a of argLists()) out.push(caseFor('io-cmd-raw', 'raw', RAW_SETUP, [a]));
  for (const s of SEQUENCES) out.push(caseFor('io-seq-raw', 'raw', RAW_SETUP, s));
  for (const a of argLists().filter((x) => /^(read|write|aio|alloc|map|discard|truncate|info|length|readv|writev)/.test(x)).filter((_, i) => i % 3 === 0))
    out.push(caseFor('io-cmd-qcow2', 'qcow2', QCOW2_SETUP, [a]));
  for (const s of SEQUENCES) out.push(caseFor('io-seq-qcow2', 'qcow2', QCOW2_SETUP, s));
  for (const a of ['read 0 512', 'write 0 512', 'length', 'info', 'map', 'alloc 0', 'close', 'truncate 1M', 'aio_flush', 'flush', 'discard 0 1'])
    out.push({ id: `io-noimg/${a}`, cmd: `qemu-io -c ${q(a)}` });
  for (const a of ['read -P 0x5a 0 512', 'write 0 512', 'map', 'info'])
    out.push(caseFor('io-cmd-raw-ro', 'raw', RAW_SETUP, [a], '-r '));
  return out;
}
