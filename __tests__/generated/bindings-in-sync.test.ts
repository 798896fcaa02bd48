/**
 * The committed bindings must be exactly what @cdktf/provider-generator 0.21.0 produces from the carried schema:
 * regenerate with `npm run generate:bindings` after changing schema/.
 */
test('lib/generated/libvirt matches a fresh generation from schema/libvirt-0.8.3.schema.json', async () => {
  // Loaded here, after this setting: the generator's config loader warns about a missing ~/.terraformrc on import.
  process.env.TF_CLI_CONFIG_FILE ??= '/dev/null';
  const { BINDINGS_DIR, readTree, renderBindings } = await import('../../scripts/generate-bindings');
  const fresh = await renderBindings();
  const committed = await readTree(BINDINGS_DIR);
  expect([...committed.keys()]).toEqual([...fresh.keys()]);
  for (const [file, content] of fresh) expect({ file, content: committed.get(file) }).toEqual({ file, content });
});

test('every libvirt resource and data source of the schema has a binding', async () => {
  const schema = require('../../schema/libvirt-0.8.3.schema.json');
  const provider = schema.provider_schemas['registry.terraform.io/dmacvicar/libvirt'];
  const bindings = require('../../lib/generated/libvirt');
  const types = Object.values(bindings).flatMap((ns) => Object.values(ns as object)).map((c) => (c as { tfResourceType?: string }).tfResourceType).filter(Boolean);
  for (const type of [...Object.keys(provider.resource_schemas), ...Object.keys(provider.data_source_schemas)]) {
    expect(types).toContain(type);
  }
  expect(types).toContain('libvirt');
});
