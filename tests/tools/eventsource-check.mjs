// Opens a page of the API's own origin in headless Chromium and watches the caller's signals with the
// browser's own EventSource, opened with a ticket (EventSource cannot send headers).
// Usage: node eventsource-check.mjs <api base url> <ticket> <event name>
// Prints "open" once the stream is open, then the data of the first event of that name (or "timeout").
import { chromium } from 'playwright-core';

const [base, ticket, name] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  const page = await browser.newPage();
  page.on('console', message => console.error(`page: ${message.text()}`));
  await page.goto(new URL('/alive', base).href);
  await page.exposeFunction('reportOpen', () => console.log('open'));
  const data = await page.evaluate(([ticket, name]) => new Promise(resolve => {
    const source = new EventSource(`/signals/stream?ticket=${encodeURIComponent(ticket)}`);
    source.onopen = () => window.reportOpen();
    source.addEventListener(name, event => { source.close(); resolve(`${event.lastEventId} ${event.data}`); });
    setTimeout(() => { source.close(); resolve('timeout'); }, 20000);
  }), [ticket, name]);
  console.log(data);
} finally {
  await browser.close();
}
