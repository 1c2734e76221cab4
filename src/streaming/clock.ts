/**
 * The trigger clock of a query (Spark's triggerClock): when a trigger starts, how long to wait for
 * the next interval, what current_timestamp() returns in a batch, the progress timestamps and
 * durations. The system clock by default; a ManualClock lets a test advance time by hand
 * (Spark's StreamManualClock, `AdvanceManualClock` in StreamTest).
 */
export interface Clock {
  now(): number;
  /** Calls `f` once `ms` have passed on this clock; returns a function that cancels it. */
  schedule(ms: number, f: () => void): () => void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  schedule: (ms, f) => {
    const t = setTimeout(f, ms);
    return () => clearTimeout(t);
  },
};

/** Time moves only by advance(); timers due by then fire in order. */
export class ManualClock implements Clock {
  private timers: Array<{ at: number; f: () => void }> = [];
  constructor(private time = 0) {}
  now(): number {
    return this.time;
  }
  schedule(ms: number, f: () => void): () => void {
    const timer = { at: this.time + Math.max(0, ms), f };
    this.timers.push(timer);
    return () => { this.timers = this.timers.filter((t) => t !== timer); };
  }
  advance(ms: number): void {
    this.time += ms;
    const due = this.timers.filter((t) => t.at <= this.time).sort((a, b) => a.at - b.at);
    this.timers = this.timers.filter((t) => t.at > this.time);
    for (const t of due) t.f();
  }
  /** Timers waiting (a query paused for its next trigger has one). */
  get waiting(): number {
    return this.timers.length;
  }
}
