'use strict';
// The tests' OpenID provider: the demo's setup (scripts/demo/oidc-provider.js, one provider for both) with the
// tests' accounts and clients, on 127.0.0.2, so that to a browser it is a different site from Node-RED on
// 127.0.0.1. See the harness notes for the options and the test controls (setDown, disableAccount, stats).

const core = require('../../scripts/demo/oidc-provider');

const HOST = '127.0.0.2';

const DEFAULT_ACCOUNTS = {
  admin: {
    password: 'admin-pass',
    claims: {
      sub: 'admin',
      email: 'admin@example.test',
      email_verified: true,
      preferred_username: 'admin',
      groups: ['nodered-admins'],
    },
  },
  reader: {
    password: 'reader-pass',
    claims: {
      sub: 'reader',
      email: 'reader@example.test',
      email_verified: true,
      preferred_username: 'reader',
      groups: ['nodered-readers'],
    },
  },
};

const CONFIDENTIAL_SECRET = 'nr-confidential-secret-0123456789abcdef';

function defaultClients() {
  const uris = { redirect_uris: [core.PLACEHOLDER_URI], post_logout_redirect_uris: [core.PLACEHOLDER_URI] };
  const codeGrants = { grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'] };
  return [
    {
      client_id: 'nr-confidential',
      client_secret: CONFIDENTIAL_SECRET,
      token_endpoint_auth_method: 'client_secret_basic',
      ...codeGrants,
      ...uris,
    },
    // oidc-provider requires PKCE of every client without a secret (pkce.required default).
    { client_id: 'nr-public', token_endpoint_auth_method: 'none', ...codeGrants, ...uris },
    {
      client_id: 'nr-implicit',
      token_endpoint_auth_method: 'none',
      grant_types: ['implicit'],
      response_types: ['id_token'],
      ...uris,
    },
  ];
}

/**
 * Options as scripts/demo/oidc-provider.js takes them, all optional here: accounts default to admin / admin-pass
 * and reader / reader-pass, clients to nr-confidential, nr-public and nr-implicit, the host to 127.0.0.2.
 */
async function startOidcProvider(options = {}) {
  const op = await core.startOidcProvider({
    host: HOST,
    name: 'test provider',
    ...options,
    accounts: options.accounts || DEFAULT_ACCOUNTS,
    clients: options.clients || defaultClients(),
  });
  op.clientSecret = CONFIDENTIAL_SECRET;
  return op;
}

module.exports = { startOidcProvider, DEFAULT_ACCOUNTS, CONFIDENTIAL_SECRET, PLACEHOLDER_URI: core.PLACEHOLDER_URI, HOST };
