'use strict';
// A real browser for the sign-in tests: Debian's chromium (apt-get install chromium) driven by playwright-core,
// which downloads no browser of its own. A failing page leaves a screenshot behind for the diagnosis.

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { chromium } = require('playwright-core');

const CHROMIUM = process.env.NRAUTH_CHROMIUM || '/usr/bin/chromium';

let current = null;

/** Launches chromium; withPage uses the last browser launched here unless given another. Close it in after(). */
async function launchBrowser() {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`no chromium at ${CHROMIUM}: apt-get install -y chromium (or set NRAUTH_CHROMIUM)`);
  }
  // --no-sandbox: CI and this machine run as root, where chromium's sandbox refuses to start.
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  current = browser;
  browser.on('disconnected', () => {
    if (current === browser) current = null;
  });
  return browser;
}

/**
 * Runs fn(page) in a fresh context (no cookies shared with other tests). On failure, saves a full-page
 * screenshot to a new temporary folder, names it in the test's diagnostics, and rethrows.
 * contextOptions go to playwright's newContext (e.g. { viewport: { width: 1000, height: 600 } }).
 */
async function withPage(t, fn, browser = current, contextOptions = {}) {
  if (!browser) throw new Error('withPage: call launchBrowser() first');
  const context = await browser.newContext(contextOptions);
  try {
    const page = await context.newPage();
    try {
      return await fn(page);
    } catch (err) {
      try {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nrauth-shot-'));
        const file = path.join(dir, 'failure.png');
        await page.screenshot({ path: file, fullPage: true });
        t.diagnostic(`screenshot of the failing page (${page.url()}): ${file}`);
      } catch (shotErr) {
        t.diagnostic(`no screenshot: ${shotErr.message}`);
      }
      throw err;
    }
  } finally {
    await context.close();
  }
}

module.exports = { launchBrowser, withPage, CHROMIUM };
