// Runs a tool bundle (dist/<tool>.cjs) in this process, compiled with the V8 code cache the build made for it.
//
// Decision: Node 20 has no module compile cache (module.enableCompileCache is Node 22), so the
// bundle is CommonJS text compiled through vm.Script, which accepts V8 cached data: start-up then
// deserializes bytecode instead of parsing ~200 KB of JavaScript. V8 checks a cache only against the
// source length and its own version and flags, so the cache file is named by a hash of the bundle
// that the bundle's last line carries: a bundle is never paired with another bundle's cache.
// Without a cache (or when V8 rejects it) the bundle is simply compiled. The shims and this file
// are CommonJS (bin/package.json) because an ES-module entry point makes Node set up its ES module
// loader, which alone costs several milliseconds of every start-up.
'use strict';

const { readFileSync } = require('node:fs');
const { createRequire } = require('node:module');
const { basename, dirname, join } = require('node:path');
const { Script } = require('node:vm');

// Decision: V8's optimizing compiler starts on a function after ~66 KB of its bytecode has run.
// A tool lives well under a second, and at that threshold much of the block layer gets compiled
// by TurboFan on background threads without ever paying back: on a 2-core host the compiles took
// ~0.2 s of CPU from a 0.35 s convert. Four times the budget leaves only truly hot code (loops
// over data, per-request paths run thousands of times) to be optimized. V8 checks a code cache
// against its flags, so every process that loads a bundle (the tools, the cache builder
// scripts/code-cache.mjs) runs with it: the launchers pass it to node, and anything else
// started without it sets it here (loading node:v8 costs ~2 ms of start-up, hence the launchers).
const V8_FLAG = '--interrupt-budget=300000';
if (!process.execArgv.includes(V8_FLAG)) require('node:v8').setFlagsFromString(V8_FLAG);

/** The CommonJS function text a bundle is compiled as (a code cache is valid only for this exact text). */
function wrapBundle(source) {
  return `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
}

/** The line the build appends to a bundle: the hash naming its code cache. */
function cacheTag(hash) {
  return `\n//cache:${hash}\n`;
}

/** Where the code cache for the bundle `file` with text `source` lives, or undefined when it names none. */
function cachePath(file, source) {
  const m = /\/\/cache:([0-9a-f]+)\n$/.exec(source.slice(-64));
  return m ? join(dirname(file), 'chunks', `${basename(file, '.cjs')}-${m[1]}.cache`) : undefined;
}

/** Compile and evaluate the bundle `file` (with `cachedData` when given); its exports and its Script. */
function loadBundle(file, source, cachedData) {
  const script = new Script(wrapBundle(source), { filename: file, cachedData });
  const module = { exports: {} };
  script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file));
  return { exports: module.exports, script };
}

/** bin/<tool>: run dist/<tool>.cjs as this process (its run() sets process.exitCode). */
function runTool(tool) {
  const file = join(__dirname, '..', 'dist', `${tool}.cjs`);
  let source;
  try {
    source = readFileSync(file, 'utf8');
  } catch (e) {
    if (e?.code !== 'ENOENT') throw e;
    process.stderr.write(`${tool}: dist/${tool}.cjs is missing; run \`npm run build\` first\n`);
    process.exitCode = 1;
    return;
  }
  const cache = cachePath(file, source);
  let cachedData;
  try {
    if (cache) cachedData = readFileSync(cache);
  } catch {
    // no cache: compile
  }
  loadBundle(file, source, cachedData).exports.run();
}

module.exports = { wrapBundle, cacheTag, cachePath, loadBundle, runTool };
