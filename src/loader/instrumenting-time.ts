import { INSTRUMENTING_NAME } from '../profile/types';
import type { Runtime } from '../runtime/runtime';
import { setInstrumentingMeter } from './transform';


/**
 * On a cold transform cache, a `require` of an included file spends most of
 * its time in Babel. That is tsprof's time, not the program's: it is recorded
 * as a call of its own node under the function that required the file, so
 * that function's self time stays its own.
 */
export function chargeInstrumentingToItsOwnNode(runtime: Runtime): void {
  let id = 0;
  setInstrumentingMeter((work) => {
    if (id === 0) id = runtime.register('', [[INSTRUMENTING_NAME, 0, 0]]);
    const frame = runtime.e(id);
    try {
      return work();
    } finally {
      runtime.x(frame);
    }
  });
}
