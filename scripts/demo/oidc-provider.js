'use strict';
// A real OpenID provider on loopback, shared by `npm start` (the demo's identity provider) and the sign-in
// tests (__test__/support/oidc-provider.js): panva's oidc-provider, a devDependency, ESM-only, so loaded with
// import(). It serves its own small login page, grants consent by itself (a first-party provider), logs out
// without a confirmation click, and, for the tests, can be switched off or made to refuse an account on demand.

const crypto = require('node:crypto');
const http = require('node:http');

const HOST = '127.0.0.1';
const MAX_FORM_BYTES = 16 * 1024;

// Clients are registered before Node-RED has its port; this address is never visited.
const PLACEHOLDER_URI = 'http://127.0.0.1:9/placeholder';

const HTML_ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (value) => String(value).replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);

// Inline, so the pages load nothing from elsewhere.
const STYLE = `body{font-family:system-ui,sans-serif;background:#f3f4f6;color:#1f2937;margin:0}
main{max-width:22rem;margin:4rem auto;background:#fff;border:1px solid #d1d5db;border-radius:8px;padding:1.5rem 2rem}
h1{font-size:1.25rem;margin:0 0 1rem}label{display:block;margin:.75rem 0;font-size:.9rem}
input{display:block;width:100%;box-sizing:border-box;padding:.45rem;margin-top:.25rem;border:1px solid #9ca3af;border-radius:4px}
button{margin-top:.75rem;padding:.5rem 1.25rem;background:#8f0000;color:#fff;border:0;border-radius:4px;font-size:1rem}
[role=alert]{color:#b91c1c}.hint{font-size:.85rem;color:#4b5563}`;

// The provider's built-in pages import Google fonts; these pages load nothing, so a browser stays on loopback.
function page(title, body, script = '') {
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>${STYLE}</style>
${script ? `<script>${script}</script>` : ''}</head>
<body><main>${body}</main></body></html>`;
}

function loginPage(texts, message, login = '') {
  return page(
    'Sign in',
    `<h1>Sign in to the ${escapeHtml(texts.name)}</h1>
${message ? `<p role="alert">${escapeHtml(message)}</p>` : ''}
<form method="post" autocomplete="off">
  <label>Login <input name="login" value="${escapeHtml(login)}" autofocus></label>
  <label>Password <input name="password" type="password"></label>
  <button type="submit">Sign in</button>
</form>
${texts.hint ? `<p class="hint">${escapeHtml(texts.hint)}</p>` : ''}`,
  );
}

// The same auto-submitting shape as oidc-provider's own form_post pages, so one HTTP client handles both.
const AUTO_SUBMIT = "document.addEventListener('DOMContentLoaded', function () { document.forms[0].submit() });";

async function logoutSource(ctx, form) {
  // The provider's form carries only the xsrf secret; logout=yes also ends the provider session (sign-out
  // everywhere), as the default page's "Yes, sign me out" button does.
  const autoForm = form.replace('</form>', '<input type="hidden" name="logout" value="yes"/></form>');
  const fallback = '<noscript><button type="submit" form="op.logoutForm">Sign out</button></noscript>';
  ctx.body = page('Signing out', autoForm + fallback, AUTO_SUBMIT);
}

async function postLogoutSuccessSource(ctx) {
  ctx.body = page('Signed out', '<h1>Signed out of the provider</h1>');
}

async function renderError(ctx, out) {
  ctx.type = 'html';
  const lines = Object.entries(out).map(([key, value]) => `<p>${escapeHtml(key)}: ${escapeHtml(value)}</p>`);
  ctx.body = page('Provider error', `<h1>Provider error</h1>${lines.join('')}`);
}

function readForm(req) {
  return new Promise((resolve, reject) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => {
      text += chunk;
      if (text.length > MAX_FORM_BYTES) req.destroy(new Error('form too large'));
    });
    req.on('end', () => resolve(new URLSearchParams(text)));
    req.on('error', reject);
  });
}

function send(res, status, html) {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
  res.end(html);
}

/**
 * Starts a provider. Options (`accounts` and `clients` are required):
 * - `accounts`: { login: { password, claims: { sub, ... } } };
 * - `clients`: array of oidc-provider client metadata;
 * - `host` (127.0.0.1) and `port` (0: a free one; read it back from `op.issuer`);
 * - `signingKey`: a private RSA KeyObject or PEM, and `keyId` ('op-key-1'): the ID token signing key
 *   (default: a fresh RSA 2048 key per start);
 * - `name` ('OpenID provider', shown as "Sign in to the <name>") and `hint` (a line under the login form);
 * - `idTokenTTL` (300), `accessTokenTTL` (600), `refreshTokenTTL` (3600): seconds;
 * - `rotateRefreshToken`: true | false | undefined (oidc-provider's default policy, see the notes).
 */
async function startOidcProvider(options = {}) {
  const { default: Provider, interactionPolicy } = await import('oidc-provider');
  const { createMemoryAdapter } = await import('oidc-provider/lib/adapters/memory_adapter.js');

  if (!options.accounts || !Array.isArray(options.clients)) throw new Error('oidc-provider: accounts and clients are required');
  const accounts = new Map(Object.entries(options.accounts));
  const loginOfSub = new Map([...accounts].map(([login, account]) => [account.claims.sub || login, login]));
  const disabled = new Set();
  const clients = new Map(options.clients.map((c) => [c.client_id, structuredClone(c)]));
  const stats = { authorizations: 0, codeGrants: 0, refreshGrants: 0, refreshRefused: 0, endSessions: 0 };
  let down = false;
  let lastAuthorizationParams = null;
  let handler = null;

  // The port is known only after listening, and the issuer must contain it: listen first, route later.
  const host = options.host || HOST;
  const texts = { name: options.name || 'OpenID provider', hint: options.hint || '' };
  const server = http.createServer((req, res) => handler(req, res));
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port || 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const issuer = `http://${host}:${server.address().port}`;

  // Clients live in this adapter, not in the static `clients` setting, because oidc-provider freezes static
  // clients; an adapter client is re-read (and re-validated when it changed) on every request.
  const memory = createMemoryAdapter();
  const clientAdapter = {
    async find(id) {
      return clients.has(id) ? structuredClone(clients.get(id)) : undefined;
    },
  };

  const privateKey = options.signingKey
    ? crypto.createPrivateKey(options.signingKey)
    : crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  if (privateKey.asymmetricKeyType !== 'rsa') throw new Error('oidc-provider: signingKey must be an RSA private key (RS256)');
  const signingKey = { ...privateKey.export({ format: 'jwk' }), kid: options.keyId || 'op-key-1', alg: 'RS256', use: 'sig' };

  // oidc-provider fails with server_error when a live session's account is gone (findAccount returns nothing);
  // asking for a login instead is what "new logins are refused" means for a disabled account.
  const policy = interactionPolicy.base();
  const { Check } = interactionPolicy;
  policy.get('login').checks.add(
    new Check('account_unavailable', 'the signed-in account is not available', (ctx) =>
      ctx.oidc.session.accountId && !ctx.oidc.account ? Check.REQUEST_PROMPT : Check.NO_NEED_TO_PROMPT,
    ),
  );

  const provider = new Provider(issuer, {
    adapter: (model) => (model === 'Client' ? clientAdapter : memory(model)),
    jwks: { keys: [signingKey] },
    cookies: { keys: [crypto.randomBytes(32).toString('hex')] },
    async findAccount(ctx, sub) {
      const login = loginOfSub.get(sub);
      if (login === undefined || disabled.has(login)) return undefined;
      const { claims } = accounts.get(login);
      return { accountId: sub, claims: async () => ({ sub, ...structuredClone(claims) }) };
    },
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['preferred_username', 'name'],
      groups: ['groups'],
    },
    // Node-RED reads the user from the ID token, so the scope's claims go there, not only to userinfo.
    conformIdTokenClaims: false,
    interactions: { policy },
    features: {
      devInteractions: { enabled: false },
      rpInitiatedLogout: { enabled: true, logoutSource, postLogoutSuccessSource },
    },
    renderError,
    // Tests need not ask for offline_access (which also needs prompt=consent): every client allowed the
    // refresh_token grant gets a refresh token with its code.
    issueRefreshToken: async (ctx, client) => client.grantTypeAllowed('refresh_token'),
    ...(options.rotateRefreshToken === undefined ? {} : { rotateRefreshToken: options.rotateRefreshToken }),
    ttl: {
      IdToken: options.idTokenTTL ?? 300,
      AccessToken: options.accessTokenTTL ?? 600,
      RefreshToken: options.refreshTokenTTL ?? 3600,
      AuthorizationCode: 60,
      Interaction: 600,
      Session: 3600,
      Grant: 3600,
    },
  });

  // oidc-provider refuses http (and localhost) redirect URIs for implicit web clients; on loopback they are
  // what the tests have. oidc-provider's own recipe (recipes/implicit_http_localhost.md) skips exactly these two.
  const { invalidate } = provider.Client.Schema.prototype;
  provider.Client.Schema.prototype.invalidate = function lenientInvalidate(message, code) {
    if (code === 'implicit-force-https' || code === 'implicit-forbid-localhost') return;
    invalidate.call(this, message, code);
  };
  // Bad client metadata fails here, at start, rather than at the first request.
  for (const metadata of clients.values()) new provider.Client(structuredClone(metadata));

  const grantType = (ctx) => ctx.oidc?.params?.grant_type;
  provider.on('grant.success', (ctx) => {
    if (grantType(ctx) === 'authorization_code') stats.codeGrants += 1;
    if (grantType(ctx) === 'refresh_token') stats.refreshGrants += 1;
  });
  provider.on('grant.error', (ctx) => {
    if (grantType(ctx) === 'refresh_token') stats.refreshRefused += 1;
  });
  provider.on('end_session.success', () => {
    stats.endSessions += 1;
  });

  async function interaction(req, res) {
    const details = await provider.interactionDetails(req, res);
    const { prompt } = details;
    if (prompt.name === 'consent') return consent(req, res, details);
    if (prompt.name !== 'login') return send(res, 400, page('Error', `<p>unsupported prompt</p>`));
    if (req.method !== 'POST') return send(res, 200, loginPage(texts, ''));

    const form = await readForm(req);
    const login = form.get('login') || '';
    const account = accounts.get(login);
    if (!account || typeof account.password !== 'string' || form.get('password') !== account.password) {
      return send(res, 200, loginPage(texts, 'Invalid login', login));
    }
    if (disabled.has(login)) return send(res, 200, loginPage(texts, 'Account disabled', login));
    const accountId = account.claims.sub || login;
    return provider.interactionFinished(req, res, { login: { accountId } }, { mergeWithLastSubmission: false });
  }

  // Grants whatever the client asked for: the test provider is first-party to every client.
  async function consent(req, res, details) {
    const { prompt, params, session } = details;
    const grant = details.grantId
      ? await provider.Grant.find(details.grantId)
      : new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
    if (prompt.details.missingOIDCScope) grant.addOIDCScope(prompt.details.missingOIDCScope.join(' '));
    if (prompt.details.missingOIDCClaims) grant.addOIDCClaims(prompt.details.missingOIDCClaims);
    for (const [indicator, scopes] of Object.entries(prompt.details.missingResourceScopes || {})) {
      grant.addResourceScope(indicator, scopes.join(' '));
    }
    const grantId = await grant.save();
    const result = { consent: details.grantId ? {} : { grantId } };
    return provider.interactionFinished(req, res, result, { mergeWithLastSubmission: true });
  }

  const callback = provider.callback();
  const authorizationPath = new URL(provider.urlFor('authorization')).pathname;
  handler = (req, res) => {
    if (down === 'reset') return req.socket.destroy();
    if (down) return send(res, 503, page('Unavailable', '<h1>Service Unavailable</h1>'));
    const url = new URL(req.url, issuer);
    if (url.pathname === authorizationPath) {
      stats.authorizations += 1;
      if (req.method === 'GET') lastAuthorizationParams = Object.fromEntries(url.searchParams);
    }
    if (/^\/interaction\/[^/]+$/.test(url.pathname)) {
      return interaction(req, res).catch((err) => {
        // The message is the provider's own (e.g. "interaction session not found"), never request data.
        if (!res.headersSent) send(res, 400, page('Error', `<p>${escapeHtml(err.message || 'error')}</p>`));
        else res.destroy();
      });
    }
    return callback(req, res);
  };

  const op = {
    issuer,
    port: server.address().port,
    provider,
    stats,
    get discoveryUrl() {
      return `${issuer}/.well-known/openid-configuration`;
    },
    get lastAuthorizationParams() {
      return lastAuthorizationParams;
    },
    // The rest are the tests' controls.
    /** Changes a client's metadata; valid from the next request. Throws on metadata oidc-provider refuses. */
    updateClient(clientId, patch) {
      const current = clients.get(clientId);
      if (!current) throw new Error(`oidc-provider harness: no client ${clientId}`);
      const next = { ...current, ...structuredClone(patch), client_id: clientId };
      new provider.Client(structuredClone(next));
      clients.set(clientId, next);
    },
    setRedirectUris(clientId, redirectUris, postLogoutRedirectUris = []) {
      op.updateClient(clientId, {
        redirect_uris: [].concat(redirectUris),
        post_logout_redirect_uris: [].concat(postLogoutRedirectUris),
      });
    },
    disableAccount(login) {
      if (!accounts.has(login)) throw new Error(`oidc-provider harness: no account ${login}`);
      disabled.add(login);
    },
    enableAccount(login) {
      disabled.delete(login);
    },
    /** false: up; '503' (or true): every request answers 503; 'reset': every connection is dropped. */
    setDown(mode) {
      if (![false, true, '503', 'reset', undefined, null].includes(mode)) throw new Error(`setDown: bad mode ${mode}`);
      down = mode === 'reset' ? 'reset' : Boolean(mode);
    },
    async close() {
      if (!server.listening) return;
      const closed = new Promise((resolve) => server.close(resolve));
      server.closeAllConnections();
      await closed;
    },
  };
  return op;
}

module.exports = { startOidcProvider, PLACEHOLDER_URI, HOST };
