'use strict';
// Drives a Node-RED started by node-red.js the way its editor and curl do: plain HTTP to 127.0.0.1, the
// sign-in redirect (3.x/4.x `?access_token=`, 5.x `?code=` exchanged at POST /auth/token), the login
// dialog's session messages, and the editor websocket /comms.

const http = require('http');
const WebSocket = require('ws');

/**
 * @param {{port: number}} nr
 * @param {string} path
 * @param {{method?: string, headers?: object, form?: object, json?: *, cookie?: string}} [options]
 */
function request(nr, path, options = {}) {
  const headers = { ...(options.headers || {}) };
  let body = null;
  if (options.form) {
    body = new URLSearchParams(options.form).toString();
    headers['content-type'] = 'application/x-www-form-urlencoded';
  } else if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers['content-type'] = 'application/json';
  }
  if (options.cookie) headers.cookie = options.cookie;
  if (body !== null) headers['content-length'] = Buffer.byteLength(body);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: nr.port, path, method: options.method || (body ? 'POST' : 'GET'), headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode, headers: res.headers, text, json: () => JSON.parse(text) });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.setTimeout(15000, () => req.destroy(new Error(`timeout: ${path}`)));
    if (body !== null) req.write(body);
    req.end();
  });
}

/** `name=value` of the Set-Cookie headers, joined for a Cookie header. */
function cookiesOf(response, previous) {
  const jar = new Map();
  for (const part of (previous || '').split('; ').filter(Boolean)) {
    const eq = part.indexOf('=');
    jar.set(part.slice(0, eq), part.slice(eq + 1));
  }
  for (const line of response.headers['set-cookie'] || []) {
    const pair = line.split(';')[0];
    const eq = pair.indexOf('=');
    jar.set(pair.slice(0, eq), pair.slice(eq + 1));
  }
  return [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
}

/**
 * The Node-RED session token from a sign-in redirect, or null. 5.x hands out a one-time code that the editor
 * exchanges at POST /auth/token; older versions put the token into the redirect itself (not URL-encoded).
 */
async function accessTokenFrom(nr, location) {
  if (!location) return null;
  const access = /[?&]access_token=([^&]*)/.exec(location);
  if (access) return access[1];
  const code = /[?&]code=([^&]*)/.exec(location);
  if (!code) return null;
  const exchanged = await request(nr, '/auth/token', { form: { code: code[1] } });
  if (exchanged.status !== 200) throw new Error(`code exchange answered ${exchanged.status}: ${exchanged.text}`);
  return exchanged.json().accessToken;
}

/**
 * Calls the sign-in route and follows Node-RED's answer.
 * @returns {Promise<{status: number, location: string, accessToken: string|null, cookie: string, response: object}>}
 */
async function signIn(nr, { path = '/auth/strategy', query, method, form, headers, cookie } = {}) {
  const search = query ? `?${new URLSearchParams(query)}` : '';
  const response = await request(nr, path + search, { method, form, headers, cookie });
  const location = response.headers.location || '';
  const accessToken = /[?&](access_token|code)=/.test(location) ? await accessTokenFrom(nr, location) : null;
  return { status: response.status, location, accessToken, cookie: cookiesOf(response, cookie), response };
}

/** The login dialog's messages (RED.sessionMessages in the editor page) for a handshake session cookie. */
async function sessionMessages(nr, cookie) {
  const page = await request(nr, '/', { cookie });
  const match = /RED\.sessionMessages = (\[.*?\]);<\/script>/.exec(page.text);
  return { messages: match ? JSON.parse(match[1]) : [], page: page.text };
}

function bearer(token) {
  return { authorization: `Bearer ${token}` };
}

/**
 * Opens /comms, sends `{auth}` (unless undefined) and reports the first answer, a close, or an error
 * (`'timeout'` when nothing came within `timeoutMs`).
 * @returns {Promise<{message?: object, closed?: number, error?: string}>}
 */
function commsAuth(nr, { auth, headers, timeoutMs = 10000 } = {}) {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${nr.port}/comms`, { headers });
    const done = (result) => {
      clearTimeout(timer);
      ws.removeAllListeners();
      ws.on('error', () => {});
      ws.terminate();
      resolve(result);
    };
    const timer = setTimeout(() => done({ error: 'timeout' }), timeoutMs);
    ws.on('open', () => {
      if (auth !== undefined) ws.send(JSON.stringify({ auth }));
      else ws.send(JSON.stringify({ subscribe: 'status/#' }));
    });
    ws.on('message', (data) => {
      let message;
      try {
        message = JSON.parse(data.toString());
      } catch {
        message = { raw: data.toString() };
      }
      // Node-RED 4+ may batch: an array of messages.
      if (Array.isArray(message)) message = message[0];
      done({ message });
    });
    ws.on('close', (code) => done({ closed: code }));
    ws.on('error', (err) => done({ error: err.message }));
    ws.on('unexpected-response', (req, res) => done({ error: `HTTP ${res.statusCode}` }));
  });
}

module.exports = { request, signIn, sessionMessages, bearer, commsAuth, cookiesOf, accessTokenFrom };
