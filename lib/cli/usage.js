'use strict';
// The help texts. Kept apart so the commands stay about behaviour and the README can quote these verbatim.

const MAIN = `Usage: node-red-auth-jwt <command> [options]

Commands:
  keygen              write a key pair (private.pem, public.pem) for signing your own tokens
  token               print a signed JWT for a user
  build-from-source   compile the native addon for a platform without a prebuilt one (needs cargo)

Run "node-red-auth-jwt <command> --help" for the options of a command.
`;

const KEYGEN = `Usage: node-red-auth-jwt keygen [--alg EdDSA|ES256|RS256] [--bits N] [--out DIR] [--force]

Writes DIR/private.pem (PKCS#8, mode 0600) and DIR/public.pem (SPKI). Give public.pem to Node-RED
(the publicKey option); keep private.pem to sign tokens with "node-red-auth-jwt token".

Options:
  --alg EdDSA|ES256|RS256   key type (default EdDSA, an Ed25519 key)
  --bits N                  RSA modulus length for RS256, 2048 to 8192 (default 2048)
  --out DIR                 where to write the files (default: the current directory)
  --force                   replace existing private.pem/public.pem
  -h, --help                show this help
`;

const TOKEN = `Usage: node-red-auth-jwt token --key private.pem --sub USER [options]

Prints a signed JWT. The algorithm follows from the key: Ed25519 -> EdDSA, EC P-256 -> ES256,
P-384 -> ES384, P-521 -> ES512, RSA -> RS256.

Options:
  --key FILE            private key in PEM form (required)
  --sub USER            the user name, claim "sub" (required)
  --aud AUDIENCE        claim "aud"; repeat for several audiences
  --iss ISSUER          claim "iss"
  --exp LIFETIME        lifetime: seconds or 30s, 10m, 1h, 7d (default 1h)
  --permissions P       claim "permissions": "*", "read", or a comma list (flows.read,flows.write)
  --claim NAME=VALUE    any other claim; VALUE is read as JSON when it is JSON, else as text; repeatable
  --kid ID              header "kid", to pick the key from a JWKS
  -h, --help            show this help

Example:
  node-red-auth-jwt token --key private.pem --sub alice --aud node-red --iss home-lab --exp 1h
`;

const BUILD_FROM_SOURCE = `Usage: node-red-auth-jwt build-from-source

For a platform without a prebuilt binary: compiles the addon from the Rust sources in this package with
cargo (https://rustup.rs) and a C compiler (build-base on Alpine, build-essential on Debian), checks that it
loads, and puts it in the package's native/ folder, where it is found before any prebuilt binary. Run it where
the package is installed (e.g. \`cd /data && npx node-red-auth-jwt build-from-source\`). Takes minutes.
CARGO and CARGO_TARGET_DIR are honoured.

Options:
  -h, --help            show this help
`;

module.exports = { MAIN, KEYGEN, TOKEN, BUILD_FROM_SOURCE };
