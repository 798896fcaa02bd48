import type { FeatureValueOptions, PresetFeatures } from './generated/catalogue-types';
import type { ClockOffset, HypervMode } from './vocabulary';

export type { PresetFeatures } from './generated/catalogue-types';

/** The resolved, validated settings a stylesheet is rendered from. Features absent from `features` are left out. */
export interface HypervPlan extends FeatureValueOptions {
  readonly presetName: string;
  readonly mode: HypervMode;
  readonly features: PresetFeatures;
  readonly clockOffset: ClockOffset;
}
