/** The names and options of the domains `cdktf deploy` creates, shared by the app and the test that checks them. */
import { FeatureOverrides } from '../../lib';
import { TCG_STARTABLE_ENLIGHTENMENTS } from './expected';
import { DOMAIN_PREFIX } from './stacks';

export const CDKTF_CLI_STACK = 'lvh-acceptance-cdktf';

export const CDKTF_CLI_DOMAINS = {
  first: `${DOMAIN_PREFIX}cdktf-first`,
  second: `${DOMAIN_PREFIX}cdktf-second`,
  aspect: `${DOMAIN_PREFIX}cdktf-aspect`,
} as const;

/** The VM whose enlightenment the diff step toggles, and the toggle. */
export const TOGGLED_DOMAIN = CDKTF_CLI_DOMAINS.first;
export const TOGGLE = { evmcs: 'off' } as const;

/** What each domain is declared with: the TCG-startable set, plus evmcs off on the toggled VM in the toggled stage. */
export function cdktfCliEnlightenments(name: string, toggled: boolean): FeatureOverrides {
  return { ...TCG_STARTABLE_ENLIGHTENMENTS, ...(toggled && name === TOGGLED_DOMAIN ? { evmcs: TOGGLE.evmcs } : {}) };
}
