export { HostProfileError, parseHostProfile, readHostProfile } from './read-profile';
export type { VirshOutputs } from './from-virsh';
export { parseCapabilities, parseDomcapabilities, parseVirshVersion, profileFromVirsh } from './from-virsh';
