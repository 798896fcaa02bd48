/** The committed WindowsDomainConfig must be the generated DomainConfig without xml: regenerate with `npm run generate:bindings`. */
import { readFileSync } from 'fs';
import { join } from 'path';
import { renderWindowsDomainConfig } from '../../scripts/windows-domain-config';

const GENERATED = join(__dirname, '..', '..', 'lib', 'generated');

test('lib/generated/windows-domain-config.ts is DomainConfig without xml, as generated from the committed bindings', () => {
  const fresh = renderWindowsDomainConfig(readFileSync(join(GENERATED, 'libvirt', 'domain', 'index.ts'), 'utf8'));
  expect(readFileSync(join(GENERATED, 'windows-domain-config.ts'), 'utf8')).toBe(fresh);
  expect(fresh).toMatch(/export interface WindowsDomainConfig extends cdktf\.TerraformMetaArguments \{/);
  expect(fresh).not.toMatch(/readonly xml\?/);
  // Every other DomainConfig member is there, with its documentation.
  expect(fresh).toMatch(/readonly memory\?: number;/);
  expect(fresh).toMatch(/Domain#firmware\}\n  \*\/\n  readonly firmware\?: string;/);
});

test('the renderer refuses a DomainConfig it does not recognise instead of writing a wrong copy', () => {
  expect(() => renderWindowsDomainConfig('export interface Other {}')).toThrow(/no DomainConfig interface/);
  expect(() => renderWindowsDomainConfig('export interface DomainConfig extends cdktf.TerraformMetaArguments { readonly name: string; }')).toThrow(
    /no 'xml' member to leave out/,
  );
});
