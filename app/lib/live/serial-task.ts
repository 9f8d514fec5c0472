/**
 * An async job started by timers and events that must never run twice at once and must never
 * reject into the void. The live hub's ticks read the database; with an async driver a tick can
 * still be running when the next timer fires (a slow query, a transaction holding the gate), and
 * two overlapping reads of the event log would race on its cursor.
 *
 * `run()` starts the job unless it is running; a call while it runs asks for one more run after
 * it (calls in between coalesce into that one), so a change announced mid-run is not missed. A
 * failure goes to `onError` and the task stays usable. The returned Promise never rejects.
 */
export class SerialTask {
  private running = false;
  private again = false;

  constructor(
    private readonly job: () => Promise<void>,
    private readonly onError: (error: unknown) => void,
  ) {}

  /** Whether the job is running now (tests). */
  get busy(): boolean {
    return this.running;
  }

  async run(): Promise<void> {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    try {
      do {
        this.again = false;
        try {
          await this.job();
        } catch (error) {
          this.onError(error);
        }
      } while (this.again);
    } finally {
      this.running = false;
    }
  }
}
