//! `Verifier::select_key`: which key of a set fits a token's header, asked before any signature exists. The
//! JWKS cache relies on it to tell "no key for this kid" (refetch) from everything else.

use aws_lc_rs::signature::{Ed25519KeyPair, KeyPair};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use node_red_auth_jwt::error::JwtError;
use node_red_auth_jwt::verify::decode_header_segment;
use node_red_auth_jwt::{KeyInput, Verifier};
use serde_json::json;

const ED_KEY: &str = include_str!("../__test__/fixtures/ed25519.key");

fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

fn ed_jwk(kid: &str) -> serde_json::Value {
    let der = pem::parse(ED_KEY).expect("fixture PEM").into_contents();
    let pair = Ed25519KeyPair::from_pkcs8(&der).expect("ed key");
    json!({ "kty": "OKP", "crv": "Ed25519", "kid": kid, "x": b64(pair.public_key().as_ref()) })
}

fn set(keys: &[serde_json::Value]) -> Verifier {
    let text = json!({ "keys": keys }).to_string();
    Verifier::new(
        KeyInput::RemoteJwks(&text),
        r#"{"algorithms":["EdDSA","ES256","RS256"]}"#,
    )
    .expect("valid set")
}

fn segment(header: serde_json::Value) -> String {
    b64(header.to_string().as_bytes())
}

#[test]
fn selects_the_key_with_the_header_kid() {
    let v = set(&[ed_jwk("a"), ed_jwk("b")]);
    assert_eq!(
        v.select_key(&segment(json!({"alg":"EdDSA","kid":"b"}))),
        Ok(1)
    );
    assert_eq!(
        v.select_key(&segment(json!({"alg":"EdDSA","kid":"a"}))),
        Ok(0)
    );
    // No kid: the first key that fits the algorithm.
    assert_eq!(v.select_key(&segment(json!({"alg":"EdDSA"}))), Ok(0));
}

#[test]
fn no_matching_key_only_when_no_key_fits() {
    let v = set(&[ed_jwk("a")]);
    let unknown_kid = segment(json!({"alg":"EdDSA","kid":"z"}));
    assert_eq!(v.select_key(&unknown_kid), Err(JwtError::NoMatchingKey));
    // An allowed algorithm no key of the set can verify.
    let other_type = segment(json!({"alg":"ES256","kid":"a"}));
    assert_eq!(v.select_key(&other_type), Err(JwtError::NoMatchingKey));
    // A kid that is not a string never matches.
    let number_kid = segment(json!({"alg":"EdDSA","kid":7}));
    assert_eq!(v.select_key(&number_kid), Err(JwtError::NoMatchingKey));
}

#[test]
fn other_failures_are_those_verify_gives() {
    let v = set(&[ed_jwk("a")]);
    assert_eq!(
        v.select_key(&segment(json!({"alg":"HS256","kid":"a"}))),
        Err(JwtError::InvalidAlgorithm)
    );
    assert_eq!(
        v.select_key(&segment(json!({"alg":"none"}))),
        Err(JwtError::InvalidAlgorithm)
    );
    assert_eq!(v.select_key(""), Err(JwtError::InvalidToken));
    assert_eq!(v.select_key("not base64!"), Err(JwtError::InvalidToken));
    assert_eq!(v.select_key(&b64(b"[1]")), Err(JwtError::InvalidToken));
    assert_eq!(
        v.select_key(&segment(json!({"alg":"EdDSA","crit":["x"]}))),
        Err(JwtError::Crit)
    );
    assert_eq!(
        v.select_key(&"e".repeat(17 * 1024)),
        Err(JwtError::TooLarge)
    );
}

#[test]
fn decode_header_segment_checks_as_decode_header_does() {
    let good = segment(json!({"alg":"EdDSA","kid":"a"}));
    assert_eq!(
        decode_header_segment(&good, 1024).as_deref(),
        Ok(r#"{"alg":"EdDSA","kid":"a"}"#)
    );
    assert_eq!(decode_header_segment(&good, 4), Err(JwtError::TooLarge));
    assert_eq!(decode_header_segment("", 1024), Err(JwtError::InvalidToken));
    assert_eq!(
        decode_header_segment("@@@", 1024),
        Err(JwtError::InvalidToken)
    );
    assert_eq!(
        decode_header_segment(&b64(br#"{"alg":"EdDSA","b64":false}"#), 1024),
        Err(JwtError::Crit)
    );
}
