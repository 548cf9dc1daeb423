//! What the fuzz targets share: verifiers with fixed keys of every family, a signer so that fuzzed headers
//! and payloads get past the signature check into the claims code, and the properties every result must have.
//! Any panic in the core is a crash found by libFuzzer (a panic must never reach JavaScript).

use aws_lc_rs::rand::SystemRandom;
use aws_lc_rs::signature::{EcdsaKeyPair, Ed25519KeyPair, ECDSA_P256_SHA256_FIXED_SIGNING};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use node_red_auth_jwt::{decode_header, JwtError, KeyInput, Verifier};
use serde_json::{Map, Value};
use std::sync::OnceLock;

/// The clock every fixed verifier runs at, so that a result never depends on when the fuzzer ran.
pub const NOW: f64 = 1_800_000_000.0;
pub const SECRET: &[u8] = b"a-test-secret-that-is-32-bytes!!";
pub const MAX_TOKEN_BYTES: usize = 16 * 1024;
pub const AUDIENCE: &str = "node-red";
pub const ISSUER: &str = "https://idp.example";

const RSA_PUB: &str = include_str!("../../__test__/fixtures/rsa2048.pub.pem");
const RSA_PKCS1: &str = include_str!("../../__test__/fixtures/rsa2048.pkcs1.pem");
const RSA_CRT: &str = include_str!("../../__test__/fixtures/rsa2048.crt");
const P256_PUB: &str = include_str!("../../__test__/fixtures/ec-p256.pub.pem");
const P256_KEY: &str = include_str!("../../__test__/fixtures/ec-p256.key");
const P384_CRT: &str = include_str!("../../__test__/fixtures/ec-p384.crt");
const P521_PUB: &str = include_str!("../../__test__/fixtures/ec-p521.pub.pem");
const ED_PUB: &str = include_str!("../../__test__/fixtures/ed25519.pub.pem");
const ED_KEY: &str = include_str!("../../__test__/fixtures/ed25519.key");
/// The public halves above as one JWKS (generated from the fixtures with node's `createPublicKey`).
pub const JWKS: &str = include_str!("../keys.jwks.json");

const HS: &[&str] = &["HS256", "HS384", "HS512"];
const RSA: &[&str] = &["RS256", "RS384", "RS512", "PS256", "PS384", "PS512"];
const ANY: &[&str] = &[
    "HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256",
    "ES384", "ES512", "EdDSA",
];

/// A verifier plus what any token it accepts must satisfy.
pub struct Fixed {
    pub name: &'static str,
    pub verifier: Verifier,
    /// Header `alg` values this key may ever accept.
    pub algs: &'static [&'static str],
    /// Whether the strict claim policy (audience, issuer, maxAge) is configured.
    pub strict: bool,
}

fn options(strict: bool, algorithms: Option<&[&str]>) -> String {
    let mut o = Map::new();
    o.insert("clockTimestamp".into(), NOW.into());
    if strict {
        o.insert("audience".into(), vec![AUDIENCE].into());
        o.insert("issuer".into(), vec![ISSUER].into());
        o.insert("maxAge".into(), 3600.into());
    }
    if let Some(list) = algorithms {
        o.insert("algorithms".into(), list.to_vec().into());
    }
    Value::Object(o).to_string()
}

fn fixed(
    name: &'static str,
    key: KeyInput<'_>,
    algs: &'static [&'static str],
    strict: bool,
    only: Option<&[&str]>,
) -> Fixed {
    let verifier = Verifier::new(key, &options(strict, only))
        .unwrap_or_else(|e| panic!("fixed verifier {name} must build: {e:?}"));
    Fixed {
        name,
        verifier,
        algs,
        strict,
    }
}

/// One verifier per key family and key form, built once per fuzzing process.
pub fn verifiers() -> &'static [Fixed] {
    static ALL: OnceLock<Vec<Fixed>> = OnceLock::new();
    ALL.get_or_init(|| {
        vec![
            fixed("secret", KeyInput::Secret(SECRET), HS, false, None),
            fixed("secret-strict", KeyInput::Secret(SECRET), HS, true, None),
            fixed(
                "rsa-spki",
                KeyInput::Pem(RSA_PUB.as_bytes()),
                RSA,
                false,
                None,
            ),
            fixed(
                "rsa-pkcs1",
                KeyInput::Pem(RSA_PKCS1.as_bytes()),
                RSA,
                false,
                None,
            ),
            fixed(
                "rsa-cert-ps",
                KeyInput::Pem(RSA_CRT.as_bytes()),
                &["PS256", "RS512"],
                true,
                Some(&["PS256", "RS512"][..]),
            ),
            fixed(
                "p256",
                KeyInput::Pem(P256_PUB.as_bytes()),
                &["ES256"],
                false,
                None,
            ),
            fixed(
                "p384-cert",
                KeyInput::Pem(P384_CRT.as_bytes()),
                &["ES384"],
                false,
                None,
            ),
            fixed(
                "p521",
                KeyInput::Pem(P521_PUB.as_bytes()),
                &["ES512"],
                false,
                None,
            ),
            fixed(
                "ed25519",
                KeyInput::Pem(ED_PUB.as_bytes()),
                &["EdDSA"],
                false,
                None,
            ),
            fixed(
                "jwks",
                KeyInput::Jwks(JWKS),
                &ANY[3..],
                false,
                Some(&ANY[3..]),
            ),
            fixed(
                "remote-jwks",
                KeyInput::RemoteJwks(JWKS),
                &ANY[3..],
                true,
                Some(&ANY[3..]),
            ),
        ]
    })
}

pub fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// A compact token over the given header and payload bytes (any bytes at all), signed for real with one of
/// the fixed keys: HS256/384/512 with the secret, ES256 with the P-256 key, EdDSA with the Ed25519 key.
pub fn sign(which: u8, header: &[u8], payload: &[u8]) -> String {
    let input = format!("{}.{}", b64(header), b64(payload));
    let signature = match which % 5 {
        0 => hmac(aws_lc_rs::hmac::HMAC_SHA256, input.as_bytes()),
        1 => hmac(aws_lc_rs::hmac::HMAC_SHA384, input.as_bytes()),
        2 => hmac(aws_lc_rs::hmac::HMAC_SHA512, input.as_bytes()),
        3 => {
            static KEY: OnceLock<EcdsaKeyPair> = OnceLock::new();
            let key = KEY.get_or_init(|| {
                EcdsaKeyPair::from_pkcs8(&ECDSA_P256_SHA256_FIXED_SIGNING, &pkcs8(P256_KEY))
                    .expect("P-256 fixture")
            });
            key.sign(&SystemRandom::new(), input.as_bytes())
                .expect("ES256 signing")
                .as_ref()
                .to_vec()
        }
        _ => {
            static KEY: OnceLock<Ed25519KeyPair> = OnceLock::new();
            let key =
                KEY.get_or_init(|| Ed25519KeyPair::from_pkcs8(&pkcs8(ED_KEY)).expect("Ed fixture"));
            key.sign(input.as_bytes()).as_ref().to_vec()
        }
    };
    format!("{input}.{}", b64(&signature))
}

fn hmac(alg: aws_lc_rs::hmac::Algorithm, input: &[u8]) -> Vec<u8> {
    aws_lc_rs::hmac::sign(&aws_lc_rs::hmac::Key::new(alg, SECRET), input)
        .as_ref()
        .to_vec()
}

fn pkcs8(text: &str) -> Vec<u8> {
    pem::parse(text).expect("fixture PEM").into_contents()
}

/// A valid HS256 token, verified between two checks of a fuzzed token so that the reused per-thread buffers
/// hold other bytes: a result must not depend on what was verified before.
pub fn decoy() -> &'static str {
    static TOKEN: OnceLock<String> = OnceLock::new();
    TOKEN.get_or_init(|| {
        let payload = format!(
            r#"{{"sub":"decoy","aud":"{AUDIENCE}","iss":"{ISSUER}","iat":{},"exp":{}}}"#,
            NOW - 10.0,
            NOW + 600.0
        );
        sign(0, br#"{"alg":"HS256","typ":"JWT"}"#, payload.as_bytes())
    })
}

fn number(claims: &Map<String, Value>, name: &str) -> Option<f64> {
    claims.get(name).map(|v| {
        v.as_f64()
            .unwrap_or_else(|| panic!("accepted a token whose {name} is not a number"))
    })
}

/// Whether JSON text is an object: its first non-blank character. The full parse below may still fail where
/// the core's does not (a lone surrogate escape in a member the core skips is fine for JS's `JSON.parse`).
pub fn is_object_text(text: &str) -> bool {
    text.trim_start_matches([' ', '\t', '\r', '\n'])
        .starts_with('{')
}

/// What must hold of every token a verifier accepts.
fn check_accepted(fixed: &Fixed, token: &str, payload: &str) {
    let header = decode_header(token, MAX_TOKEN_BYTES).expect("an accepted token has a header");
    assert!(is_object_text(&header) && is_object_text(payload));
    if let Ok(header) = serde_json::from_str::<Map<String, Value>>(&header) {
        let alg = header.get("alg").and_then(Value::as_str).unwrap_or("");
        assert!(
            fixed.algs.contains(&alg),
            "{} accepted alg {alg:?}",
            fixed.name
        );
        assert!(!header.contains_key("crit") && !header.contains_key("b64"));
    }
    let Ok(claims) = serde_json::from_str::<Map<String, Value>>(payload) else {
        return;
    };
    if let Some(exp) = number(&claims, "exp") {
        assert!(NOW < exp, "{} accepted an expired token", fixed.name);
    }
    if let Some(nbf) = number(&claims, "nbf") {
        assert!(nbf <= NOW, "{} accepted a token before nbf", fixed.name);
    }
    if fixed.strict {
        let aud_ok = match claims.get("aud") {
            Some(Value::String(a)) => a == AUDIENCE,
            Some(Value::Array(list)) => list.iter().any(|a| a == AUDIENCE),
            _ => false,
        };
        assert!(
            aud_ok,
            "{} accepted a token for another audience",
            fixed.name
        );
        assert_eq!(claims.get("iss").and_then(Value::as_str), Some(ISSUER));
        let iat = number(&claims, "iat").expect("maxAge needs iat");
        assert!(
            NOW < iat + 3600.0,
            "{} accepted a token past maxAge",
            fixed.name
        );
    }
}

/// Verifies `token` with every fixed verifier: the same result twice, and every accept satisfies the policy.
pub fn check_all(token: &str) {
    for fixed in verifiers() {
        let _ = check_one(fixed, token);
    }
    if let Ok(header) = decode_header(token, MAX_TOKEN_BYTES) {
        assert!(
            is_object_text(&header),
            "decode_header returned a non-object"
        );
    }
}

pub fn check_one(fixed: &Fixed, token: &str) -> Result<String, JwtError> {
    let first = fixed.verifier.verify(token);
    let _ = fixed.verifier.verify(decoy());
    let second = fixed.verifier.verify(token);
    assert_eq!(
        first, second,
        "{}: the result changed between calls",
        fixed.name
    );
    if let Ok(payload) = &first {
        check_accepted(fixed, token, payload);
    }
    first
}
