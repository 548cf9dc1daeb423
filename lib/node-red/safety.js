'use strict';
// The factory's safe defaults and their one explicit way out, `allowUnsafe: [<name>, ...]`: each relaxation is
// named in settings.js, where a reviewer sees it, and is repeated at every start-up.

const { isLoopback } = require('../remote-keys/discovery');
const { fail } = require('./config-error');

const MAX_CLOCK_TOLERANCE = 300;
const UNSAFE = Object.freeze({
  'tokens-without-exp': 'tokens without an expiry (exp) are accepted and stay valid for ever',
  'long-clock-tolerance': `clockTolerance is above ${MAX_CLOCK_TOLERANCE} s, so expired tokens are accepted for that long`,
  'http-base-url': 'baseURL is plain http to another host: tokens cross the network unencrypted',
  'any-audience': 'tokens for any audience are accepted: every application of the provider can open Node-RED',
});

function notice(line) {
  console.warn(`[node-red-auth-jwt] ${line}`);
}

function parseAllowUnsafe(value) {
  if (value === undefined) return new Set();
  const list = Array.isArray(value) ? value : [value];
  const unknown = list.filter((name) => typeof name !== 'string' || !Object.hasOwn(UNSAFE, name));
  if (unknown.length || list.length === 0) {
    fail(`allowUnsafe must be a list of: ${Object.keys(UNSAFE).map((n) => `"${n}"`).join(', ')}`);
  }
  return new Set(list);
}

function checkClockTolerance(seconds, allowed) {
  if (seconds > MAX_CLOCK_TOLERANCE && !allowed.has('long-clock-tolerance')) {
    fail(`clockTolerance ${seconds} is more than ${MAX_CLOCK_TOLERANCE} seconds: an expired token would be accepted for that long. ` +
      'Fix the clocks (NTP), or add "long-clock-tolerance" to allowUnsafe');
  }
}

function httpToAnotherHost(baseURL) {
  if (baseURL === null) return false;
  const url = new URL(baseURL);
  return url.protocol === 'http:' && !isLoopback(url.hostname);
}

/** Start-up lines for what the checked config relaxes. Warnings only: errors were thrown by config.parse. */
function startupWarnings(cfg) {
  if (httpToAnotherHost(cfg.baseURL) && !cfg.allowUnsafe.has('http-base-url')) {
    notice(`baseURL ${cfg.baseURL} is plain http to a host other than this one: tokens and sessions cross the network ` +
      'unencrypted. Use https (or add "http-base-url" to allowUnsafe to silence this).');
  }
  for (const name of cfg.allowUnsafe) {
    if (name === 'http-base-url') continue;
    notice(`allowUnsafe "${name}": ${UNSAFE[name]}`);
  }
}

module.exports = { parseAllowUnsafe, checkClockTolerance, startupWarnings, MAX_CLOCK_TOLERANCE };
