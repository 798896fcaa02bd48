export * from './core';
export * from './constructs';
export * as libvirt from './generated/libvirt';
export { HostProfileError, readHostProfile } from './host';
