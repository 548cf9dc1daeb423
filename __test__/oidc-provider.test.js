'use strict';
// Proves the OpenID provider harness (support/oidc-provider.js) and its HTTP and browser drivers against a
// tiny relying party written here: a code + PKCE sign-in with real tokens, refresh and its refusal, a wrong
// password, RP-initiated logout, an outage, and the same sign-in in chromium.

const assert = require('node:assert/strict');
const crypto = require('node:crypto');
const http = require('node:http');
const { after, before, describe, test } = require('node:test');

const { startOidcProvider, CONFIDENTIAL_SECRET } = require('./support/oidc-provider');
const { signInOverHttp, CookieJar } = require('./support/oidc-login');
const { launchBrowser, withPage } = require('./support/browser');

const b64url = (buf) => Buffer.from(buf).toString('base64url');

/**
 * A relying party on 127.0.0.1 with Node-RED's URL shape: GET /auth/start begins a code + PKCE sign-in,
 * GET /auth/callback exchanges the code and redirects to /done (outside /auth/, where the HTTP driver stops).
 */
async function startRelyingParty(op, { clientId, clientSecret }) {
  const discovery = await (await fetch(op.discoveryUrl)).json();
  const pending = new Map(); // state -> { verifier, nonce }
  const results = []; // token responses, in order

  async function exchange(code, verifier) {
    const headers = { 'content-type': 'application/x-www-form-urlencoded' };
    const form = { grant_type: 'authorization_code', code, redirect_uri: rp.redirectUri, code_verifier: verifier };
    if (clientSecret) headers.authorization = `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`;
    else form.client_id = clientId;
    const res = await fetch(discovery.token_endpoint, { method: 'POST', headers, body: new URLSearchParams(form) });
    return { status: res.status, body: await res.json() };
  }

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, rp.url);
    if (url.pathname === '/auth/start') {
      const state = b64url(crypto.randomBytes(16));
      const nonce = b64url(crypto.randomBytes(16));
      const verifier = b64url(crypto.randomBytes(32));
      pending.set(state, { verifier, nonce });
      const auth = new URL(discovery.authorization_endpoint);
      auth.search = new URLSearchParams({
        client_id: clientId,
        response_type: 'code',
        scope: 'openid email profile groups',
        redirect_uri: rp.redirectUri,
        state,
        nonce,
        code_challenge: b64url(crypto.createHash('sha256').update(verifier).digest()),
        code_challenge_method: 'S256',
      });
      return res.writeHead(302, { location: auth.href }).end();
    }
    if (url.pathname === '/auth/callback') {
      const flow = pending.get(url.searchParams.get('state'));
      pending.delete(url.searchParams.get('state'));
      if (!flow || !url.searchParams.get('code')) {
        const error = encodeURIComponent(url.searchParams.get('error') || 'bad_state');
        return res.writeHead(302, { location: `/done?error=${error}` }).end();
      }
      const tokens = await exchange(url.searchParams.get('code'), flow.verifier);
      results.push({ ...tokens, nonce: flow.nonce });
      return res.writeHead(302, { location: `/done?result=${results.length - 1}` }).end();
    }
    if (url.pathname === '/done' || url.pathname === '/logged-out') {
      return res.writeHead(200, { 'content-type': 'text/html' }).end(`<h1 id="rp">RP ${url.pathname}</h1>`);
    }
    return res.writeHead(404).end();
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));

  const rp = {
    url: `http://127.0.0.1:${server.address().port}`,
    get redirectUri() {
      return `${this.url}/auth/callback`;
    },
    discovery,
    results,
    close: () => {
      const closed = new Promise((resolve) => server.close(resolve));
      server.closeAllConnections();
      return closed;
    },
  };
  op.setRedirectUris(clientId, [rp.redirectUri], [`${rp.url}/logged-out`]);
  return rp;
}

/** Verifies an RS256 ID token against the provider's JWKS and returns its payload. */
async function verifyIdToken(op, rp, idToken, { clientId, nonce }) {
  const [h, p, s] = idToken.split('.');
  const header = JSON.parse(Buffer.from(h, 'base64url'));
  const payload = JSON.parse(Buffer.from(p, 'base64url'));
  const { keys } = await (await fetch(rp.discovery.jwks_uri)).json();
  const jwk = keys.find((k) => k.kid === header.kid);
  assert.ok(jwk, `no key ${header.kid} in the provider's JWKS`);
  assert.equal(header.alg, 'RS256');
  const key = crypto.createPublicKey({ key: jwk, format: 'jwk' });
  assert.ok(crypto.verify('sha256', Buffer.from(`${h}.${p}`), key, Buffer.from(s, 'base64url')), 'ID token signature');
  assert.equal(payload.iss, op.issuer);
  assert.equal(payload.aud, clientId);
  if (nonce !== undefined) assert.equal(payload.nonce, nonce);
  assert.ok(payload.exp > Date.now() / 1000);
  return payload;
}

const PASSWORDS = { admin: 'admin-pass', reader: 'reader-pass' };

/** Signs in at the relying party `rp` over HTTP; `password` defaults to the account's right one. */
function signIn(rp, username, { jar, password = PASSWORDS[username] } = {}) {
  return signInOverHttp({ startUrl: `${rp.url}/auth/start`, username, password, jar });
}

/** The token response that the RP's /done?result=N redirect refers to. */
const resultOf = (rp, location) => rp.results[Number(new URL(location).searchParams.get('result'))];

async function refresh(op, rp, refreshToken, clientId, clientSecret) {
  const headers = { 'content-type': 'application/x-www-form-urlencoded' };
  const form = { grant_type: 'refresh_token', refresh_token: refreshToken };
  if (clientSecret) headers.authorization = `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`;
  else form.client_id = clientId;
  const res = await fetch(rp.discovery.token_endpoint, { method: 'POST', headers, body: new URLSearchParams(form) });
  return { status: res.status, body: await res.json() };
}

describe('OpenID provider harness', () => {
  let op;
  let rp;

  before(async () => {
    op = await startOidcProvider({ idTokenTTL: 120 });
    rp = await startRelyingParty(op, { clientId: 'nr-public' });
  });

  after(async () => {
    await rp?.close();
    await op?.close();
  });

  test('listens on 127.0.0.2 and publishes a complete discovery document', async () => {
    assert.match(op.issuer, /^http:\/\/127\.0\.0\.2:\d+$/);
    const res = await fetch(`${op.issuer}/.well-known/openid-configuration`);
    assert.equal(res.status, 200);
    const doc = await res.json();
    assert.equal(doc.issuer, op.issuer);
    for (const field of ['authorization_endpoint', 'token_endpoint', 'jwks_uri', 'end_session_endpoint']) {
      assert.ok(doc[field].startsWith(`${op.issuer}/`), `${field}: ${doc[field]}`);
    }
    assert.deepEqual(doc.code_challenge_methods_supported, ['S256']);
    assert.ok(doc.response_types_supported.includes('code'));
    assert.ok(doc.response_types_supported.includes('id_token'));
    const jwks = await (await fetch(doc.jwks_uri)).json();
    assert.equal(jwks.keys.length, 1);
    assert.equal(jwks.keys[0].d, undefined, 'the JWKS must not leak the private key');
  });

  test('code + PKCE sign-in over HTTP yields an ID token with the claims, and a refresh token', async () => {
    const before = { ...op.stats };
    const out = await signInOverHttp({ startUrl: `${rp.url}/auth/start`, username: 'admin', password: 'admin-pass' });
    assert.equal(out.status, 302);
    assert.match(out.location, new RegExp(`^${rp.url}/done\\?result=\\d+$`), out.steps.join('\n'));
    assert.ok(out.steps.some((u) => u.startsWith(`${op.issuer}/interaction/`)), 'went through the login page');

    const params = op.lastAuthorizationParams;
    assert.equal(params.response_type, 'code');
    assert.equal(params.code_challenge_method, 'S256');
    assert.match(params.code_challenge, /^[\w-]{43}$/);
    assert.equal(params.redirect_uri, rp.redirectUri);

    const result = resultOf(rp, out.location);
    assert.equal(result.status, 200, JSON.stringify(result.body));
    assert.equal(result.body.token_type, 'Bearer');
    assert.equal(typeof result.body.refresh_token, 'string');
    const claims = await verifyIdToken(op, rp, result.body.id_token, { clientId: 'nr-public', nonce: result.nonce });
    assert.equal(claims.sub, 'admin');
    assert.equal(claims.email, 'admin@example.test');
    assert.equal(claims.email_verified, true);
    assert.equal(claims.preferred_username, 'admin');
    assert.deepEqual(claims.groups, ['nodered-admins']);
    assert.ok(claims.exp - claims.iat <= 120, 'idTokenTTL applies');
    assert.equal(op.stats.codeGrants, before.codeGrants + 1);
    assert.ok(op.stats.authorizations > before.authorizations);
  });

  test('refresh works and rotates; a disabled account is refused, and so is its next login', async () => {
    const jar = new CookieJar();
    const out = await signIn(rp, 'reader', { jar });
    const first = resultOf(rp, out.location).body;
    const before = { ...op.stats };

    const refreshed = await refresh(op, rp, first.refresh_token, 'nr-public');
    assert.equal(refreshed.status, 200, JSON.stringify(refreshed.body));
    const claims = await verifyIdToken(op, rp, refreshed.body.id_token, { clientId: 'nr-public' });
    assert.deepEqual(claims.groups, ['nodered-readers']);
    assert.notEqual(refreshed.body.refresh_token, first.refresh_token, 'public clients get a rotated refresh token');
    assert.equal(op.stats.refreshGrants, before.refreshGrants + 1);

    op.disableAccount('reader');
    try {
      const refused = await refresh(op, rp, refreshed.body.refresh_token, 'nr-public');
      assert.equal(refused.status, 400);
      assert.equal(refused.body.error, 'invalid_grant');
      assert.equal(op.stats.refreshRefused, before.refreshRefused + 1);

      // The provider session of the disabled account no longer signs in: the login page asks again, and refuses.
      const login = await signIn(rp, 'reader', { jar });
      assert.equal(login.location, null, login.steps.join('\n'));
      assert.match(login.body, /Account disabled/);
    } finally {
      op.enableAccount('reader');
    }
    const again = await refresh(op, rp, refreshed.body.refresh_token, 'nr-public');
    assert.equal(again.status, 200, 're-enabled account refreshes again');

    // Reuse of a rotated-away refresh token is refused and revokes the whole grant, newest token included.
    assert.equal((await refresh(op, rp, first.refresh_token, 'nr-public')).body.error, 'invalid_grant');
    assert.equal((await refresh(op, rp, again.body.refresh_token, 'nr-public')).body.error, 'invalid_grant');
  });

  test('a wrong password shows "Invalid login" and issues no code', async () => {
    const before = { ...op.stats };
    const out = await signIn(rp, 'admin', { password: 'wrong' });
    assert.equal(out.status, 200);
    assert.equal(out.location, null);
    assert.match(out.body, /Invalid login/);
    assert.match(out.body, /Sign in to the test provider/);
    assert.equal(op.stats.codeGrants, before.codeGrants);
  });

  test('RP-initiated logout redirects to the post-logout URI and ends the provider session', async () => {
    const jar = new CookieJar();
    const start = `${rp.url}/auth/start`;
    const signedIn = await signIn(rp, 'admin', { jar });
    const tokens = resultOf(rp, signedIn.location).body;

    // With the provider session alive, a second sign-in needs no password.
    const sso = await signInOverHttp({ startUrl: start, jar });
    assert.match(sso.location || '', /\/done\?result=/, sso.steps.join('\n'));

    const before = { ...op.stats };
    const end = new URL(rp.discovery.end_session_endpoint);
    end.search = new URLSearchParams({
      id_token_hint: tokens.id_token,
      post_logout_redirect_uri: `${rp.url}/logged-out`,
      state: 'bye',
    });
    const out = await signInOverHttp({ startUrl: end.href, home: rp.url, jar });
    assert.equal(out.location, `${rp.url}/logged-out?state=bye`, out.steps.join('\n'));
    assert.equal(op.stats.endSessions, before.endSessions + 1);

    const after = await signInOverHttp({ startUrl: start, jar });
    assert.equal(after.location, null);
    assert.match(after.body, /Sign in to the test provider/);
    // Without offline_access the refresh token belongs to the provider session, which is gone.
    const refused = await refresh(op, rp, tokens.refresh_token, 'nr-public');
    assert.equal(refused.body.error, 'invalid_grant');
  });

  test('the confidential client signs in with client_secret_basic; its refresh token is not rotated', async () => {
    const clientSecret = CONFIDENTIAL_SECRET;
    const confidential = await startRelyingParty(op, { clientId: 'nr-confidential', clientSecret });
    try {
      const out = await signIn(confidential, 'admin');
      const result = resultOf(confidential, out.location);
      assert.equal(result.status, 200, JSON.stringify(result.body));
      assert.equal(typeof result.body.refresh_token, 'string');
      await verifyIdToken(op, confidential, result.body.id_token, { clientId: 'nr-confidential', nonce: result.nonce });
      const { refresh_token: token } = result.body;
      const refreshed = await refresh(op, confidential, token, 'nr-confidential', clientSecret);
      assert.equal(refreshed.status, 200, JSON.stringify(refreshed.body));
      assert.equal(refreshed.body.refresh_token, token, 'the same refresh token comes back');
      assert.equal((await refresh(op, confidential, token, 'nr-confidential', clientSecret)).status, 200);
    } finally {
      await confidential.close();
    }
  });

  test('the implicit client gets an ID token in the fragment of an http loopback redirect', async () => {
    const redirectUri = `${rp.url}/implicit`;
    op.setRedirectUris('nr-implicit', [redirectUri]);
    const auth = new URL(rp.discovery.authorization_endpoint);
    auth.search = new URLSearchParams({
      client_id: 'nr-implicit',
      response_type: 'id_token',
      scope: 'openid email',
      redirect_uri: redirectUri,
      nonce: 'n-1',
      state: 's-1',
    });
    const out = await signInOverHttp({ startUrl: auth.href, home: rp.url, username: 'admin', password: 'admin-pass' });
    const fragment = new URLSearchParams(new URL(out.location).hash.slice(1));
    assert.equal(fragment.get('state'), 's-1', out.location);
    const claims = await verifyIdToken(op, rp, fragment.get('id_token'), { clientId: 'nr-implicit', nonce: 'n-1' });
    assert.equal(claims.email, 'admin@example.test');
  });

  test('setDown: 503, then dropped connections, then up again', async () => {
    op.setDown('503');
    try {
      const body = new URLSearchParams({ grant_type: 'refresh_token' });
      const token = await fetch(rp.discovery.token_endpoint, { method: 'POST', body });
      assert.equal(token.status, 503);
      assert.equal((await fetch(op.discoveryUrl)).status, 503);
      op.setDown('reset');
      await assert.rejects(fetch(rp.discovery.jwks_uri));
    } finally {
      op.setDown(false);
    }
    assert.equal((await fetch(op.discoveryUrl)).status, 200);
  });

  describe('in chromium', () => {
    let browser;
    before(async () => {
      browser = await launchBrowser();
    });
    after(async () => {
      await browser?.close();
    });

    test('the browser signs in at the provider page and reaches the RP callback', async (t) => {
      await withPage(t, async (page) => {
        await page.goto(`${rp.url}/auth/start`);
        assert.equal(new URL(page.url()).origin, op.issuer, 'landed on the provider');
        await page.getByText('Sign in to the test provider').waitFor();
        await page.fill('input[name=login]', 'admin');
        await page.fill('input[name=password]', 'admin-pass');
        await Promise.all([page.waitForURL(`${rp.url}/done?**`), page.click('button[type=submit]')]);
        assert.equal(await page.textContent('#rp'), 'RP /done');
        const result = resultOf(rp, page.url());
        assert.equal(result.status, 200, JSON.stringify(result.body));
        const { nonce } = result;
        const claims = await verifyIdToken(op, rp, result.body.id_token, { clientId: 'nr-public', nonce });
        assert.equal(claims.email, 'admin@example.test');
      });
    });
  });
});
