import net from 'node:net';
import { StartupError } from './startup-error';

/** Fails with a clear sentence when something already listens on `port` (loopback). */
export async function assertPortFree(port: number, whatFor: string): Promise<void> {
  const inUse = await new Promise<boolean>((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(true));
    probe.once('listening', () => probe.close(() => resolve(false)));
    probe.listen(port, '127.0.0.1');
  });
  if (inUse) {
    throw new StartupError(
      `Port ${port} is already in use, so ${whatFor} cannot listen on it: stop the program using it or choose another port.`,
    );
  }
}
