// Types for node-red-auth-jwt. CommonJS: `const nodeRedAuthJwt = require('node-red-auth-jwt')`.
/// <reference types="node" />

import type { KeyObject } from 'crypto';

declare namespace nodeRedAuthJwt {
  // ---------------------------------------------------------------- errors (node jsonwebtoken 9 names)

  /** Every code the package reports (the catalogue in lib/error-codes.js). Match errors on it, not on messages. */
  type ErrorCode =
    | 'ERR_JWT_TOO_LARGE'
    | 'ERR_JWT_MALFORMED'
    | 'ERR_JWT_INVALID'
    | 'ERR_JWT_CRIT'
    | 'ERR_JWT_SIGNATURE_REQUIRED'
    | 'ERR_JWT_ALGORITHM'
    | 'ERR_JWT_KEY_MISMATCH'
    | 'ERR_JWKS_NO_MATCHING_KEY'
    | 'ERR_JWT_SIGNATURE'
    | 'ERR_JWT_PAYLOAD'
    | 'ERR_JWT_CLAIM_TYPE'
    | 'ERR_JWT_NOT_ACTIVE'
    | 'ERR_JWT_EXPIRED'
    | 'ERR_JWT_AUDIENCE'
    | 'ERR_JWT_ISSUER'
    | 'ERR_JWT_SUBJECT'
    | 'ERR_JWT_JWTID'
    | 'ERR_JWT_NONCE'
    | 'ERR_JWT_IAT_REQUIRED'
    | 'ERR_JWT_MAX_AGE'
    | 'ERR_JWT_KEY_INVALID'
    | 'ERR_JWT_KEY_TOO_SMALL'
    | 'ERR_JWT_OPTIONS'
    | 'ERR_JWT_INTERNAL'
    | 'ERR_JWT_MISSING'
    | 'ERR_JWT_NOT_STRING'
    | 'ERR_JWT_NO_KEY'
    | 'ERR_JWT_KEY_CALLBACK'
    | 'ERR_JWT_NO_EXPIRY'
    | 'ERR_JWKS_TIMEOUT'
    | 'ERR_JWKS_FETCH'
    | 'ERR_JWKS_TOO_LARGE'
    | 'ERR_JWKS_INVALID'
    | 'ERR_OIDC_DISCOVERY'
    | 'ERR_OIDC_UNAVAILABLE'
    | 'ERR_OIDC_REFUSED'
    | 'ERR_OIDC_ID_TOKEN'
    | 'ERR_OIDC_PROVIDER'
    | 'ERR_FETCH'
    | 'ERR_FETCH_TIMEOUT'
    | 'ERR_FETCH_TOO_LARGE'
    | 'ERR_FETCH_ENCODING'
    | 'ERR_NODE_RED_AUTH_JWT_CONFIG'
    | 'ERR_NODE_RED_AUTH_JWT_NO_BINARY';
  /** The catalogue: for each code, the error class it comes as and its default message. */
  const errorCodes: {
    readonly [C in ErrorCode]: {
      readonly code: C;
      readonly class: 'JsonWebTokenError' | 'TokenExpiredError' | 'NotBeforeError' | 'TypeError' | 'Error';
      readonly message: string;
    };
  };

  class JsonWebTokenError extends Error {
    constructor(message: string, error?: Error);
    name: string;
    /** Stable machine-readable code, e.g. `ERR_JWT_SIGNATURE`. */
    code?: ErrorCode;
    inner?: Error;
  }
  class TokenExpiredError extends JsonWebTokenError {
    constructor(message: string, expiredAt: Date);
    expiredAt: Date;
  }
  class NotBeforeError extends JsonWebTokenError {
    constructor(message: string, date: Date);
    date: Date;
  }

  // ---------------------------------------------------------------- keys and verify

  /** A JSON Web Key (RSA, EC P-256/P-384/P-521, OKP Ed25519 or oct). */
  interface JsonWebKey {
    kty: string;
    kid?: string;
    alg?: string;
    use?: string;
    key_ops?: string[];
    [member: string]: unknown;
  }
  interface JsonWebKeySet {
    keys: JsonWebKey[];
  }
  /** HMAC secret (string/Buffer without PEM text), PEM public key or certificate, KeyObject, JWK or JWKS. */
  type SecretOrKey = string | Buffer | KeyObject | JsonWebKey | JsonWebKeySet | RemoteJwks | { key: JsonWebKey; format: 'jwk' };

  type Algorithm =
    | 'HS256' | 'HS384' | 'HS512'
    | 'RS256' | 'RS384' | 'RS512'
    | 'PS256' | 'PS384' | 'PS512'
    | 'ES256' | 'ES384' | 'ES512'
    | 'EdDSA';

  interface VerifyOptions {
    algorithms?: Algorithm[];
    audience?: string | RegExp | Array<string | RegExp>;
    issuer?: string | string[];
    subject?: string;
    jwtid?: string;
    nonce?: string;
    ignoreExpiration?: boolean;
    ignoreNotBefore?: boolean;
    /** Seconds of leeway for exp, nbf and maxAge. Default 0. */
    clockTolerance?: number;
    /** Seconds since the epoch to use as "now". */
    clockTimestamp?: number;
    /** Seconds, or a timespan string such as "1d" or "20h"; needs `iat`. */
    maxAge?: number | string;
    /** Return `{header, payload, signature}` instead of the payload. */
    complete?: boolean;
    /** Tokens longer than this are rejected before decoding. Default 16384. */
    maxTokenBytes?: number;
    /** Accepted for compatibility; key types are always enforced. */
    allowInvalidAsymmetricKeyTypes?: boolean;
  }

  interface JwtPayload {
    [claim: string]: unknown;
    iss?: string;
    sub?: string;
    aud?: string | string[];
    exp?: number;
    nbf?: number;
    iat?: number;
    jti?: string;
  }
  interface CompleteJwt {
    header: { alg: string; kid?: string; typ?: string; [member: string]: unknown };
    payload: JwtPayload;
    signature: string;
  }
  type VerifyCallback = (error: JsonWebTokenError | null, decoded?: JwtPayload | CompleteJwt) => void;
  type KeyLookup = (header: CompleteJwt['header'], callback: (err: Error | null, key?: SecretOrKey) => void) => void;

  /** node jsonwebtoken 9's `verify`: returns the payload or throws; with a callback, calls back instead. */
  function verify(token: string, secretOrKey: SecretOrKey, options?: VerifyOptions): JwtPayload | CompleteJwt;
  function verify(token: string, secretOrKey: SecretOrKey | KeyLookup, options: VerifyOptions | undefined, callback: VerifyCallback): void;
  function verify(token: string, secretOrKey: SecretOrKey | KeyLookup, callback: VerifyCallback): void;

  // ---------------------------------------------------------------- passport-jwt drop-in

  type JwtFromRequestFunction = (req: any) => string | null;
  type SecretOrKeyProvider = (request: any, rawJwtToken: any, done: (err: any, secretOrKey?: SecretOrKey | null) => void) => void;
  type VerifiedCallback = (error: any, user?: unknown | false, info?: unknown) => void;
  /** A promise settles the outcome too: a user is a success, `false`/`null` a fail, a rejection an error. */
  type VerifyResult = void | PromiseLike<unknown>;
  type VerifyCallbackWithoutRequest = (payload: any, done: VerifiedCallback) => VerifyResult;
  type VerifyCallbackWithRequest = (req: any, payload: any, done: VerifiedCallback) => VerifyResult;

  interface StrategyOptionsBase {
    jwtFromRequest: JwtFromRequestFunction;
    issuer?: string | string[];
    audience?: string | RegExp | Array<string | RegExp>;
    algorithms?: Algorithm[];
    ignoreExpiration?: boolean;
    jsonWebTokenOptions?: VerifyOptions;
    [other: string]: unknown;
  }
  type StrategyOptions = StrategyOptionsBase &
    ({ secretOrKey: SecretOrKey; secretOrKeyProvider?: undefined } | { secretOrKey?: undefined; secretOrKeyProvider: SecretOrKeyProvider });
  type StrategyOptionsWithRequest = StrategyOptions & { passReqToCallback: true };
  type StrategyOptionsWithoutRequest = StrategyOptions & { passReqToCallback?: false };

  class Strategy {
    constructor(options: StrategyOptionsWithRequest, verify: VerifyCallbackWithRequest);
    constructor(options: StrategyOptionsWithoutRequest, verify: VerifyCallbackWithoutRequest);
    name: string;
    authenticate(req: any, options?: any): void;
    /** Writable hook called for every request; replace it to stub verification in tests. */
    static JwtVerifier: (token: string, secretOrKey: SecretOrKey, options: VerifyOptions, callback: VerifyCallback) => void;
  }

  namespace ExtractJwt {
    function fromHeader(headerName: string): JwtFromRequestFunction;
    function fromBodyField(fieldName: string): JwtFromRequestFunction;
    function fromUrlQueryParameter(paramName: string): JwtFromRequestFunction;
    function fromAuthHeaderWithScheme(authScheme: string): JwtFromRequestFunction;
    function fromAuthHeaderAsBearerToken(): JwtFromRequestFunction;
    function fromExtractors(extractors: JwtFromRequestFunction[]): JwtFromRequestFunction;
    function versionOneCompatibility(options: {
      authScheme?: string;
      tokenBodyField?: string;
      tokenQueryParameterName?: string;
    }): JwtFromRequestFunction;
    /** Reads a cookie from the Cookie header (or `req.cookies` when a cookie parser already ran). */
    function fromCookie(cookieName: string): JwtFromRequestFunction;
  }

  // ---------------------------------------------------------------- Node-RED adminAuth factory

  /** "*", "read", "write", "flows.read", ... or an array of them. */
  type NodeRedPermissions = string | string[];
  interface NodeRedUser {
    username: string;
    permissions: NodeRedPermissions;
    image?: string;
  }
  interface NodeRedUserEntry {
    username: string;
    permissions?: NodeRedPermissions;
    image?: string;
  }
  type UsersLookup = (
    username: string,
    claims?: JwtPayload,
  ) => Partial<NodeRedUser> | null | undefined | Promise<Partial<NodeRedUser> | null | undefined>;

  /** The key and claim options that adminAuth and httpNode share (the same names and checks). */
  interface KeyOptions {
    /** HMAC key. Exactly one of secret / publicKey / jwksUri / discovery. */
    secret?: string | Buffer | Uint8Array | KeyObject;
    publicKey?: string | Buffer | KeyObject | JsonWebKey | JsonWebKeySet;
    jwksUri?: string;
    /** With a single `issuer`: read `<issuer>/.well-known/openid-configuration` for the key set. */
    discovery?: boolean;
    issuer?: string | string[];
    audience?: string | RegExp | Array<string | RegExp>;
    algorithms?: Algorithm[];
    clockTolerance?: number;
    maxAge?: number | string;
  }

  interface AdminAuthOptions extends KeyOptions {
    users?: NodeRedUserEntry[] | NodeRedUserEntry | UsersLookup;
    usernameClaim?: string;
    permissionsClaim?: string;
    roles?: Record<string, NodeRedPermissions> | Map<string, NodeRedPermissions>;
    label?: string;
    icon?: string;
    autoLogin?: boolean;
    loginURL?: string;
    baseURL?: string;
    /** `false`: no token from the query or a form body, only from `tokenHeader`/`cookie` (as the proxy presets set). */
    tokenQueryParameter?: string | false;
    callbackMethod?: 'GET' | 'POST' | 'get' | 'post';
    cookie?: string;
    tokenHeader?: string;
    apiTokens?: boolean;
    sessionExpiryTime?: number;
    /** Default true: an editor session ends when the token it was created from does (or is refreshed). */
    sessionEndsWithToken?: boolean;
    /** The provider's sign-in with the authorization code flow + PKCE; needs issuer and discovery: true. */
    clientId?: string;
    /** Without it the client is public and PKCE alone protects the code exchange. */
    clientSecret?: string;
    /** Default "openid profile email". */
    scope?: string;
    prompt?: string;
    /** Extra authorization request parameters (not those the flow sets itself). */
    authorizationParams?: Record<string, string>;
    /** Default true: with usernameClaim "email", a token must say email_verified: true. */
    requireVerifiedEmail?: boolean;
    /** Contain the Node-RED crashes described in SECURITY.md (default true); see also `guard()`. */
    guard?: boolean;
    /** The safe defaults this configuration gives up, each named; repeated at every start-up. */
    allowUnsafe?: UnsafeAllowance | UnsafeAllowance[];
  }
  type UnsafeAllowance = 'tokens-without-exp' | 'long-clock-tolerance' | 'http-base-url' | 'any-audience';

  /**
   * For settings.js `httpAdminMiddleware` (alone or first in an array): answers 400 to an admin request whose
   * access_token (or revoke token) is not a string, which would otherwise end Node-RED (SECURITY.md).
   */
  function guard(): (req: any, res: any, next: (err?: unknown) => void) => void;

  interface AdminAuth {
    type: 'strategy';
    strategy: {
      name: 'jwt';
      label: string;
      icon: string;
      autoLogin: boolean;
      strategy: new (options: any, verify: (...args: any[]) => void) => { name: string; authenticate(req: any, options?: any): void };
      options: { callbackMethod: 'GET' | 'POST' };
    };
    users(username: string): Promise<NodeRedUser | null>;
    authenticate(profile: unknown): Promise<NodeRedUser | null>;
    tokens?(token: string): Promise<{ username: string; permissions: NodeRedPermissions } | null>;
    tokenHeader?: string;
    sessionExpiryTime?: number;
  }

  // ---------------------------------------------------------------- remote key sets (JWKS) and presets

  interface RemoteKeySetOptions {
    /** https:, or http: on loopback only. */
    jwksUri?: string;
    /** With `discovery: true`: read `<issuer>/.well-known/openid-configuration` for `jwks_uri`. */
    issuer?: string;
    discovery?: boolean;
    /** Milliseconds or a span such as "5s". Default 5000. */
    timeout?: number | string;
    /**
     * Minimum time between refetches caused by tokens (unknown kid, retry). Default 30000. While no set is
     * cached, a failed fetch is retried sooner: after 1 s, doubling up to this.
     */
    cooldown?: number | string;
    /** Sets older than this are refreshed in the background. Default 600000. */
    cacheMaxAge?: number | string;
    /** How long the last good set is used while refreshes fail. Default 86400000. */
    maxAge?: number | string;
    /** Response size cap in bytes. Default 524288. */
    maxBytes?: number;
    requestHeaders?: Record<string, string>;
    /** Accepted for jwks-rsa compatibility and ignored. */
    cache?: boolean;
    cacheMaxEntries?: number;
    rateLimit?: boolean;
    jwksRequestsPerMinute?: number;
  }
  interface RemoteJwks {
    readonly keys: ReadonlyArray<Readonly<Record<string, unknown>>>;
  }
  interface RemoteKeySet {
    readonly jwksUri: string | null;
    readonly lastError: JsonWebTokenError | null;
    readonly coolingDown: boolean;
    getKey(token: string): Promise<RemoteJwks | JsonWebTokenError>;
    /** Resolves the payload or an Error; never rejects. */
    verify(token: string, options?: VerifyOptions): Promise<JwtPayload | JsonWebTokenError>;
    reload(): Promise<void>;
    whenIdle(): Promise<void>;
  }
  interface JwksProvider {
    (req: unknown, rawJwtToken: string, done: (err: Error | null, key?: RemoteJwks) => void): void;
    readonly keySet: RemoteKeySet;
  }
  /** A `secretOrKeyProvider` for the Strategy: a drop-in for jwks-rsa's `passportJwtSecret`. */
  function jwks(options: RemoteKeySetOptions | RemoteKeySet): JwksProvider;
  namespace jwks {
    function createRemoteKeySet(options: RemoteKeySetOptions): RemoteKeySet;
    const RemoteKeySet: new (options: RemoteKeySetOptions) => nodeRedAuthJwt.RemoteKeySet;
  }

  /** The proxy decides the key and where the token travels. */
  type PresetBase = Omit<AdminAuthOptions, 'secret' | 'publicKey' | 'discovery' | 'tokenQueryParameter' | 'cookie' | 'tokenHeader'>;
  namespace presets {
    function cloudflareAccess(
      options: PresetBase & { teamDomain: string; audience: string | string[]; issuer?: string; jwksUri?: string },
    ): AdminAuth;
    function googleIap(options: PresetBase & { audience: string | string[]; issuer?: string; jwksUri?: string }): AdminAuth;
    function pomerium(options: PresetBase & { domain: string; issuer?: string; audience?: string; jwksUri?: string }): AdminAuth;
    function oauth2Proxy(
      options: PresetBase & {
        issuer: string;
        audience: string | string[];
        header?: 'authorization' | 'x-forwarded-access-token';
        jwksUri?: string;
      },
    ): AdminAuth;
  }

  // ---------------------------------------------------------------- the flows' endpoints (httpNode)

  /** A `paths` rule: a prefix (case-insensitive, whole segments) or a RegExp; the first match wins. */
  type HttpNodePathRule =
    | string
    | RegExp
    | {
        path: string | RegExp;
        /** No token needed (a health check); a good token still sets req.user. */
        open?: boolean;
        /** The `permissionsClaim` claim must hold one of these. */
        roles?: string | string[];
      };

  interface HttpNodeOptions extends KeyOptions {
    /** The same waivers as the factory's, e.g. "any-audience" for a proxy that signs without aud. */
    allowUnsafe?: UnsafeAllowance | UnsafeAllowance[];
    /** Default "sub". */
    usernameClaim?: string;
    /** The claim `roles` of a rule are looked up in (a dotted path such as "realm_access.roles" works). */
    permissionsClaim?: string;
    requireVerifiedEmail?: boolean;
    /** Read the raw token from this header instead of `Authorization: Bearer`. */
    tokenHeader?: string;
    /** Also read a raw token from this cookie. */
    cookie?: string;
    paths?: HttpNodePathRule[];
    /** Paths no rule matches. Default "protected". */
    otherPaths?: 'protected' | 'open';
    /** Browsers sign in with the provider (code + PKCE); needs issuer and discovery: true. */
    clientId?: string;
    clientSecret?: string;
    scope?: string;
    prompt?: string;
    authorizationParams?: Record<string, string>;
    /** The public URL of httpNodeRoot, for the sign-in's redirect URI. Default: from the request's Host. */
    baseURL?: string;
  }

  /** What `msg.req.user` holds in a flow: never the token itself. */
  interface HttpNodeUser {
    readonly username: string;
    readonly claims: Readonly<JwtPayload>;
  }

  interface HttpNodeMiddleware {
    /** For `httpNodeMiddleware` (HTTP-in routes) or `httpNodeAuth` (4.0+: everything under httpNodeRoot). */
    (req: any, res: any, next: (err?: unknown) => void): void;
    /** For Dashboard 2's `dashboard.ioMiddleware`: checks the socket.io handshake the same way. */
    socketIo(socket: any, next: (err?: Error) => void): void;
  }

  /** The middleware for the flows' endpoints. Throws a TypeError (code ERR_NODE_RED_AUTH_JWT_CONFIG) on bad options. */
  function httpNode(options: HttpNodeOptions): HttpNodeMiddleware;

  /**
   * For `editorTheme.logout.redirect`: after sign-out the editor goes here, which ends the session and, with the
   * provider's end_session_endpoint, the provider's session too. Relative to the editor unless baseURL is given.
   */
  function logoutRedirect(baseURL?: string): string;
}

/** Returns Node-RED's whole `adminAuth`. Throws a TypeError (code ERR_NODE_RED_AUTH_JWT_CONFIG) on bad options. */
declare function nodeRedAuthJwt(options: nodeRedAuthJwt.AdminAuthOptions): nodeRedAuthJwt.AdminAuth;

export = nodeRedAuthJwt;
