'use strict';
// ExtractJwt and auth_header: passport-jwt 4.0.1's exact parsing, plus fromCookie.

const { describe, test } = require('node:test');
const assert = require('node:assert/strict');
const url = require('node:url');
const querystring = require('node:querystring');
const ExtractJwt = require('../lib/passport/extract-jwt');
const authHeader = require('../lib/passport/auth-header');

function request(fields = {}) {
  return { method: 'GET', url: '/', headers: {}, ...fields };
}

describe('module surface', () => {
  test('exports the seven passport-jwt extractors plus fromCookie, and nothing else', () => {
    assert.deepEqual(Object.keys(ExtractJwt).sort(), [
      'fromAuthHeaderAsBearerToken',
      'fromAuthHeaderWithScheme',
      'fromBodyField',
      'fromCookie',
      'fromExtractors',
      'fromHeader',
      'fromUrlQueryParameter',
      'versionOneCompatibility',
    ]);
    for (const name of Object.keys(ExtractJwt)) assert.equal(typeof ExtractJwt[name], 'function', name);
  });
});

describe('auth_header.parse', () => {
  const cases = [
    ['Bearer abc', { scheme: 'Bearer', value: 'abc' }],
    ['SCHEME\nVALUE', { scheme: 'SCHEME', value: 'VALUE' }],
    ['SCHEME\r\nVALUE', { scheme: 'SCHEME', value: 'VALUE' }],
    ['Bearer\tabc', { scheme: 'Bearer', value: 'abc' }],
    ['Bearer     abc', { scheme: 'Bearer', value: 'abc' }],
    ['   Bearer abc', { scheme: 'Bearer', value: 'abc' }],
    ['Bearer abc def', { scheme: 'Bearer', value: 'abc' }],
    ['x Bearer abc', { scheme: 'x', value: 'Bearer' }],
    ['Bearer', null],
    ['Bearer ', null],
    ['bearer=abc', null],
    ['', null],
  ];
  for (const [input, expected] of cases) {
    test(`${JSON.stringify(input)}`, () => {
      assert.deepEqual(authHeader.parse(input), expected);
    });
  }
  test('a non-string gives null', () => {
    for (const value of [undefined, null, 42, {}, ['Bearer abc'], Buffer.from('Bearer abc')]) {
      assert.equal(authHeader.parse(value), null);
    }
  });
});

describe('fromHeader', () => {
  const extract = ExtractJwt.fromHeader('x-token');
  test('returns the header value', () => {
    assert.equal(extract(request({ headers: { 'x-token': 'abc' } })), 'abc');
  });
  test('is an exact, case-sensitive key lookup (Node lowercases real header names)', () => {
    assert.equal(ExtractJwt.fromHeader('X-Token')(request({ headers: { 'x-token': 'abc' } })), null);
  });
  test('a missing or empty header gives null', () => {
    assert.equal(extract(request()), null);
    assert.equal(extract(request({ headers: { 'x-token': '' } })), null);
  });
  test('an array value is returned as it is', () => {
    const value = ['a', 'b'];
    assert.equal(extract(request({ headers: { 'x-token': value } })), value);
  });
  test('throws when the request has no headers object', () => {
    assert.throws(() => extract({}), TypeError);
  });
});

describe('fromBodyField', () => {
  const extract = ExtractJwt.fromBodyField('token');
  test('returns an own body field, without a type check', () => {
    assert.equal(extract(request({ body: { token: 'abc' } })), 'abc');
    assert.equal(extract(request({ body: { token: 42 } })), 42);
  });
  test('works with null-prototype objects from querystring.parse', () => {
    assert.equal(extract(request({ body: querystring.parse('token=abc') })), 'abc');
  });
  test('no body, a string body or a missing field gives null', () => {
    assert.equal(extract(request()), null);
    assert.equal(extract(request({ body: null })), null);
    assert.equal(extract(request({ body: 'token=abc' })), null);
    assert.equal(extract(request({ body: {} })), null);
  });
  test('ignores inherited names', () => {
    assert.equal(ExtractJwt.fromBodyField('toString')(request({ body: {} })), null);
    assert.equal(extract(request({ body: Object.create({ token: 'inherited' }) })), null);
  });
  test('returns a present falsy value as it is (the strategy treats it as no token)', () => {
    assert.equal(extract(request({ body: { token: '' } })), '');
  });
});

describe('fromUrlQueryParameter', () => {
  const extract = ExtractJwt.fromUrlQueryParameter('token');
  test('percent-decodes and turns + into a space', () => {
    assert.equal(extract(request({ url: '/cb?x=1&token=a%2Eb+c%20d' })), 'a.b c d');
  });
  test('a repeated parameter gives an array', () => {
    assert.deepEqual(extract(request({ url: '/cb?token=a&token=b' })), ['a', 'b']);
  });
  test('an empty value is returned as an empty string', () => {
    assert.equal(extract(request({ url: '/cb?token=' })), '');
  });
  test('a missing parameter, no query, or a # before the ? gives null', () => {
    assert.equal(extract(request({ url: '/cb?other=1' })), null);
    assert.equal(extract(request({ url: '/cb' })), null);
    assert.equal(extract(request({ url: '/cb#x?token=abc' })), null);
  });
  test('the query ends at the first #', () => {
    assert.equal(extract(request({ url: '/cb?token=abc#frag?token=zzz' })), 'abc');
  });
  test('absolute URLs and url.Url instances work as with url.parse', () => {
    assert.equal(extract(request({ url: 'http://127.0.0.1:1880/cb?token=abc' })), 'abc');
    assert.equal(extract(request({ url: url.parse('/cb?token=abc', true) })), 'abc');
    assert.equal(extract(request({ url: new url.Url() })), null);
  });
  test('a request line url.parse refuses has no token (passport-jwt throws ERR_INVALID_URL there)', () => {
    for (const u of ['http://[::1/?token=x', 'https://[::1/?token=x']) assert.equal(extract({ headers: {}, url: u }), null, u);
  });

  test('an undefined url throws ERR_INVALID_ARG_TYPE, as url.parse does', () => {
    assert.throws(() => extract({ headers: {} }), { code: 'ERR_INVALID_ARG_TYPE' });
  });
  test('__proto__ is an ordinary parameter name', () => {
    assert.equal(ExtractJwt.fromUrlQueryParameter('__proto__')(request({ url: '/?__proto__=abc' })), 'abc');
    assert.equal(ExtractJwt.fromUrlQueryParameter('toString')(request({ url: '/?a=1' })), null);
  });

  test('same result as url.parse(url, true).query over a generated corpus', () => {
    // Characters that matter to url.parse or querystring: separators, escapes (valid, invalid, UTF-8),
    // whitespace url.parse trims, characters it auto-escapes, backslashes, @ and : (host parsing).
    const pieces = ['/', '/', '?', '?', '#', '&', '&', '=', '=', '%', '%2', '%41', '%E9', '%zz', '+', ' ', '\t',
      '\n', '\r', '\x00', '\x0b', '\u00a0', '\ufeff', 'a', 't', 'token', 'x', 'é', '\\', '@', ':', '"', "'", '<',
      '>', '^', '`', '{', '|', '}', '[', ']', ';', '__proto__', '0', '%3D', '%26', '%2B', '%C3%A9', '\ud800', '\udc00', '\ud83d\ude00',
      '%F0%9F%98%80', 'http:', '//'];
    const names = ['token', 't', 'x', 'a', '__proto__', '0', 'hasOwnProperty', 't x', 'é', '', '=', '&'];
    const extractors = names.map((name) => [name, ExtractJwt.fromUrlQueryParameter(name)]);
    let seed = 20261128;
    const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8;
    const noise = (max) => {
      let text = '';
      for (let j = next() % (max + 1); j > 0; j--) text += pieces[next() % pieces.length];
      return text;
    };
    // Half the URLs are well-formed queries with names that the extractors look for, half are noise.
    const generate = () => {
      if (next() % 2 === 0) return (next() % 10 < 8 ? '/' : '') + noise(13);
      const pairs = [];
      for (let k = 1 + (next() % 4); k > 0; k--) pairs.push(`${names[next() % names.length]}=${noise(4)}`);
      const hash = next() % 4 === 0 ? `#${noise(3)}` : '';
      const trailing = next() % 4 === 0 ? [' ', '\t', '\u00a0', '\ufeff', '\r\n'][next() % 5] : '';
      return `/${noise(2)}?${pairs.join(next() % 5 === 0 ? ';' : '&')}${hash}${trailing}`;
    };
    const ROUNDS = 8000;
    let compared = 0;
    let withValue = 0;
    for (let i = 0; i < ROUNDS; i++) {
      const text = generate();
      for (const [name, extract] of extractors) {
        let expected;
        let got;
        try {
          const query = url.parse(text, true).query;
          expected = { value: query && Object.prototype.hasOwnProperty.call(query, name) ? query[name] : null };
        } catch (err) {
          // The one deliberate difference: a URL url.parse calls invalid has no token, rather than a throw.
          expected = err.code === 'ERR_INVALID_URL' ? { value: null } : { thrown: err.code || err.name };
        }
        try {
          got = { value: extract(request({ url: text })) };
        } catch (err) {
          got = { thrown: err.code || err.name };
        }
        assert.deepEqual(got, expected, `url ${JSON.stringify(text)}, parameter ${JSON.stringify(name)}`);
        compared++;
        if (got.value !== null && got.value !== undefined) withValue++;
      }
    }
    assert.equal(compared, ROUNDS * names.length);
    assert.ok(withValue > ROUNDS / 2, `the corpus must exercise found parameters (found ${withValue})`);
  });
});

describe('fromAuthHeaderWithScheme', () => {
  const extract = ExtractJwt.fromAuthHeaderWithScheme('TEST_SCHEME');
  test('returns the value for the scheme, compared case-insensitively', () => {
    assert.equal(extract(request({ headers: { authorization: 'TEST_SCHEME abc' } })), 'abc');
    assert.equal(extract(request({ headers: { authorization: 'test_scheme abc' } })), 'abc');
    assert.equal(extract(request({ headers: { authorization: 'Test_Scheme\tabc trailing' } })), 'abc');
  });
  test('another scheme, no header or a malformed one gives null', () => {
    assert.equal(extract(request({ headers: { authorization: 'NOT_TEST_SCHEME abc' } })), null);
    assert.equal(extract(request()), null);
    assert.equal(extract(request({ headers: { authorization: 'TEST_SCHEME' } })), null);
    assert.equal(extract(request({ headers: { authorization: '' } })), null);
  });
  test('reads only the lowercase authorization key', () => {
    assert.equal(extract(request({ headers: { Authorization: 'TEST_SCHEME abc' } })), null);
  });
  test('a non-string header value gives null', () => {
    assert.equal(extract(request({ headers: { authorization: ['TEST_SCHEME abc'] } })), null);
  });
  test('a non-string scheme throws a TypeError when the extractor is made', () => {
    assert.throws(() => ExtractJwt.fromAuthHeaderWithScheme(undefined), TypeError);
    assert.throws(() => ExtractJwt.fromAuthHeaderWithScheme(42), TypeError);
  });
});

describe('fromAuthHeaderAsBearerToken', () => {
  const extract = ExtractJwt.fromAuthHeaderAsBearerToken();
  test('accepts Bearer in any case', () => {
    for (const scheme of ['Bearer', 'bearer', 'BEARER']) {
      assert.equal(extract(request({ headers: { authorization: `${scheme} abc` } })), 'abc');
    }
  });
  test('refuses other schemes', () => {
    assert.equal(extract(request({ headers: { authorization: 'JWT abc' } })), null);
    assert.equal(extract(request({ headers: { authorization: 'Basic dXNlcjpwYXNz' } })), null);
  });
});

describe('fromExtractors', () => {
  test('throws the passport-jwt TypeError for a non-array', () => {
    assert.throws(() => ExtractJwt.fromExtractors({}), {
      name: 'TypeError',
      message: 'extractors.fromExtractors expects an array',
    });
  });
  test('returns the first truthy result, in order, and stops there', () => {
    const calls = [];
    const make = (name, value) => (req) => {
      calls.push(name);
      return value;
    };
    const extract = ExtractJwt.fromExtractors([make('a', null), make('b', 'tok-b'), make('c', 'tok-c')]);
    assert.equal(extract(request()), 'tok-b');
    assert.deepEqual(calls, ['a', 'b']);
  });
  test('forwards `this` to each extractor', () => {
    const self = { name: 'jwt' };
    let seen;
    const extract = ExtractJwt.fromExtractors([
      function () {
        seen = this;
        return 'x';
      },
    ]);
    assert.equal(extract.call(self, request()), 'x');
    assert.equal(seen, self);
  });
  test('an empty list gives null; otherwise the last falsy result is returned as it is', () => {
    assert.equal(ExtractJwt.fromExtractors([])(request()), null);
    assert.equal(ExtractJwt.fromExtractors([() => null, () => undefined])(request()), undefined);
  });
  test('the upstream pairing: Bearer first, then the raw header', () => {
    const extract = ExtractJwt.fromExtractors([
      ExtractJwt.fromAuthHeaderAsBearerToken(),
      ExtractJwt.fromHeader('authorization'),
    ]);
    assert.equal(extract(request({ headers: { authorization: 'bearer abc' } })), 'abc');
    assert.equal(extract(request({ headers: { authorization: 'abc' } })), 'abc');
    assert.equal(extract(request()), null);
  });
});

describe('versionOneCompatibility', () => {
  const extract = ExtractJwt.versionOneCompatibility({});
  test('defaults: JWT scheme, auth_token body field, auth_token query parameter', () => {
    assert.equal(extract(request({ headers: { authorization: 'JWT h' } })), 'h');
    assert.equal(extract(request({ body: { auth_token: 'b' } })), 'b');
    assert.equal(extract(request({ url: '/?auth_token=q' })), 'q');
    assert.equal(extract(request({ headers: { authorization: 'Bearer h' } })), null);
  });
  test('order: header, then body, then query', () => {
    const all = { headers: { authorization: 'jwt h' }, body: { auth_token: 'b' }, url: '/?auth_token=q' };
    assert.equal(extract(request(all)), 'h');
    assert.equal(extract(request({ ...all, headers: {} })), 'b');
    assert.equal(extract(request({ ...all, headers: {}, body: {} })), 'q');
  });
  test('user-supplied names', () => {
    const custom = ExtractJwt.versionOneCompatibility({
      authScheme: 'MY_SCHEME',
      tokenBodyField: 'BODY_FIELD',
      tokenQueryParameterName: 'QueryParam',
    });
    assert.equal(custom(request({ headers: { authorization: 'my_scheme h' } })), 'h');
    assert.equal(custom(request({ body: { BODY_FIELD: 'b' } })), 'b');
    assert.equal(custom(request({ url: '/?QueryParam=q' })), 'q');
    assert.equal(custom(request({ url: '/?auth_token=q' })), null);
  });
  test('options are required', () => {
    assert.throws(() => ExtractJwt.versionOneCompatibility(), TypeError);
  });
});

describe('fromCookie', () => {
  const extract = ExtractJwt.fromCookie('jwt');
  test('parses the Cookie header, decoding the value', () => {
    assert.equal(extract(request({ headers: { cookie: 'a=1; jwt=x%2Ey.z; b=2' } })), 'x.y.z');
    // cookie 1.x keeps double quotes, as Express 5's req.cookies does.
    assert.equal(extract(request({ headers: { cookie: 'jwt="quoted"' } })), '"quoted"');
  });
  test('the first cookie of a name wins, as in Express', () => {
    assert.equal(extract(request({ headers: { cookie: 'jwt=first; jwt=second' } })), 'first');
  });
  test('uses req.cookies first when it holds the cookie', () => {
    assert.equal(extract(request({ cookies: { jwt: 'from-parser' }, headers: { cookie: 'jwt=from-header' } })), 'from-parser');
    assert.equal(extract(request({ cookies: {}, headers: { cookie: 'jwt=from-header' } })), 'from-header');
  });
  test('no header, no such cookie, a prefix match or an empty value gives null', () => {
    assert.equal(extract(request()), null);
    assert.equal(extract(request({ headers: { cookie: 'other=1' } })), null);
    assert.equal(extract(request({ headers: { cookie: 'jwtx=1; xjwt=2' } })), null);
    assert.equal(extract(request({ headers: { cookie: 'jwt=' } })), null);
  });
  test('inherited and prototype names are not cookies', () => {
    assert.equal(ExtractJwt.fromCookie('toString')(request({ headers: { cookie: 'a=1; toStringx=2' } })), null);
    assert.equal(ExtractJwt.fromCookie('__proto__')(request({ headers: { cookie: '__proto__=abc' } })), 'abc');
  });
  test('a missing or empty cookie name is a TypeError when the extractor is made', () => {
    assert.throws(() => ExtractJwt.fromCookie(), TypeError);
    assert.throws(() => ExtractJwt.fromCookie(''), TypeError);
  });
});
