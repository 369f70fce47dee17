/**
 * Preloaded into the API process by `npm run bench` (`--require`), never part of the API: it
 * answers the harness's `bench:memory` message with `process.memoryUsage()`, so a run reports
 * the V8 heap beside the RSS it reads from /proc.
 */
if (process.send) {
  process.on('message', (message) => {
    if (message === 'bench:memory') process.send?.({ kind: 'bench:memory', usage: process.memoryUsage() });
  });
  // The IPC channel must not keep the API alive once it shuts down.
  process.channel?.unref();
}
