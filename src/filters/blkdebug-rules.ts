// blkdebug's rule engine: rules built from config sections, the state machine driven by events, and the check each request makes.
//
// Semantics (docs/devel/blkdebug.txt, observed on QEMU 7.2): the state starts at 1. When an event
// is raised, every rule for it whose `state` is 0 or the current state fires: inject-error rules
// replace the list of active rules (if any fire), set-state rules choose the next state (applied
// once all rules ran), breakpoints suspend the request. Each request then fails with the errno of
// the first active rule whose sector overlaps it and whose iotype matches; a `once` rule is
// deleted when it fires.

import { BLKDEBUG_EVENTS, type BlkdebugEvent } from '../block/events.ts';
import { BlockError } from '../block/errors.ts';
import { parseOptBool, parseOptNumber, type RuleSection } from './blkdebug-config.ts';

/** BlkdebugIOType, in QAPI order (bit positions of the iotype mask). */
export const IO_TYPES = ['read', 'write', 'write-zeroes', 'discard', 'flush', 'block-status'] as const;
export type IoType = (typeof IO_TYPES)[number];
/** Without `iotype`, rules match every request type except block-status. */
const DEFAULT_IOTYPE_MASK = 0b11111;

export interface InjectRule {
  kind: 'inject';
  event: BlkdebugEvent;
  state: number;
  /** errno to fail with (0 or a wrapped negative value: the request succeeds). */
  errno: number;
  /** Byte offset the request must cover, or -1 for any. */
  offset: number;
  once: boolean;
  immediately: boolean;
  iotypeMask: number;
}

export interface SetStateRule {
  kind: 'set-state';
  event: BlkdebugEvent;
  state: number;
  newState: number;
}

export interface BreakRule {
  kind: 'break';
  event: BlkdebugEvent;
  tag: string;
}

export type Rule = InjectRule | SetStateRule | BreakRule;

/** The mutable rule state of one blkdebug node (kept in its node state, never global). */
export interface RuleEngine {
  /** Rules in the order QEMU consults them per event (newest first, as QLIST_INSERT_HEAD). */
  rules: Rule[];
  active: InjectRule[];
  state: number;
}

/** qapi_enum_parse for BlkdebugEvent ("invalid parameter value: x"). */
export function parseEvent(name: string | undefined): BlkdebugEvent {
  if (name === undefined) throw new BlockError('EINVAL', 'Missing event name for rule');
  if (!(BLKDEBUG_EVENTS as readonly string[]).includes(name)) throw new BlockError('EINVAL', `invalid parameter value: ${name}`);
  return name as BlkdebugEvent;
}

function num(v: string | undefined, dflt: bigint): bigint {
  return v === undefined ? dflt : parseOptNumber(v) ?? dflt;
}

/** C's (int) of a 64-bit value. */
function toInt(v: bigint): number {
  return Number(BigInt.asIntN(32, v));
}

/** add_rule(): one rule from a parsed section. */
export function ruleFromSection(sec: RuleSection): Rule {
  const v = sec.values;
  const event = parseEvent(v.get('event'));
  const state = toInt(num(v.get('state'), 0n));
  if (sec.section === 'set-state') return { kind: 'set-state', event, state, newState: toInt(num(v.get('new_state'), 0n)) };
  let iotypeMask = DEFAULT_IOTYPE_MASK;
  const iotype = v.get('iotype');
  if (iotype !== undefined) {
    const i = (IO_TYPES as readonly string[]).indexOf(iotype);
    if (i < 0) throw new BlockError('EINVAL', `invalid parameter value: ${iotype}`);
    iotypeMask = 1 << i;
  }
  const sector = BigInt.asIntN(64, num(v.get('sector'), -1n));
  return {
    kind: 'inject',
    event,
    state,
    errno: toInt(num(v.get('errno'), 5n)),
    offset: sector === -1n ? -1 : Number(sector * 512n),
    once: parseOptBool(v.get('once') ?? 'off') ?? false,
    immediately: parseOptBool(v.get('immediately') ?? 'off') ?? false,
    iotypeMask,
  };
}

/** All rules of the sections: inject-error ones first, then set-state, each added at the head. */
export function buildEngine(sections: RuleSection[]): RuleEngine {
  const ordered = [...sections.filter((s) => s.section === 'inject-error'), ...sections.filter((s) => s.section === 'set-state')];
  const rules: Rule[] = [];
  for (const sec of ordered) rules.unshift(ruleFromSection(sec));
  return { rules, active: [], state: 1 };
}

/**
 * Process `event`: update the active list and state; return the breakpoint rules that fired
 * (already removed: a breakpoint suspends one request only).
 */
export function processEvent(e: RuleEngine, event: BlkdebugEvent): BreakRule[] {
  const fired: BreakRule[] = [];
  let injected = 0;
  let newState = e.state;
  for (const rule of e.rules.filter((r) => r.event === event)) {
    if (rule.kind === 'break') {
      fired.push(rule);
      continue;
    }
    if (rule.state !== 0 && rule.state !== e.state) continue;
    if (rule.kind === 'inject') {
      if (injected++ === 0) e.active = [];
      e.active.unshift(rule);
    } else {
      newState = rule.newState;
    }
  }
  e.state = newState;
  if (fired.length > 0) e.rules = e.rules.filter((r) => !fired.includes(r as BreakRule));
  return fired;
}

/**
 * rule_check(): the errno this request fails with, or 0. A negative value (errno="-5" wraps) is
 * QEMU's positive return: the request "succeeds" without reaching the image.
 */
export function checkRequest(e: RuleEngine, offset: number, bytes: number, iotype: IoType): number {
  const bit = 1 << IO_TYPES.indexOf(iotype);
  const rule = e.active.find(
    (r) => (r.offset === -1 || (bytes > 0 && r.offset >= offset && r.offset < offset + bytes)) && (r.iotypeMask & bit) !== 0,
  );
  if (!rule || rule.errno === 0) return 0;
  if (rule.once) {
    e.active = e.active.filter((r) => r !== rule);
    e.rules = e.rules.filter((r) => r !== rule);
  }
  return rule.errno;
}
