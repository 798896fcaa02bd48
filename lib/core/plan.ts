import type { FeatureId } from './catalogue';
import type { ClockOffset, HypervMode } from './options';

/** The resolved, validated settings a stylesheet is rendered from. Features absent from `features` are left out. */
export interface HypervPlan {
  readonly presetName: string;
  readonly mode: HypervMode;
  readonly features: { readonly [K in FeatureId]?: 'on' | 'off' };
  readonly spinlockRetries?: number;
  readonly vendorIdValue?: string;
  readonly clockOffset: ClockOffset;
}
