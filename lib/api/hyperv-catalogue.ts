import { CATALOGUE, FeatureSpec, HypervValidationError, findFeature, publicFeatureSpec, unknownKey } from '../core';

/** The enlightenments and Windows options this version knows, with their libvirt and QEMU facts. */
export class HypervCatalogue {
  /** Every entry, in the order the stylesheet writes them. */
  public static features(): FeatureSpec[] {
    return CATALOGUE.map(publicFeatureSpec);
  }

  /** The entry for `id` (`stimerDirect`); throws, naming the closest id, for anything else. */
  public static feature(id: string): FeatureSpec {
    const found = findFeature(id);
    if (!found) throw new HypervValidationError([unknownKey('UNKNOWN_FEATURE', '', id, CATALOGUE.map((s) => s.id))]);
    return publicFeatureSpec(found);
  }

  private constructor() {}
}
