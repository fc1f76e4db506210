// bdrv_refresh_filename(): the plain filename a node shows, or a json:{...} pseudo-filename when options matter.

import type { QDict, QValue } from './driver.ts';
import type { BlockNode } from './node.ts';
import { isDict } from './open-options.ts';
import { toQemuJson, type JsonValue } from '../util/json.ts';

/** Children that take part in filename generation: everything but a backing file the image itself named. */
function describedChildren(node: BlockNode): Array<[string, BlockNode]> {
  const out: Array<[string, BlockNode]> = [];
  for (const [name, child] of node.children) {
    if (name === 'backing' && !isDict(node.options['backing'] ?? null) && typeof node.options['backing'] !== 'string') continue;
    out.push([name, child]);
  }
  return out;
}

/** The strong runtime options this node was given (append_strong_runtime_options). */
function strongOptions(node: BlockNode): QDict {
  const out: QDict = {};
  for (const opt of node.driver.strongOptions ?? []) {
    if (opt.endsWith('.')) {
      // bs->options is flat in QEMU: "inject-error.0.event" keys, list entries numbered.
      const sub = node.options[opt.slice(0, -1)];
      if (sub !== undefined && sub !== null && typeof sub === 'object') flattenInto(out, opt.slice(0, -1), sub);
    } else if (node.options[opt] !== undefined) {
      out[opt] = node.options[opt] as QValue;
    }
  }
  return out;
}

/** qdict_flatten(): nested dictionaries and lists as dotted keys ("a.0.b"). */
function flattenInto(out: QDict, prefix: string, v: QValue): void {
  if (v !== null && typeof v === 'object') {
    for (const [k, sub] of Object.entries(v)) flattenInto(out, `${prefix}.${k}`, sub as QValue);
  } else {
    out[prefix] = v;
  }
}

/** Protocol nodes keep their filename option; everything they were given beyond it is weak. */
function isProtocolNode(node: BlockNode): boolean {
  return node.driver.protocolName !== undefined && node.children.size === 0;
}

/** The exact filename, or undefined when only a json: description can say what the node is. */
export function exactFilename(node: BlockNode): string | undefined {
  const own = node.driver.refreshFilename?.(node);
  if (own !== undefined) return own;
  if (isProtocolNode(node)) {
    const f = node.options['filename'];
    return typeof f === 'string' ? f : undefined;
  }
  // The file's name stands for this node only if opening it with this format rebuilds the same
  // tree: a protocol child, no filter, no strong options, no backing file given in the options.
  if (node.driver.isFilter || Object.keys(strongOptions(node)).length > 0) return undefined;
  const file = node.children.get('file');
  if (!file || file.driver.protocolName === undefined) return undefined;
  if (describedChildren(node).some(([name]) => name === 'backing')) return undefined;
  return exactFilename(file);
}

/** full_open_options: driver, strong options and described children, as json: shows them. */
export function fullOpenOptions(node: BlockNode): QDict {
  const d: QDict = { driver: node.driver.formatName };
  if (isProtocolNode(node)) {
    const f = node.options['filename'];
    if (f !== undefined) d['filename'] = f;
  }
  Object.assign(d, strongOptions(node));
  for (const [name, child] of describedChildren(node)) d[name] = fullOpenOptions(child);
  return d;
}

/** The filename `qemu-img info` shows as "image:" (bs->filename). */
export function refreshFilename(node: BlockNode): string {
  const exact = exactFilename(node);
  if (exact !== undefined) return exact;
  return `json:${toQemuJson(fullOpenOptions(node) as JsonValue)}`;
}
