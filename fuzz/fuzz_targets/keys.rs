//! Key parsing in every form a user or a provider hands over: PEM (SPKI, PKCS#1, certificate), DER, JWK, JWKS
//! and remote JWKS, and HMAC secrets. The first byte picks the form; a key that parses then verifies tokens
//! signed with the fixed keys.
#![no_main]

use libfuzzer_sys::fuzz_target;
use node_red_auth_jwt::{der, keys, KeyInput, Verifier};
use node_red_auth_jwt_fuzz::{b64, decoy, sign, SECRET};
use serde_json::Value;
use std::sync::OnceLock;

const PRIVATE_MEMBERS: [&str; 7] = ["d", "p", "q", "dp", "dq", "qi", "oth"];

fn pem(tag: &str, der: &[u8]) -> Vec<u8> {
    pem::encode(&pem::Pem::new(tag, der)).into_bytes()
}

fn tokens() -> &'static [String] {
    static ALL: OnceLock<Vec<String>> = OnceLock::new();
    ALL.get_or_init(|| {
        let payload = br#"{"sub":"k"}"#;
        let mut all = vec![decoy().to_string()];
        for (which, header) in [
            (0, r#"{"alg":"HS256"}"#),
            (1, r#"{"alg":"HS384","kid":"oct"}"#),
            (3, r#"{"alg":"ES256","kid":"p256"}"#),
            (4, r#"{"alg":"EdDSA","kid":"ed"}"#),
            (4, r#"{"alg":"EdDSA"}"#),
        ] {
            all.push(sign(which, header.as_bytes(), payload));
        }
        // Right shape, wrong signature, for the key types we cannot sign for cheaply here.
        for alg in ["RS256", "PS384", "ES384", "ES512"] {
            let header = format!(r#"{{"alg":"{alg}","kid":"rsa"}}"#);
            all.push(format!(
                "{}.{}.{}",
                b64(header.as_bytes()),
                b64(payload),
                b64(&[7; 256])
            ));
        }
        all
    })
}

/// A remote set that parsed must hold no symmetric or private key.
fn assert_no_secret_keys(text: &str) {
    let Ok(set) = serde_json::from_str::<Value>(text) else {
        panic!("a remote set that is not JSON was accepted");
    };
    for key in set["keys"].as_array().into_iter().flatten() {
        let Some(kty) = key.get("kty").and_then(Value::as_str) else {
            continue;
        };
        let private = PRIVATE_MEMBERS.iter().any(|m| key.get(m).is_some());
        assert!(
            kty != "oct" && !private,
            "a remote set with a secret key was accepted"
        );
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    // The DER readers on their own: any bytes at all.
    let _ = der::parse_spki(rest);
    let _ = der::certificate_spki(rest);
    let _ = der::rsa_modulus_bits(rest);
    let _ = keys::from_spki(rest);

    let text = String::from_utf8_lossy(rest);
    let wrapped;
    let key = match mode % 8 {
        0 => KeyInput::Pem(rest),
        1 => {
            wrapped = pem("PUBLIC KEY", rest);
            KeyInput::Pem(&wrapped)
        }
        2 => {
            wrapped = pem("CERTIFICATE", rest);
            KeyInput::Pem(&wrapped)
        }
        3 => {
            wrapped = pem("RSA PUBLIC KEY", rest);
            KeyInput::Pem(&wrapped)
        }
        4 => KeyInput::Jwk(&text),
        5 => KeyInput::Jwks(&text),
        6 => KeyInput::RemoteJwks(&text),
        _ => KeyInput::Secret(rest),
    };
    let Ok(verifier) = Verifier::new(key, r#"{"clockTimestamp":1800000000}"#) else {
        return;
    };
    if mode % 8 == 6 {
        assert_no_secret_keys(&text);
    }
    if mode % 8 == 7 {
        assert!(
            !rest.windows(10).any(|w| w == b"-----BEGIN"),
            "PEM text became an HMAC secret"
        );
    }
    for (i, token) in tokens().iter().enumerate() {
        if verifier.verify(token).is_ok() && mode % 8 == 7 && i <= 1 {
            // HMAC zero-pads short keys, so only trailing zero bytes may differ from the signing secret.
            let len = rest.iter().rposition(|&b| b != 0).map_or(0, |p| p + 1);
            assert_eq!(
                &rest[..len],
                SECRET,
                "a different secret verified an HS256 token"
            );
        }
    }
});
