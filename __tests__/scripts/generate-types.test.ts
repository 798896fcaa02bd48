import { readFileSync } from 'fs';
import { CATALOGUE, ISSUE_CODES } from '../../lib/core';
import { CATALOGUE_TYPES, renderCatalogueTypes } from '../../scripts/generate-types';

describe('generated catalogue types', () => {
  test('lib/core/generated/catalogue-types.ts is what the catalogue and the code table render', () => {
    const committed = readFileSync(CATALOGUE_TYPES, 'utf8');
    if (committed !== renderCatalogueTypes()) {
      throw new Error('lib/core/generated/catalogue-types.ts is stale: run npm run generate:types');
    }
  });

  test('rendering is deterministic', () => {
    expect(renderCatalogueTypes()).toBe(renderCatalogueTypes());
  });

  test('one union member or property per entry and per code, with no mapped or indexed type (jsii)', () => {
    const text = renderCatalogueTypes();
    for (const s of CATALOGUE) {
      expect(text).toContain(`  | '${s.id}'`);
      expect(text).toContain(`  readonly ${s.id}?: FeatureState;`);
      expect(text).toContain(`  readonly ${s.id}?: 'on' | 'off';`);
    }
    for (const c of ISSUE_CODES) expect(text).toContain(`  | '${c.code}'`);
    expect(text).not.toMatch(/\[K in |keyof |typeof /);
  });

  test('the value options carry their limits and default in TSDoc', () => {
    const text = renderCatalogueTypes();
    expect(text).toContain("   * `<spinlocks retries>`: an integer from 4095 (libvirt's minimum) to 4294967295.\n   * @default - the preset's value (8191 for RHEL10)\n   */\n  readonly spinlockRetries?: number;");
    expect(text).toContain("   * `<vendor_id value>`: 1 to 12 bytes, no comma, no control characters.\n   * @default - the preset's value ('KVM Hv' for RHEL10)\n   */\n  readonly vendorIdValue?: string;");
  });
});
