/**
 * The actions a foreachBatch function starts (`df.write…save()`, `df.count()`, …), awaited or not.
 * The sink runs the function inside `runTracked`; every DataFrame/writer action registers its
 * promise with `trackAction`, which finds the running batch through AsyncLocalStorage (so actions
 * started after an `await` or in a callback count too). The batch then waits for all of them, and
 * the first failure fails the batch — an un-awaited write can no longer fail unseen (its rejection
 * is handled here, not reported as an unhandled one).
 */
import { AsyncLocalStorage } from "node:async_hooks";

export class BatchActions {
  private readonly pending: Array<Promise<unknown>> = [];
  private failure: { error: unknown } | undefined;

  add(p: Promise<unknown>): void {
    this.pending.push(p);
    p.catch((error) => {
      this.failure ??= { error };
    });
  }

  /** Waits for every action started so far (and those they start); the first failure, if any. */
  async settle(): Promise<{ error: unknown } | undefined> {
    for (let i = 0; i < this.pending.length; i++) await this.pending[i].catch(() => undefined);
    return this.failure;
  }
}

const current = new AsyncLocalStorage<BatchActions>();

/** Runs `fn` with `actions` collecting every action it starts. */
export function runTracked<T>(actions: BatchActions, fn: () => T): T {
  return current.run(actions, fn);
}

/** Registers an action's promise with the running foreachBatch batch, if any; returns it. */
export function trackAction<T>(p: Promise<T>): Promise<T> {
  current.getStore()?.add(p);
  return p;
}
