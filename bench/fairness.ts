/**
 * The bench compares WindowsDomain with plain Domains that are meant to synthesize the very same resource body: same
 * config, same literal `xml.xslt`, same lifecycle. If they drifted apart (WindowsDomain adds a field, say), the ratio
 * would measure the difference in output, not WindowsDomain's own work; run.ts refuses to measure then.
 */
import { App, Testing } from 'cdktf';
import { StackKind, declareStack } from './stack';

/** The kinds whose libvirt_domain bodies must equal `windows`'s (`bare` has no stylesheet on purpose). */
export const SAME_BODY_KINDS: readonly StackKind[] = ['bare-xslt', 'wrapper'];

/** Each libvirt_domain's body as synthesized, without cdktf's `//` metadata (which holds the construct path). */
export function domainBodies(kind: StackKind, count: number): unknown[] {
  const stack = declareStack(Testing.app() as App, kind, count);
  const synthesized = JSON.parse(Testing.synth(stack)) as { resource?: { libvirt_domain?: Record<string, Record<string, unknown>> } };
  return Object.values(synthesized.resource?.libvirt_domain ?? {}).map(({ '//': _metadata, ...body }) => body);
}

/** The kinds whose bodies differ from `windows`'s, with the first differing VM; empty when the bench is fair. */
export function unfairKinds(count = 2): string[] {
  const expected = JSON.stringify(domainBodies('windows', count));
  return SAME_BODY_KINDS.flatMap((kind) => {
    const bodies = domainBodies(kind, count);
    return JSON.stringify(bodies) === expected ? [] : [`${kind}: ${JSON.stringify(bodies[0])} ≠ windows: ${JSON.stringify(JSON.parse(expected)[0])}`];
  });
}
