// Masks what legitimately differs between two runs: the scratch directory, timings, disk usage, dates.

function escapeRe(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Normalize one captured stream from a run in `dir`. */
export function normalize(text, dir) {
  let t = text.replace(new RegExp(escapeRe(dir), 'g'), 'TEST_DIR');
  const base = dir.split('/').pop();
  t = t.replace(new RegExp(escapeRe(base), 'g'), 'TEST_DIR_BASE');
  // qemu-io stats line: "1 ops; 00.00 sec (5.113 MiB/sec and 5235.6021 ops/sec)"
  t = t.replace(/\d+(\.\d+)? sec \([^)]*\/sec and [^)]*ops\/sec\)/g, 'X sec (X/sec and X ops/sec)');
  t = t.replace(/\d+:\d\d:\d\d\.\d+ \([^)]*\/sec and [^)]*ops\/sec\)/g, 'X sec (X/sec and X ops/sec)');
  // automatic node names count every node the process ever made
  t = t.replace(/#block\d+/g, '#blockN');
  // qemu-io -C (comma-separated stats): "bytes,ops,h:mm:ss.ss,bytes/sec,ops/sec"
  t = t.replace(/^(\d+),(\d+),\d+:\d\d:\d\d\.\d+,[\d.]+,[\d.]+$/gm, '$1,$2,X,X,X');
  // qemu-img bench
  t = t.replace(/Run completed in \d+\.\d+ seconds\./g, 'Run completed in X seconds.');
  // disk usage
  t = t.replace(/^disk size: .*$/gm, 'disk size: X');
  t = t.replace(/"actual-size": \d+/g, '"actual-size": X');
  // the format list names what each build supports (ours has fewer drivers by design)
  t = t.replace(/^Supported formats: .*$/gm, 'Supported formats: X');
  // snapshot dates and vm clock
  t = t.replace(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/g, 'DATE TIME');
  t = t.replace(/"date-(sec|nsec)": \d+/g, '"date-$1": X');
  return t;
}

/** First differing lines of two texts, as a tiny "-real / +ours" listing (at most `max` pairs). */
export function firstDiff(a, b, max = 3) {
  const la = a.split('\n');
  const lb = b.split('\n');
  const out = [];
  const n = Math.max(la.length, lb.length);
  for (let i = 0; i < n && out.length < max * 2; i++) {
    if (la[i] === lb[i]) continue;
    out.push(`  -${i + 1}: ${la[i] === undefined ? '<none>' : JSON.stringify(la[i])}`);
    out.push(`  +${i + 1}: ${lb[i] === undefined ? '<none>' : JSON.stringify(lb[i])}`);
  }
  return out;
}
