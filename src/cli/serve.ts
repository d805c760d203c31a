// `kawaraban serve`: migrate, then serve until a signal stops it.
import type { Config } from '../config.ts';
import { ConfigError } from '../config.ts';
import { describeDatabase, startServer, stopOnSignals } from '../main.ts';

export async function serveCommand(config: Config): Promise<void> {
  let running;
  try {
    running = await startServer(config);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new ConfigError(`Port ${config.port} on ${config.host} is already in use (set PORT to another port)`);
    if (code === 'EACCES') throw new ConfigError(`Not allowed to listen on ${config.host}:${config.port} (set PORT above 1023)`);
    if (code === 'EADDRNOTAVAIL') throw new ConfigError(`HOST=${config.host} is not an address of this machine`);
    throw err;
  }
  stopOnSignals(running);
  running.server.log.info(`Kawaraban is serving ${config.siteUrl} on ${running.url} (${describeDatabase(config)})`);
}
