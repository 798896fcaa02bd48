/** jest globalTeardown: the run must leave no new file in the checkout (see checkout-files.ts). */
import { leftBehind, untrackedEntries } from './checkout-files';

export default function globalTeardown(): void {
  const before = (globalThis as { lvhCheckoutBefore?: Set<string> }).lvhCheckoutBefore;
  const after = untrackedEntries();
  if (!before || !after) return;
  // jest --coverage writes coverage/ itself: asked for, not left behind by a test.
  const left = leftBehind(before, after).filter((entry) => entry !== 'coverage/');
  if (left.length > 0) throw new Error(`the tests left files in the checkout: ${left.join(', ')}; write them under os.tmpdir() instead`);
}
