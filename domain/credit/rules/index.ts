/** Public entry points of the credit rule engine. */
export * from './schema';
export * from './fields';
export * from './engine';
export * from './defaults';
export { canonicalJson, digestOf } from './digest';
export * from './video-script';
