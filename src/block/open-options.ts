// Turning what a tool was given (json: filenames, --image-opts strings, dotted keys) into one nested options QDict.

import type { QDict, QValue } from './driver.ts';
import { BlockError } from './errors.ts';
import { JsonParseError, parseQemuJson } from '../util/json.ts';
import { splitOpts } from '../util/qemu-opts.ts';

function isDict(v: QValue | undefined): v is QDict {
  return v !== null && v !== undefined && typeof v === 'object' && !Array.isArray(v);
}

/** Deep copy of an options dictionary (children copied too). */
export function cloneDict(d: QDict): QDict {
  const out: QDict = {};
  for (const [k, v] of Object.entries(d)) out[k] = isDict(v) ? cloneDict(v) : Array.isArray(v) ? [...v] : v;
  return out;
}

/**
 * Where nestDotted() keeps a scalar that shares its name with dotted keys ("overlap-check=none"
 * beside "overlap-check.template=none"): QEMU's options stay flat, so both simply exist. Only a
 * child reference ("file=node" with "file.filename=...") is an error, raised where children open.
 */
export const OWN_VALUE = '\u0000value';

/** The scalar a group holds under OWN_VALUE, if any. */
export function ownValue(v: QValue | undefined): QValue | undefined {
  return isDict(v) ? v[OWN_VALUE] : undefined;
}

/**
 * Make `key` the plain scalar it was given as, when dotted keys share its name: those stay as flat
 * "key.sub" entries, for the driver's "does not support the option" check (QEMU's flat options).
 */
export function takeOwnValue(options: QDict, key: string): void {
  const group = options[key];
  if (!isDict(group) || group[OWN_VALUE] === undefined) return;
  const { [OWN_VALUE]: own, ...rest } = group;
  options[key] = own!;
  for (const [sub, v] of flatten(rest, `${key}.`)) options[sub] = v;
}

/**
 * Nest dotted keys ("file.filename": x → file: { filename: x }), recursively, as bdrv_open's
 * qdict_extract_subqdict does per child. A scalar beside a group of the same name is kept in the
 * group as OWN_VALUE (the later of two scalars wins).
 */
export function nestDotted(d: QDict): QDict {
  const out: QDict = {};
  for (const [key, raw] of Object.entries(d)) {
    const value = isDict(raw) ? nestDotted(raw) : Array.isArray(raw) ? nestDotted(listToDict(raw)) : raw;
    const parts = key.split('.');
    let cur = out;
    for (let i = 0; i < parts.length - 1; i++) {
      const p = parts[i]!;
      const existing = cur[p];
      if (existing === undefined) cur[p] = {};
      else if (!isDict(existing)) cur[p] = { [OWN_VALUE]: existing };
      cur = cur[p] as QDict;
    }
    const last = parts[parts.length - 1]!;
    const existing = cur[last];
    if (isDict(existing) && isDict(value)) cur[last] = mergeDefaults(existing, value);
    else if (isDict(existing)) existing[OWN_VALUE] = value;
    else if (isDict(value) && existing !== undefined) cur[last] = { ...value, [OWN_VALUE]: existing };
    else cur[last] = value;
  }
  return out;
}

/** qdict_flatten() turns lists into "key.0", "key.1", ... entries. */
function listToDict(list: QValue[]): QDict {
  const out: QDict = {};
  list.forEach((v, i) => {
    out[String(i)] = v;
  });
  return out;
}

/** qdict_join(dest, src, overwrite=false) recursively: keys already in `dest` win. */
export function mergeDefaults(dest: QDict, src: QDict): QDict {
  const out = cloneDict(dest);
  for (const [k, v] of Object.entries(src)) {
    const cur = out[k];
    if (cur === undefined) out[k] = isDict(v) ? cloneDict(v) : v;
    else if (isDict(cur) && isDict(v)) out[k] = mergeDefaults(cur, v);
  }
  return out;
}

/** Parse a "json:{...}" pseudo-filename into nested options, with QEMU's errors. */
export function parseJsonFilename(filename: string): QDict {
  let v: QValue;
  try {
    v = parseQemuJson(filename.slice('json:'.length)) as QValue;
  } catch (e) {
    if (e instanceof JsonParseError) {
      throw new BlockError('EINVAL', `Could not parse the JSON options: ${e.message}`);
    }
    throw e;
  }
  if (!isDict(v)) throw new BlockError('EINVAL', 'Invalid JSON object given');
  return nestDotted(v);
}

/**
 * An --image-opts string ("driver=raw,file.filename=x,,y") as nested options; all values stay
 * strings as QemuOpts keeps them. Bare words are flags ("foo" → on, "nofoo" → off) unless the
 * first one belongs to `impliedName` (qemu-img's "file"). Empty names pass through to the
 * driver's "does not support the option ''" error.
 */
export function parseImageOpts(text: string, impliedName?: string): QDict {
  const flat: QDict = {};
  for (const p of splitOpts(text, impliedName)) {
    delete flat[p.name];
    flat[p.name] = p.value;
  }
  return nestDotted(flat);
}

/** The dotted keys of a nested dictionary, for messages ("file.foo"). */
export function flatten(d: QDict, prefix = ''): Array<[string, QValue]> {
  const out: Array<[string, QValue]> = [];
  for (const [k, v] of Object.entries(d)) {
    if (k === OWN_VALUE) out.push([prefix.slice(0, -1), v]);
    else if (isDict(v)) out.push(...flatten(v, `${prefix}${k}.`));
    else out.push([`${prefix}${k}`, v]);
  }
  return out;
}

export { isDict };
