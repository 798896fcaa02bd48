export * from './core';
export * from './constructs';
export * as libvirt from './generated/libvirt';
