// A test helper, run as a child process by emulator/connections.test.ts: starts an emulator, reports its
// port, and on `{ blockMs }` keeps its event loop busy that long (after acknowledging), so the test can
// see how many new connections the kernel queues for a server that is not accepting.
import { startEmulator } from './index.ts';

const emulator = await startEmulator({ port: 0 });
process.send?.({ port: Number(new URL(emulator.url).port) });
process.on('message', (message: { blockMs?: number; stop?: boolean }) => {
  if (message.stop) {
    void emulator.close().then(() => process.exit(0));
    return;
  }
  const blockMs = message.blockMs ?? 0;
  process.send?.({ blocking: true }, () => {
    const until = Date.now() + blockMs;
    while (Date.now() < until) {
      // busy on purpose: nothing is accepted meanwhile
    }
  });
});
