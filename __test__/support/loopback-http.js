'use strict';
// A minimal HTTP client for tests that refuses any host but 127.0.0.1 and never follows redirects, so a test
// sees each 302 and its Location exactly as a browser would receive it.

const assert = require('node:assert/strict');
const http = require('node:http');

/**
 * @param {string} url
 * @param {{method?: string, headers?: object, body?: string}} [init]
 * @returns {Promise<{status: number, headers: object, body: string}>}
 */
function request(url, { method = 'GET', headers = {}, body } = {}) {
  const u = new URL(url);
  assert.equal(u.hostname, '127.0.0.1', `tests only talk to 127.0.0.1, not ${u.hostname}`);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: u.port, path: u.pathname + u.search, method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        text += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The Node-RED access token from a successful sign-in redirect, or null. */
function accessTokenOf(res) {
  const m = res.status === 302 && /^\/\?access_token=(.+)$/.exec(res.headers.location || '');
  return m ? m[1] : null;
}

module.exports = { request, accessTokenOf };
