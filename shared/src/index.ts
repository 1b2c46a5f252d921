export * from './domain';
export * from './errors';
export * from './events';
export * from './http';
export * from './legs';
export * from './schemas';
export * from './time';
export * from './admin';
