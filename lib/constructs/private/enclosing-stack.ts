import { TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';

/**
 * The nearest stack above `construct` (the construct itself when it is one), or undefined outside any stack.
 * TerraformStack.of throws there instead; a construct outside a stack is never synthesized, but may be declared.
 */
export function enclosingStack(construct: IConstruct): TerraformStack | undefined {
  for (let scope: IConstruct | undefined = construct; scope !== undefined; scope = scope.node.scope) if (TerraformStack.isStack(scope)) return scope;
  return undefined;
}
