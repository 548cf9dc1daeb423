'use strict';
// fast-check arbitraries for what can reach us in a request: header, cookie, query and body values as Node,
// Express (extended query parser, JSON body parser) and cookie parsers produce them, plus the hostile cases
// (objects where a string is expected, arrays, prototype names, huge and odd strings, null prototypes).

const fc = require('fast-check');

const PROTO_NAMES = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__', 'then'];

const b64seg = fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.split('')), maxLength: 60 });

/** Strings: ordinary, any code point (lone surrogates and controls included), token-like, huge. */
const oddString = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 3, arbitrary: fc.tuple(b64seg, b64seg, b64seg).map((parts) => parts.join('.')) },
  { weight: 1, arbitrary: fc.constantFrom(...PROTO_NAMES, '', ' ', 'Bearer', 'Bearer ', 'bearer x y', '\u0000', '%', '%E0%A4%A', '=;,', 'null', 'undefined') },
  { weight: 1, arbitrary: fc.tuple(fc.integer({ min: 1, max: 200_000 }), fc.constantFrom('a', '.', ' ', '\u00e9', 'eyJ')).map(([n, c]) => c.repeat(n)) },
);

/** An object whose conversion to a primitive throws, like `?access_token[toString]=x` makes. */
const primitiveTrap = fc.oneof(
  fc.constant({ toString: 'x' }),
  fc.constant({ toString: 'x', valueOf: 'y' }),
  fc.constant(Object.create(null)),
  oddString.map((s) => ({ [s]: s })),
);

/** Any value a parser can produce where a token string is expected. */
const oddValue = fc.oneof(
  { weight: 6, arbitrary: oddString },
  { weight: 2, arbitrary: primitiveTrap },
  { weight: 2, arbitrary: fc.array(oddString, { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.json({ maxDepth: 3 }).map((text) => JSON.parse(text)) },
  { weight: 1, arbitrary: fc.anything({ maxDepth: 2, withNullPrototype: true, withBoxedValues: true }) },
  { weight: 1, arbitrary: fc.constantFrom(undefined, null, 0, 1, true, false, NaN) },
);

const nameArb = fc.oneof(fc.constantFrom(...PROTO_NAMES, 'token', 'access_token', 'auth_token', 'state', 'nr_jwt'), fc.string({ maxLength: 12 }));

/** A container (query object, body, cookie jar) keyed by interesting names; sometimes null-prototype. */
function containerOf(valueArb) {
  return fc.tuple(fc.dictionary(nameArb, valueArb, { maxKeys: 5 }), fc.boolean()).map(([entries, bare]) => {
    const out = bare ? Object.create(null) : {};
    // defineProperty: an own "__proto__" key, as JSON.parse and qs give, not a prototype change.
    for (const [k, v] of Object.entries(entries)) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
    return out;
  });
}

const cookieHeader = fc.oneof(
  oddString,
  fc.array(fc.tuple(nameArb, oddString).map(([k, v]) => `${k}=${v}`), { maxLength: 4 }).map((pairs) => pairs.join('; ')),
);

const authorization = fc.oneof(
  oddString,
  fc.tuple(fc.constantFrom('Bearer', 'bearer', 'JWT', 'Basic', ''), fc.constantFrom(' ', '  ', '\t', '\n'), oddString).map((p) => p.join('')),
);

/** Incoming headers: lowercase names as Node gives them, string values, sometimes an array or odd value. */
const headers = fc
  .record(
    {
      authorization: fc.oneof({ weight: 4, arbitrary: authorization }, { weight: 1, arbitrary: oddValue }),
      cookie: fc.oneof({ weight: 4, arbitrary: cookieHeader }, { weight: 1, arbitrary: oddValue }),
      'x-token': oddValue,
      extra: fc.dictionary(nameArb, oddValue, { maxKeys: 3 }),
    },
    { requiredKeys: [] },
  )
  .map(({ extra, ...known }) => {
    const out = {};
    for (const [k, v] of Object.entries(extra || {})) Object.defineProperty(out, k.toLowerCase(), { value: v, enumerable: true, writable: true, configurable: true });
    return Object.assign(out, known);
  });

const pathArb = fc.oneof(
  fc.constantFrom('/', '/auth/strategy', '/auth/strategy/callback', '/settings'),
  fc.string({ maxLength: 30 }).map((s) => `/${s}`),
);
const queryString = fc.array(fc.tuple(fc.oneof(nameArb, fc.constantFrom('token[toString]', 'access_token[]', 'a[b][c]')), oddString), { maxLength: 4 })
  .map((pairs) => pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&'));
/** request.url: a path and query, sometimes raw odd text (an absolute URL, `//host`, backslashes, spaces). */
const url = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(pathArb, queryString).map(([p, q]) => (q ? `${p}?${q}` : p)) },
  { weight: 1, arbitrary: oddString.map((s) => `/${s}`) },
  { weight: 1, arbitrary: fc.constantFrom('//evil.test/?token=x', '/\\evil?token=x', 'http://a:b@c/?token=x', '/a b?token=x#y', '/?token=%ZZ', '/?token=x&token=y', 'http://[::1/?token=x', 'http://h:99999/?token=x') },
);

/** A whole request as the strategies and extractors see it. */
const request = fc.record(
  {
    headers,
    url,
    query: containerOf(oddValue),
    body: fc.oneof(containerOf(oddValue), oddValue),
    cookies: containerOf(oddValue),
    session: fc.oneof(fc.constant({}), containerOf(oddValue), fc.constant(undefined)),
  },
  { requiredKeys: ['headers', 'url'] },
);

module.exports = { oddString, oddValue, primitiveTrap, request, headers, url, PROTO_NAMES };
