/**
 * The README's host-profile example (the ```typescript block of "Know the host") runs as written, with the two
 * profile paths pointing at committed fixtures, and gives the VM it claims.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { join } from 'path';
import { Testing, TerraformStack } from 'cdktf';

const ROOT = join(__dirname, '..');

test('the host example synthesizes app01 against an Intel and an AMD KVM profile', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Know the host'));
  const example = /```typescript\n([\s\S]*?)```/.exec(section)![1]
    .replace(/from 'libvirt-hyperv'/g, `from ${JSON.stringify(join(ROOT, 'lib'))}`)
    .replace("'hosts/kvm01.json'", JSON.stringify(join(ROOT, '__tests__', 'fixtures', 'hosts', 'intel-kvm.json')))
    .replace("'hosts/kvm02.json'", JSON.stringify(join(ROOT, '__tests__', 'fixtures', 'hosts', 'amd-kvm.json')));
  const dir = mkdtempSync(join(ROOT, '.build-test-readme-host-'));
  try {
    const file = join(dir, 'example.ts');
    const prelude = `import { TerraformStack, Testing } from 'cdktf';\nimport { LibvirtProvider } from ${JSON.stringify(join(ROOT, 'lib', 'generated', 'libvirt', 'provider'))};\nexport const stack = new TerraformStack(Testing.app(), 'windows');\nnew LibvirtProvider(stack, 'libvirt', { uri: 'qemu:///system' });\n`;
    writeFileSync(file, `${prelude}${example}`);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { stack } = require(file) as { stack: TerraformStack };
    const domains = Object.values(JSON.parse(Testing.synth(stack)).resource.libvirt_domain) as Array<{ name: string; xml: { xslt: string } }>;
    expect(domains.map((d) => d.name)).toEqual(['app01']);
    expect(domains[0].xml.xslt).toBe(readFileSync(join(ROOT, 'xslt', 'windows-enlightenments-migration-safe.xsl'), 'utf8'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
