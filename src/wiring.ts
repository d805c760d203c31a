// Start-up wiring: the settings every layer reads (the site's time zone) and what one domain
// hands another, so that no domain imports across for it. Called once by each entry point
// (createApp, the CLI, test databases); calling it again is harmless.
import { useAuthorMaker } from './accounts/service.ts';
import type { Config } from './config.ts';
import { createAuthorRow } from './content/service.ts';
import { setSiteTimeZone } from './time.ts';

export function wire(config?: Pick<Config, 'timeZone'>): void {
  if (config) setSiteTimeZone(config.timeZone);
  useAuthorMaker(createAuthorRow);
}
