export * from './windows-domain';
export * from './hyperv-aspect';
