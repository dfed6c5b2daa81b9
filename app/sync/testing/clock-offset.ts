// Preloaded into a box process (NODE_OPTIONS=--import=<this file>) to run it with a wrong clock: every
// Date.now() and `new Date()` is COPI_TEST_CLOCK_OFFSET_MS off the system's. Stands in for faketime, which
// the test machines do not have. Tests only.
const offset = Number(process.env.COPI_TEST_CLOCK_OFFSET_MS ?? 0);

if (offset) {
  const SystemDate = Date;
  class OffsetDate extends SystemDate {
    constructor(...args: unknown[]) {
      if (args.length === 0) super(SystemDate.now() + offset);
      else super(...(args as [string]));
    }

    static override now() {
      return SystemDate.now() + offset;
    }
  }
  globalThis.Date = OffsetDate as DateConstructor;
}

export {};
