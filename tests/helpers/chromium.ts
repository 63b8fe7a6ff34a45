/**
 * How every browser test starts Debian's Chromium (never `npx playwright install`): headless, and
 * with the background-networking flags that keep it from dialling out on a machine with no network.
 */
export const CHROMIUM_LAUNCH = {
  executablePath: '/usr/bin/chromium',
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};
