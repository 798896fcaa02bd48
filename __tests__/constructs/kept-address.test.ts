/**
 * WindowsDomain is the Domain itself since 0.2; in 0.1 it was a construct holding the Domain as child 'Resource'.
 * Terraform knows each VM by its address, `libvirt_domain.<logical id>`, so the logical id must be the one 0.1 gave:
 * another one destroys the VM and creates it anew. The oracle here is cdktf itself, given the 0.1 shape.
 */
import * as fc from 'fast-check';
import { App, TerraformOutput, TerraformStack, Testing } from 'cdktf';
import { Construct, Node } from 'constructs';
import { WindowsDomain } from '../../lib';
import { Domain, DomainConfig } from '../../lib/generated/libvirt/domain';
import { propertyParameters } from '../property/support';

/** 0.1's WindowsDomain as far as the tree goes: a plain construct, its Domain under the id 'Resource'. */
class ShapeOf01 extends Construct {
  public readonly domain: Domain;
  constructor(scope: Construct, id: string, config: DomainConfig) {
    super(scope, id);
    this.domain = new Domain(this, 'Resource', config);
  }
}

const DOMAIN = { name: 'dc01', memory: 4096 };

/** The VM `id` under the construct chain `scopes` in a new stack, declared by `declare`. */
function declareUnder<T>(stackId: string, scopes: readonly string[], declare: (scope: Construct) => T, StackClass = TerraformStack): T {
  let scope: Construct = new StackClass(Testing.app(), stackId);
  for (const id of scopes) scope = new Construct(scope, id);
  return declare(scope);
}

// Ids as users write them, and the ones cdktf treats apart: 'Default' (left out of the id), 'Resource' (left out of
// the readable part), characters it drops, and ids long enough to be cut to its 255-character limit.
const idArb = fc.oneof(
  fc.constantFrom('Default', 'Resource', 'dc01', 'DC01', 'win-0001', 'a_b', 'x.y', 'über', 'dcResource', 'Default01', 'esource', '01'),
  fc.stringMatching(/^[A-Za-z0-9_.-]{1,12}$/),
  fc.stringMatching(/^[a-z]{1,3}$/).map((s) => s.repeat(90)),
).filter((id) => !(id in Object.prototype)); // constructs keeps children in a plain object: 'valueOf' is taken already

describe('WindowsDomain keeps the Terraform address 0.1 gave it', () => {
  test('for any ids and nesting, its logical id is that of the Domain of 0.1 (its child Resource)', () => {
    fc.assert(
      fc.property(fc.array(idArb, { maxLength: 3 }), idArb, (scopes, id) => {
        const vm = declareUnder('app', scopes, (scope) => new WindowsDomain(scope, id, { domain: DOMAIN }));
        const old = declareUnder('app', scopes, (scope) => new ShapeOf01(scope, id, DOMAIN));
        expect(vm.friendlyUniqueId).toBe(old.domain.friendlyUniqueId);
      }),
      propertyParameters(300),
    );
  });

  test('in a stack nested in a stack, and next to other VMs under the same parent', () => {
    fc.assert(
      fc.property(fc.array(idArb, { maxLength: 2 }), fc.uniqueArray(idArb, { minLength: 2, maxLength: 4 }), (scopes, ids) => {
        const declare = <T>(make: (scope: Construct, id: string) => T): T[] => {
          let scope: Construct = new TerraformStack(new TerraformStack(Testing.app(), 'outer'), 'inner');
          for (const id of scopes) scope = new Construct(scope, id);
          return ids.map((id) => make(scope, id));
        };
        const vms = declare((scope, id) => new WindowsDomain(scope, id, { domain: DOMAIN }));
        const old = declare((scope, id) => new ShapeOf01(scope, id, DOMAIN));
        expect(vms.map((vm) => vm.friendlyUniqueId)).toEqual(old.map((o) => o.domain.friendlyUniqueId));
      }),
      propertyParameters(100),
    );
  });

  test('the synthesized resource key and every reference to the VM use that id', () => {
    const stack = new TerraformStack(Testing.app(), 'app');
    const vm = new WindowsDomain(new Construct(stack, 'site'), 'dc01', { domain: DOMAIN });
    new TerraformOutput(stack, 'uuid', { value: vm.id });
    const old = declareUnder('app', ['site'], (scope) => new ShapeOf01(scope, 'dc01', DOMAIN));
    const synthesized = JSON.parse(Testing.synth(stack));
    expect(Object.keys(synthesized.resource.libvirt_domain)).toEqual([old.domain.friendlyUniqueId]);
    expect(old.domain.friendlyUniqueId).toMatch(/^site_dc01_[0-9A-F]{8}$/);
    expect(synthesized.output.uuid.value).toBe(`\${libvirt_domain.${old.domain.friendlyUniqueId}.id}`);
  });

  test('a stack with its own allocateLogicalId names the VM as it named the Domain of 0.1', () => {
    class PathNamedStack extends TerraformStack {
      protected allocateLogicalId(element: Node | { node: Node }): string {
        const node = 'node' in element ? element.node : element;
        return node.path.replace(/\W/g, '_');
      }
    }
    const vm = declareUnder('app', ['site'], (scope) => new WindowsDomain(scope, 'dc01', { domain: DOMAIN }), PathNamedStack);
    const old = declareUnder('app', ['site'], (scope) => new ShapeOf01(scope, 'dc01', DOMAIN), PathNamedStack);
    expect(vm.friendlyUniqueId).toBe('app_site_dc01_Resource');
    expect(vm.friendlyUniqueId).toBe(old.domain.friendlyUniqueId);
  });

  test("overrideLogicalId wins; resetOverrideLogicalId goes back to the kept id, not to one from the VM's own path", () => {
    const stack = new TerraformStack(Testing.app(), 'app');
    const vm = new WindowsDomain(stack, 'dc01', { domain: DOMAIN });
    const kept = vm.friendlyUniqueId;
    const renamed = new WindowsDomain(stack, 'dc02', { domain: { ...DOMAIN, name: 'dc02' } });
    renamed.overrideLogicalId('dc02_by_hand');
    expect(renamed.friendlyUniqueId).toBe('dc02_by_hand');
    const reset = new WindowsDomain(stack, 'dc03', { domain: { ...DOMAIN, name: 'dc03' } });
    reset.overrideLogicalId('other');
    reset.resetOverrideLogicalId();
    expect(reset.friendlyUniqueId).toBe(declareUnder('app', [], (scope) => new ShapeOf01(scope, 'dc03', DOMAIN)).domain.friendlyUniqueId);
    expect(Object.keys(JSON.parse(Testing.synth(stack)).resource.libvirt_domain).sort()).toEqual([kept, 'dc02_by_hand', reset.friendlyUniqueId].sort());
  });

  test('a VM outside any stack (never synthesized) is still declared', () => {
    const vm = new WindowsDomain(new App(), 'loose', { domain: DOMAIN });
    expect(vm.stylesheet).toContain('<hyperv mode="custom">');
  });
});
