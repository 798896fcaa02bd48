/**
 * "Did you mean ...?" for misspelt names: option and prop names, feature names, preset names, CLI flags. One
 * implementation for the constructs, the core and the CLI, on the edit distance of fastest-levenshtein.
 */
import { distance } from 'fastest-levenshtein';

/** Case, dashes and underscores do not count: `stimer_direct`, `StimerDirect` and `stimer-direct` are one name. */
function normalised(name: string): string {
  return name.toLowerCase().replace(/[-_]/g, '');
}

/**
 * The known name closest to `name` by edit distance, or undefined when none is close: at most 3 edits and at most
 * half of the longer name, so `evmsc` finds `evmcs` and `firmwre` finds `firmware` but `xyz` finds nothing.
 * Ties go to the earlier candidate.
 */
export function closestName(name: string, candidates: readonly string[]): string | undefined {
  const wanted = normalised(name);
  if (wanted.length > 256) return undefined; // no suggestion is worth a quadratic walk over a megabyte key
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const known = normalised(candidate);
    const edits = distance(wanted, known);
    if (edits < bestDistance && edits <= 3 && edits * 2 <= Math.max(wanted.length, known.length)) {
      best = candidate;
      bestDistance = edits;
    }
  }
  return best;
}
