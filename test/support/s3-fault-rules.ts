// Fault rules: which requests the fault proxy answers with a fault instead of forwarding them.
import type { FaultResponse } from './s3-errors.js';

export interface FaultRule {
  /** S3 operation name(s) as `s3OperationOf` derives them; any operation when absent. */
  readonly operation?: string | readonly string[];
  readonly bucket?: string;
  /** Requests without a key never match a rule with one. In DeleteObjects, matched per key. */
  readonly key?: string | RegExp;
  /** How many faults the rule injects at most (default: no limit). */
  readonly times?: number;
  /** Fault only every Nth matching request (the Nth, 2Nth, ...). Default 1. */
  readonly every?: number;
  /** Let this many matching requests through before the first fault. Default 0. */
  readonly after?: number;
  /**
   * How many faults one key gets at most (default: no limit). With `every`, a key's retries can
   * fall on every Nth request again and again, as throttling never singles out one key.
   */
  readonly timesPerKey?: number;
  readonly respond: FaultResponse | Hold;
}

/** No fault: the request is held, then served as usual once `until` settles. */
export interface Hold {
  readonly until: Promise<unknown>;
}

export interface FaultRuleHandle {
  readonly rule: FaultRule;
  /** Matching requests (DeleteObjects keys for a rule with `key`) so far, and faults injected. */
  readonly matched: number;
  readonly fired: number;
  remove(): void;
}

class RuleState implements FaultRuleHandle {
  matched = 0;
  fired = 0;
  private readonly firedPerKey = new Map<string, number>();
  constructor(
    readonly rule: FaultRule,
    private readonly rules: RuleState[],
  ) {}

  /** Counts a matching request and says whether it gets the fault. */
  trigger(operation: string, bucket: string | undefined, key: string | undefined): boolean {
    const { rule } = this;
    if (rule.operation !== undefined && ![rule.operation].flat().includes(operation)) return false;
    if (rule.bucket !== undefined && rule.bucket !== bucket) return false;
    if (rule.key !== undefined) {
      if (key === undefined) return false;
      if (typeof rule.key === 'string' ? rule.key !== key : !rule.key.test(key)) return false;
    }
    this.matched += 1;
    if (this.matched <= (rule.after ?? 0)) return false;
    if (this.fired >= (rule.times ?? Number.POSITIVE_INFINITY)) return false;
    if ((this.matched - (rule.after ?? 0)) % (rule.every ?? 1) !== 0) return false;
    const keyFired = this.firedPerKey.get(key ?? '') ?? 0;
    if (keyFired >= (rule.timesPerKey ?? Number.POSITIVE_INFINITY)) return false;
    this.firedPerKey.set(key ?? '', keyFired + 1);
    this.fired += 1;
    return true;
  }

  remove(): void {
    const at = this.rules.indexOf(this);
    if (at >= 0) this.rules.splice(at, 1);
  }
}

/** The rules in force, in the order added: the first that fires gives the fault. */
export class FaultRules {
  private readonly rules: RuleState[] = [];

  add(rule: FaultRule): FaultRuleHandle {
    const state = new RuleState(rule, this.rules);
    this.rules.push(state);
    return state;
  }

  clear(): void {
    this.rules.length = 0;
  }

  /**
   * The fault of the first rule that fires for the request; with `perKey` (a key inside a
   * DeleteObjects), only rules with a key are asked.
   */
  faultFor(
    { operation, bucket }: { readonly operation: string; readonly bucket: string | undefined },
    key: string | undefined,
    perKey = false,
  ): FaultResponse | undefined {
    const candidates = this.rules.filter(
      ({ rule }) => typeof rule.respond === 'string' && (!perKey || rule.key !== undefined),
    );
    const respond = candidates.find((rule) => rule.trigger(operation, bucket, key))?.rule.respond;
    return typeof respond === 'string' ? respond : undefined;
  }

  /** What the request waits for first, when a hold rule fires for it. */
  holdFor(
    { operation, bucket }: { readonly operation: string; readonly bucket: string | undefined },
    key: string | undefined,
  ): Promise<unknown> | undefined {
    const holds = this.rules.filter(({ rule }) => typeof rule.respond !== 'string');
    const respond = holds.find((rule) => rule.trigger(operation, bucket, key))?.rule.respond;
    return typeof respond === 'object' ? respond.until : undefined;
  }
}
