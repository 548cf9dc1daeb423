// Compiled by __test__/types.test.js with `tsc --noEmit --strict`: every export used as a TypeScript user would.
import nodeRedAuthJwt = require('../..');
import { generateKeyPairSync } from 'crypto';

const { Strategy, ExtractJwt, verify, jwks, presets } = nodeRedAuthJwt;

const extractor: nodeRedAuthJwt.JwtFromRequestFunction = ExtractJwt.fromExtractors([
  ExtractJwt.fromUrlQueryParameter('token'),
  ExtractJwt.fromBodyField('token'),
  ExtractJwt.fromCookie('jwt'),
  ExtractJwt.fromHeader('x-token'),
  ExtractJwt.fromAuthHeaderWithScheme('jwt'),
  ExtractJwt.fromAuthHeaderAsBearerToken(),
  ExtractJwt.versionOneCompatibility({ authScheme: 'JWT' }),
]);

const strategy = new Strategy(
  { secretOrKey: 'a-secret', jwtFromRequest: extractor, issuer: 'me', audience: [/node-red/, 'x'], algorithms: ['HS256'] },
  (payload: any, done: nodeRedAuthJwt.VerifiedCallback) => done(null, payload),
);
const withReq = new Strategy(
  { secretOrKeyProvider: jwks({ jwksUri: 'https://idp.example/certs' }), jwtFromRequest: extractor, passReqToCallback: true },
  (req: any, payload: any, done: nodeRedAuthJwt.VerifiedCallback) => done(null, { req, payload }),
);
const asyncVerify = new Strategy(
  { secretOrKey: Buffer.from('a-secret'), jwtFromRequest: extractor },
  async (payload: any) => (payload.sub ? { id: payload.sub } : false),
);
const name: string = strategy.name + withReq.name + asyncVerify.name;
Strategy.JwtVerifier = (token, key, options, cb) => cb(null, { sub: token });

const { publicKey } = generateKeyPairSync('ed25519');
const payload = verify('a.b.c', publicKey, { maxAge: '1d', clockTolerance: 5 });
verify('a.b.c', 'secret', { complete: true }, (err, decoded) => {
  if (err instanceof nodeRedAuthJwt.TokenExpiredError) console.log(err.expiredAt.getTime(), err.code);
  if (err instanceof nodeRedAuthJwt.NotBeforeError) console.log(err.date);
  console.log(decoded);
});
const e: nodeRedAuthJwt.JsonWebTokenError = new nodeRedAuthJwt.JsonWebTokenError('x');
// `code` is a union of the catalogue's codes: a typo in a comparison does not compile.
const code: nodeRedAuthJwt.ErrorCode | undefined = e.code;
if (code === 'ERR_JWKS_NO_MATCHING_KEY') console.log(nodeRedAuthJwt.errorCodes[code].message);
const expiredCode: 'ERR_JWT_EXPIRED' = nodeRedAuthJwt.errorCodes.ERR_JWT_EXPIRED.code;
console.log(expiredCode, nodeRedAuthJwt.errorCodes.ERR_JWT_EXPIRED.class);

const adminAuth: nodeRedAuthJwt.AdminAuth = nodeRedAuthJwt({
  publicKey: publicKey,
  issuer: 'https://idp.example',
  audience: 'node-red',
  users: [{ username: 'alice', permissions: '*' }],
  permissionsClaim: 'roles',
  roles: { admin: '*' },
  loginURL: 'https://idp.example/auth?redirect_uri={redirect}&state={state}',
  baseURL: 'https://nodered.example/',
  callbackMethod: 'POST',
  guard: true,
  allowUnsafe: ['long-clock-tolerance'],
  clockTolerance: 600,
  tokenQueryParameter: false,
});
const settings = { adminAuth, httpAdminMiddleware: [nodeRedAuthJwt.guard()] };
const keySet: nodeRedAuthJwt.RemoteKeySet = jwks.createRemoteKeySet({ issuer: 'https://idp.example', discovery: true });
const viaClass = new jwks.RemoteKeySet({ jwksUri: 'https://idp.example/certs' });
const proxied: nodeRedAuthJwt.AdminAuth[] = [
  presets.cloudflareAccess({ teamDomain: 'team', audience: 'aud', users: [{ username: 'a@b', permissions: 'read' }] }),
  presets.googleIap({ audience: '/projects/1/apps/p', permissionsClaim: 'roles' }),
  presets.pomerium({ domain: 'nr.example', users: (u: string) => ({ username: u, permissions: 'read' }) }),
  presets.oauth2Proxy({ issuer: 'https://idp.example', audience: 'client', header: 'x-forwarded-access-token', users: [] }),
];
const flows: nodeRedAuthJwt.HttpNodeMiddleware = nodeRedAuthJwt.httpNode({
  issuer: 'https://idp.example',
  discovery: true,
  audience: 'flows',
  permissionsClaim: 'groups',
  cookie: 'nr_jwt',
  paths: ['/api', /^\/reports\//, { path: '/health', open: true }, { path: '/dashboard', roles: ['nodered-dashboard'] }],
  otherPaths: 'open',
  clientId: 'node-red',
});
const flowSettings = { httpNodeMiddleware: flows, httpNodeAuth: flows, dashboard: { ioMiddleware: flows.socketIo } };
const seen = (user: nodeRedAuthJwt.HttpNodeUser): string => `${user.username} ${String(user.claims.sub)}`;
console.log(flowSettings, seen);
console.log(name, payload, e, settings.adminAuth.strategy.name, settings.httpAdminMiddleware.length, keySet.jwksUri, viaClass.coolingDown, proxied.length);
