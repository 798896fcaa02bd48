/**
 * The Terraform address a WindowsDomain had when it was a construct holding its Domain as a child called 'Resource'
 * (0.1): `libvirt_domain.<logical id of <path>/Resource>`. WindowsDomain is now the Domain itself, one construct
 * level less (about a tenth of a 1000-VM synth, `npm run bench`), and keeps that address: with another one,
 * Terraform would destroy every VM declared before and create it anew, NVRAM and TPM state lost.
 */
import { TerraformResource, TerraformStack } from 'cdktf';
import { Node } from 'constructs';

const RESOURCE_ID = 'Resource';
const RESOURCE_CHILD = { node: { id: RESOURCE_ID } };

/**
 * The logical id its stack gives a child 'Resource' of `resource`; undefined outside any stack (such a resource is
 * never synthesized). The stack allocates it, so a stack whose `allocateLogicalId` is overridden names it by its own
 * scheme, as it did in 0.1. `getLogicalId` takes a Node; cdktf reads only its `scopes` (and the ids in them), and an
 * overriding scheme finds `id`, `path` and `scope` beside them.
 */
export function keptLogicalId(resource: TerraformResource): string | undefined {
  const scopes = resource.node.scopes;
  let stack: TerraformStack | undefined;
  for (let i = scopes.length - 1; i >= 0 && stack === undefined; i--) if (TerraformStack.isStack(scopes[i])) stack = scopes[i] as TerraformStack;
  if (stack === undefined) return undefined;
  const node = { id: RESOURCE_ID, path: `${resource.node.path}/${RESOURCE_ID}`, scope: resource, scopes: [...scopes, RESOURCE_CHILD] };
  return stack.getLogicalId(node as unknown as Node);
}
