// @quarterdeck/contracts: the shapes every part of Quarterdeck agrees on. Browser-safe (the
// web app imports it), so nothing here touches Node APIs. The workflow template catalogue
// is a separate entry point: `@quarterdeck/contracts/templates`.

export * from './agent-config';
export * from './decisions';
export * from './enums';
export * from './errors';
export * from './events';
export * from './handoff';
export * from './inputs';
export * from './issues';
export * from './jobs';
export * from './primitives';
export * from './redact';
export * from './secret-policy';
