'use strict';
// Signs in through an OpenID provider the way a browser without JavaScript would: one request at a time,
// redirects followed by hand, cookies kept per host, the provider's login form filled in, and the
// auto-submitting forms (response_mode=form_post, the logout page) posted. Each hop is visible to the test.

const STEP_TIMEOUT_MS = 20000;
const MAX_STEPS = 25;

/** A small cookie jar: per host (port ignored, as browsers do) and path; Secure and SameSite are not modelled. */
class CookieJar {
  constructor() {
    this.cookies = new Map(); // `${host} ${path} ${name}` -> { host, path, name, value, expires }
  }

  /** Records the Set-Cookie lines of a response to `url`; an expired or max-age<=0 cookie is deleted. */
  store(url, setCookieLines) {
    const { hostname } = new URL(url);
    for (const line of setCookieLines || []) {
      const [pair, ...attributes] = line.split(';').map((s) => s.trim());
      const eq = pair.indexOf('=');
      if (eq <= 0) continue;
      const name = pair.slice(0, eq);
      const cookie = { host: hostname, path: '/', name, value: pair.slice(eq + 1), expires: Infinity };
      for (const attribute of attributes) {
        const [key, ...rest] = attribute.split('=');
        const value = rest.join('=');
        const lower = key.toLowerCase();
        if (lower === 'path' && value.startsWith('/')) cookie.path = value;
        else if (lower === 'max-age') cookie.maxAge = Number(value);
        else if (lower === 'expires') cookie.expires = Date.parse(value);
      }
      // Max-Age wins over Expires (RFC 6265 5.3).
      if (cookie.maxAge !== undefined) cookie.expires = Date.now() + cookie.maxAge * 1000;
      delete cookie.maxAge;
      const key = `${cookie.host} ${cookie.path} ${cookie.name}`;
      if (!(cookie.expires > Date.now())) this.cookies.delete(key);
      else this.cookies.set(key, cookie);
    }
  }

  /** The Cookie header a browser would send to `url` (may be ''). */
  header(url) {
    const { hostname, pathname } = new URL(url);
    const now = Date.now();
    const matches = [...this.cookies.values()].filter(
      (c) => c.host === hostname && c.expires > now && pathMatches(pathname, c.path),
    );
    // Longer paths first, as browsers send them.
    matches.sort((a, b) => b.path.length - a.path.length);
    return matches.map((c) => `${c.name}=${c.value}`).join('; ');
  }

  /** The value of one cookie for `url`, or undefined. */
  get(url, name) {
    const { hostname, pathname } = new URL(url);
    const found = [...this.cookies.values()].find(
      (c) => c.host === hostname && c.name === name && c.expires > Date.now() && pathMatches(pathname, c.path),
    );
    return found && found.value;
  }
}

function pathMatches(requestPath, cookiePath) {
  if (requestPath === cookiePath) return true;
  if (!requestPath.startsWith(cookiePath)) return false;
  return cookiePath.endsWith('/') || requestPath[cookiePath.length] === '/';
}

const unescapeHtml = (s) =>
  s.replace(/&(amp|lt|gt|quot|#39);/g, (_, e) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e]);

function attribute(tag, name) {
  const m = new RegExp(`\\s${name}="([^"]*)"`, 'i').exec(tag);
  return m ? unescapeHtml(m[1]) : undefined;
}

/** The first form of a page: its action (resolved against `url`) and its named inputs with their values. */
function firstForm(html, url) {
  const form = /<form\b[^>]*>([\s\S]*?)<\/form>/i.exec(html);
  if (!form) return null;
  const inputs = new Map();
  for (const [tag] of form[1].matchAll(/<input\b[^>]*>/gi)) {
    const name = attribute(tag, 'name');
    if (name) inputs.set(name, attribute(tag, 'value') || '');
  }
  const action = attribute(form[0].slice(0, form[0].indexOf('>') + 1), 'action');
  return { action: new URL(action || url, url).href, inputs };
}

const isAutoSubmit = (html) => /document\.forms\[0\]\.submit\(\)/.test(html);

/**
 * Walks from `startUrl` (e.g. Node-RED's /auth/strategy) through the provider and back. It stops at the first
 * redirect to `home` (an origin; default that of `startUrl`, i.e. Node-RED's) whose path is not under /auth/,
 * at the first URL `stopAt(url)` accepts (not requested), at an error status, or at a page it cannot act on
 * (e.g. the login form shown again with "Invalid login"). Returns { status, location, steps, body, jar }:
 * `location` is the redirect (or form target, then with its fields in `form`) it stopped at, else null; `steps`
 * every URL requested; `body` the text of the last response when it was not a redirect. Without `username`, a
 * login form is a stop (useful for logout chains and "must sign in again" checks). Options: startUrl, home,
 * username, password, jar, stopAt, maxSteps (25).
 */
async function signInOverHttp(options) {
  const { startUrl, home, username, password, jar = new CookieJar(), stopAt, maxSteps = MAX_STEPS } = options;
  const homeOrigin = new URL(home || startUrl).origin;
  const steps = [];
  let request = { url: startUrl, method: 'GET', form: null };
  let loginsSent = 0;

  for (let i = 0; i < maxSteps; i += 1) {
    steps.push(request.url);
    const headers = { cookie: jar.header(request.url) };
    let body;
    if (request.form) {
      body = new URLSearchParams([...request.form]).toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    if (!headers.cookie) delete headers.cookie;
    let res;
    try {
      // A server that never answers fails the test with the URL instead of hanging it.
      res = await fetch(request.url, { method: request.method, headers, body, redirect: 'manual', signal: AbortSignal.timeout(STEP_TIMEOUT_MS) });
    } catch (err) {
      throw new Error(`signInOverHttp: ${request.method} ${request.url} failed: ${err.message}\nsteps:\n${steps.join('\n')}`);
    }
    jar.store(request.url, res.headers.getSetCookie());

    let next;
    if (res.status >= 300 && res.status < 400 && res.headers.has('location')) {
      await res.arrayBuffer();
      const location = new URL(res.headers.get('location'), request.url).href;
      const target = new URL(location);
      const done = target.origin === homeOrigin && !target.pathname.startsWith('/auth/');
      if (done || (stopAt && stopAt(location))) return { status: res.status, location, steps, jar, body: undefined };
      next = { url: location, method: 'GET', form: null };
    } else {
      const text = await res.text();
      const stop = { status: res.status, location: null, steps, jar, body: text };
      if (res.status >= 400) return stop;
      const form = firstForm(text, request.url);
      if (!form) return stop;
      if (form.inputs.has('login') && form.inputs.has('password')) {
        // A second login form means the first attempt was refused: hand the page back rather than loop.
        if (username === undefined || loginsSent > 0) return stop;
        loginsSent += 1;
        form.inputs.set('login', username);
        form.inputs.set('password', password);
      } else if (!isAutoSubmit(text)) {
        return stop;
      }
      next = { url: form.action, method: 'POST', form: form.inputs };
      // The form's fields come along, so a test can tamper with them and post them itself.
      if (stopAt && stopAt(next.url)) return { ...stop, location: next.url, form: Object.fromEntries(form.inputs) };
    }
    request = next;
  }
  throw new Error(`signInOverHttp: more than ${maxSteps} steps:\n${steps.join('\n')}`);
}

module.exports = { signInOverHttp, CookieJar, firstForm };
