export { HostProfiles } from './host-profiles';
export { HypervCatalogue } from './hyperv-catalogue';
export { HypervIssues } from './hyperv-issues';
export { HypervStylesheet } from './hyperv-stylesheet';
