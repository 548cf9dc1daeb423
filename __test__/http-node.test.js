'use strict';
// httpNode in real Node-RED 3.1, 4.1 and 5.0 as `httpNodeMiddleware`: a deployed HTTP-in -> function ->
// HTTP-response flow that echoes msg.req.user, called with good, missing, forged, expired and foreign tokens,
// a token without the rule's role, an open path, a key server that is down, and hostile request shapes.

const { describe, it, before, after } = require('node:test');
const assert = require('node:assert/strict');
const net = require('net');
const { startJwksServer } = require('./support/jwks-server');
const { startFlowsNodeRed } = require('./support/flows-node-red');
const { request, bearer } = require('./support/node-red-client');
const { MESSAGES } = require('../lib/node-red/messages');

const AUDIENCE = 'node-red-flows';
const DEAD_JWKS = 'http://127.0.0.1:1/jwks';

function challengeOf(res) {
  return res.headers['www-authenticate'];
}

function assert401(res, description, tokenSent = true) {
  assert.equal(res.status, 401, res.text);
  const expected = tokenSent
    ? `Bearer realm="node-red", error="invalid_token", error_description="${description}"`
    : 'Bearer realm="node-red"';
  assert.equal(challengeOf(res), expected);
  assert.deepEqual(res.json(), { error: tokenSent ? 'invalid_token' : 'unauthorized', error_description: description });
}

/** Raw bytes to Node-RED, for header shapes an HTTP client library will not send. */
function rawRequest(nr, text) {
  return new Promise((resolve) => {
    const socket = net.connect(nr.port, '127.0.0.1', () => socket.write(text));
    let answer = '';
    socket.on('data', (chunk) => {
      answer += chunk.toString();
    });
    socket.on('close', () => resolve(answer));
    socket.on('error', () => resolve(answer));
    socket.setTimeout(10000, () => socket.destroy());
  });
}

for (const version of [3, 4, 5]) {
  describe(`httpNode as httpNodeMiddleware in Node-RED ${version === 3 ? '3.1' : version === 4 ? '4.1' : '5.0'}`, () => {
    let jwks;
    let nr;
    const now = () => Math.floor(Date.now() / 1000);
    const token = (claims = {}, header) => jwks.key('key-1').sign({
      sub: 'alice', iss: jwks.issuer, aud: AUDIENCE, exp: now() + 300, groups: ['nodered-dashboard'], ...claims,
    }, header);

    before(async () => {
      jwks = await startJwksServer();
      nr = await startFlowsNodeRed({ version, jwks, audience: AUDIENCE, deadJwksUri: DEAD_JWKS });
    });
    after(async () => {
      if (nr) await nr.dispose();
      if (jwks) await jwks.stop();
    });

    it('a good token: 200, and msg.req.user holds {username, claims}, frozen, without the token', async () => {
      const res = await request(nr, '/hello', { headers: bearer(token()) });
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(res.json(), { username: 'alice', keys: ['claims', 'username'], groups: ['nodered-dashboard'], holdsToken: false, frozen: true });
    });

    it('the example flow (examples/http-node/flows.json) greets the caller from msg.req.user', async () => {
      const res = await request(nr, '/whoami', { headers: bearer(token({ sub: 'erin', groups: ['admins'] })) });
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(res.json(), { hello: 'erin', groups: ['admins'], admin: true });
      assert.equal((await request(nr, '/whoami')).status, 401);
    });

    it('the editor (adminAuth) and the flows share one fetched key set', async () => {
      const admin = await request(nr, '/settings', { headers: bearer(token()) });
      assert.equal(admin.status, 200);
      assert.equal((await request(nr, '/hello', { headers: bearer(token({ sub: 'bob' })) })).json().username, 'bob');
      assert.equal(jwks.fetches(), 1);
    });

    it('no token, a forged signature, expired, the wrong audience: 401 with WWW-Authenticate', async () => {
      assert401(await request(nr, '/hello'), MESSAGES.noToken, false);
      // Without a configured provider (clientId) a browser's page visit gets the same 401, not a redirect.
      assert401(await request(nr, '/hello', { headers: { accept: 'text/html,application/xhtml+xml' } }), MESSAGES.noToken, false);
      const [h, p] = token().split('.');
      assert401(await request(nr, '/hello', { headers: bearer(`${h}.${p}.${'A'.repeat(342)}`) }), MESSAGES.invalid);
      assert401(await request(nr, '/hello', { headers: bearer(token({ exp: now() - 60 })) }), MESSAGES.expired);
      assert401(await request(nr, '/hello', { headers: bearer(token({ aud: 'another-app' })) }), MESSAGES.rejected);
      assert401(await request(nr, '/hello', { headers: { authorization: 'Basic YWxpY2U6cGFzcw==' } }), MESSAGES.invalid);
    });

    it('the token cookie works like the header', async () => {
      const res = await request(nr, '/hello', { cookie: `other=1; nr_jwt=${token({ sub: 'carol' })}` });
      assert.equal(res.status, 200, res.text);
      assert.equal(res.json().username, 'carol');
    });

    it('a valid token without the rule\'s role: 403 insufficient_scope; with it: 200; any spelling of the path', async () => {
      const without = token({ sub: 'dave', groups: ['nodered-readers'] });
      for (const path of ['/dashboard-data', '/DASHBOARD-data', '/dashboard-data/', '/dashboard%2Ddata']) {
        const res = await request(nr, path, { headers: bearer(without) });
        if (res.status === 404) continue; // a spelling Express does not route to the flow is no way in either
        assert.equal(res.status, 403, `${path}: ${res.text}`);
        assert.equal(challengeOf(res), 'Bearer realm="node-red", error="insufficient_scope", error_description="Token lacks a role this path requires"');
      }
      assert.equal((await request(nr, '/DASHBOARD-data', { headers: bearer(without) })).status, 403);
      const ok = await request(nr, '/dashboard-data', { headers: bearer(token()) });
      assert.equal(ok.status, 200);
      assert.equal(ok.json().username, 'alice');
    });

    it('an open path answers without a token, and still names a caller who sends a good one', async () => {
      const anonymous = await request(nr, '/health');
      assert.equal(anonymous.status, 200);
      assert.deepEqual(anonymous.json(), { username: null });
      assert.equal((await request(nr, '/health', { headers: bearer(token()) })).json().username, 'alice');
      assert.deepEqual((await request(nr, '/health', { headers: bearer('junk') })).json(), { username: null });
    });

    it('the key server down: 503 with Retry-After, not the caller\'s fault', async () => {
      const res = await request(nr, '/down/hello', { headers: bearer(token()) });
      assert.equal(res.status, 503, res.text);
      assert.equal(res.headers['retry-after'], '30');
      assert.deepEqual(res.json(), { error: 'temporarily_unavailable', error_description: MESSAGES.keyUnavailable });
    });

    it('hostile shapes never crash Node-RED and never let anyone in', async () => {
      const good = token();
      const answers = [
        await request(nr, '/hello?access_token[toString]=x'),
        await request(nr, '/hello?access_token[]=a&access_token[]=b'),
        await request(nr, '/echo', { json: { access_token: { toString: 'x' }, __proto__: { admin: true } } }),
        await request(nr, '/echo', { json: [[[['deep']]]] }),
        await request(nr, '/hello', { headers: bearer('x'.repeat(15000)) }),
        await request(nr, '/hello', { headers: { authorization: 'Bearer' } }),
        await request(nr, '/hello', { cookie: 'nr_jwt="unterminated; =; ;;a=%E0%A4%A; __proto__=x; constructor=y' }),
        await request(nr, '/hello', { cookie: `nr_jwt=${encodeURIComponent('<script>alert(1)</script>')}` }),
        await request(nr, '/hello', { cookie: 'nr_jwt=%' }),
      ];
      for (const res of answers) {
        assert.ok([400, 401, 431].includes(res.status), `${res.status}: ${res.text}`);
        assert.equal(res.text.includes('<script>'), false);
      }
      // Header shapes no client library sends: the header twice, a header far past Node's limit.
      const twice = await rawRequest(nr, `GET /hello HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer junk\r\nAuthorization: Bearer ${good}\r\nConnection: close\r\n\r\n`);
      assert.match(twice, /^HTTP\/1\.1 401 /);
      const cookies = await rawRequest(nr, `GET /hello HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: nr_jwt=a\r\nCookie: nr_jwt=${good}\r\nConnection: close\r\n\r\n`);
      assert.match(cookies, /^HTTP\/1\.1 401 /);
      const huge = await rawRequest(nr, `GET /hello HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Pad: ${'p'.repeat(70000)}\r\nConnection: close\r\n\r\n`);
      assert.match(huge, /^HTTP\/1\.1 431 /);
      assert.equal(nr.alive, true);
      assert.equal((await request(nr, '/hello', { headers: bearer(good) })).status, 200);
      // The header is split as passport-jwt splits it (the editor's API does the same): what follows the token is ignored.
      assert.equal((await request(nr, '/hello', { headers: { authorization: `Bearer ${good} trailing` } })).status, 200);
    });
  });
}
