/**
 * The Terraform address a WindowsDomain had when it was a construct holding its Domain as a child called 'Resource'
 * (0.1): `libvirt_domain.<logical id of <path>/Resource>`. WindowsDomain is now the Domain itself, one construct
 * level less (about a tenth of a 1000-VM synth, `npm run bench`), and keeps that address: with another one,
 * Terraform would destroy every VM declared before and create it anew, NVRAM and TPM state lost.
 */
import { createHash, hash } from 'crypto';
import { TerraformResource, TerraformStack } from 'cdktf';
import { IConstruct, Node } from 'constructs';
import { enclosingStack } from './enclosing-stack';

const RESOURCE_ID = 'Resource';
const RESOURCE_CHILD = { node: { id: RESOURCE_ID } };

/** Where a scope sits: its stack, and the ids from below the stack down to the scope itself. */
interface Place {
  readonly stack?: TerraformStack;
  readonly ids: readonly string[];
  /** The stack allocates logical ids with cdktf's own scheme (TerraformStack.allocateLogicalId not overridden). */
  readonly cdktfScheme: boolean;
}

/** Not Symbol.for: another copy of this library keeps its own. */
const PLACE = Symbol('libvirt-hyperv.place');

/**
 * The place of `scope`, worked out once per scope: a construct never moves, and a fleet of VMs mostly shares one
 * parent. Walking the scopes and asking the stack for every VM took about 45 ms of a 1000-VM synth in a cold process.
 */
function placeOf(scope: IConstruct): Place {
  const known = (scope as IConstruct & { [PLACE]?: Place })[PLACE];
  if (known !== undefined) return known;
  const scopes = scope.node.scopes;
  const stack = enclosingStack(scope);
  const allocate = (stack as unknown as { allocateLogicalId?: unknown } | undefined)?.allocateLogicalId;
  const place: Place = {
    stack,
    ids: scopes.slice(stack === undefined ? scopes.length : scopes.indexOf(stack) + 1).map((s) => s.node.id),
    cdktfScheme: allocate === (TerraformStack.prototype as unknown as { allocateLogicalId: unknown }).allocateLogicalId,
  };
  // Not enumerable: invisible to anything that walks the scope's own properties.
  Object.defineProperty(scope, PLACE, { value: place });
  return place;
}

/**
 * The logical id its stack gives a child 'Resource' of `resource`; undefined outside any stack (such a resource is
 * never synthesized). A stack whose `allocateLogicalId` is overridden is asked, so it names the VM by its own scheme
 * as it did in 0.1: `getLogicalId` takes a Node, of which cdktf reads only `scopes` (and the ids in them), and an
 * overriding scheme finds `id`, `path` and `scope` beside them. Any other stack uses cdktf's scheme, computed here.
 */
export function keptLogicalId(resource: TerraformResource): string | undefined {
  const place = placeOf(resource.node.scope!);
  if (place.stack === undefined) return undefined;
  if (!place.cdktfScheme) {
    const node = { id: RESOURCE_ID, path: `${resource.node.path}/${RESOURCE_ID}`, scope: resource, scopes: [...resource.node.scopes, RESOURCE_CHILD] };
    return place.stack.getLogicalId(node as unknown as Node);
  }
  return cdktfLogicalId([...place.ids, resource.node.id, RESOURCE_ID]);
}

const HIDDEN = 'Default';
const MAX_HUMAN_LENGTH = 240;

/**
 * cdktf 0.21's logical id for path components that end in 'Resource' (TerraformStack.allocateLogicalId, its
 * makeUniqueId): the components without 'Default'; a lone one is used as it is ('Resource' itself here); otherwise
 * a readable part (each component dropped when the kept one before it ends with it, then 'Resource' left out,
 * characters other than A-Z a-z 0-9 _ - removed, joined by '_', cut at 240) and the first 8 hex digits of the MD5 of
 * the components joined by '/', in capitals. __tests__/constructs/kept-address.test.ts holds cdktf to it.
 */
export function cdktfLogicalId(components: readonly string[]): string {
  const kept = components.filter((c) => c !== HIDDEN);
  if (kept.length === 1) return kept[0]!;
  const readable: string[] = [];
  for (const c of kept) if (readable.length === 0 || !readable[readable.length - 1]!.endsWith(c)) readable.push(c);
  const human = readable
    .filter((c) => c !== RESOURCE_ID)
    .map((c) => c.replace(/[^A-Za-z0-9_-]/g, ''))
    .join('_')
    .slice(0, MAX_HUMAN_LENGTH);
  return `${human}_${md5Hex(kept.join('/')).slice(0, 8).toUpperCase()}`;
}

/** crypto.hash (Node 20.12 and later) is one call without a Hash object: a third of createHash's time here. */
const md5Hex: (text: string) => string =
  typeof hash === 'function' ? (text) => hash('md5', text, 'hex') : (text) => createHash('md5').update(text).digest('hex');
