// Metric descriptors: model, validation, record normalisation, aggregation queries and the in-memory reference.
export * from './model.js';
export * from './errors.js';
export * from './validate.js';
export * from './records.js';
export * from './aggregate.js';
export * from './search.js';
export * from './reference.js';
export * from './access.js';
