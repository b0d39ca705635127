export * from './catalogue';
export * from './channels';
export * from './envelope';
export * from './legacy-names';
export * from './watchdog';
export * from './plain-ws';
