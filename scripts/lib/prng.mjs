// The fuzzers' seeded random numbers: mulberry32, whose every bit is well mixed (an LCG's low bits repeat with a short period, and `% n` uses them).

/** A generator of integers in [0, n) from `seed`; the same seed gives the same sequence. */
export function seededRandom(seed) {
  let state = seed | 0;
  return (n) => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) % n;
  };
}
