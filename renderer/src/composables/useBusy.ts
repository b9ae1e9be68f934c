import { ref, type Ref } from 'vue';

export interface Busy {
  /** True while a `run` is under way: the screen's spinner and disabled buttons. */
  busy: Ref<boolean>;
  /** The last run's failure as the user reads it; a validation message may be put here too. */
  error: Ref<string | null>;
  /** Clears the error, sets busy, awaits `work`; a failure becomes `error` and the answer `undefined`. */
  run<T>(work: () => Promise<T>): Promise<T | undefined>;
}

/**
 * One place for what every form, dialog and loading store does around a call to the services:
 * the spinner goes on, the previous error goes away, a failure is shown as its message (the
 * services' AppError messages are written for the user) instead of escaping as an unhandled
 * rejection, and the spinner goes off whatever happened.
 */
export function useBusy(): Busy {
  const busy = ref(false);
  const error = ref<string | null>(null);

  async function run<T>(work: () => Promise<T>): Promise<T | undefined> {
    busy.value = true;
    error.value = null;
    try {
      return await work();
    } catch (e) {
      error.value = e instanceof Error ? e.message : String(e);
      return undefined;
    } finally {
      busy.value = false;
    }
  }

  return { busy, error, run };
}
