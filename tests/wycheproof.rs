//! Wycheproof signature vectors through the core's signature layer: a `KeySpec` built from each group's
//! DER (SubjectPublicKeyInfo) and JWK forms, prepared for one JWS algorithm, then `PreparedKey::verify`.
//!
//! Every `valid` case must verify and every `invalid` case must fail, with each key form. `acceptable` cases
//! are counted, never scored. A key the loader refuses counts as a rejection of all its cases; an RSA key under
//! 2048 bits is counted on its own line (our policy) and must never verify anything.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use node_red_auth_jwt::alg::Alg;
use node_red_auth_jwt::error::JwtError;
use node_red_auth_jwt::keys::{self, KeySpec, PreparedKey};
use serde_json::{json, Value};
use wycheproof::TestResult;

#[derive(Default, Debug)]
struct Tally {
    cases: usize,
    verdicts: usize,
    valid_ok: usize,
    invalid_ok: usize,
    acceptable_accepted: usize,
    acceptable_rejected: usize,
    refused_small_key: usize,
    refused_key: usize,
    wrong: Vec<String>,
}

impl Tally {
    fn summary(&self, name: &str) -> String {
        format!(
            "wycheproof {name}: cases={} verdicts={} valid-accepted={} invalid-rejected={} \
             acceptable(accepted={} rejected={}) refused-key(<2048 bits)={} refused-key(other)={} wrong={}",
            self.cases,
            self.verdicts,
            self.valid_ok,
            self.invalid_ok,
            self.acceptable_accepted,
            self.acceptable_rejected,
            self.refused_small_key,
            self.refused_key,
            self.wrong.len()
        )
    }

    fn finish(self, name: &str) {
        println!("{}", self.summary(name));
        assert!(self.cases > 0, "{name}: no cases ran");
        assert!(self.verdicts > 0, "{name}: no verdicts");
        assert!(
            self.wrong.is_empty(),
            "{name}: {} wrong verdicts, first ones: {:#?}",
            self.wrong.len(),
            &self.wrong[..self.wrong.len().min(20)]
        );
    }
}

fn b64(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// The key forms of one test group, each either prepared for `alg` or the loader's error.
fn prepare(
    forms: Vec<(&'static str, node_red_auth_jwt::Result<KeySpec>)>,
    alg: Alg,
) -> Vec<(&'static str, Result<PreparedKey, JwtError>)> {
    forms
        .into_iter()
        .map(|(form, spec)| (form, spec.and_then(|s| PreparedKey::new(s, &[alg]))))
        .collect()
}

/// Scores one test against every key form of its group.
fn score(
    tally: &mut Tally,
    forms: &[(&'static str, Result<PreparedKey, JwtError>)],
    alg: Alg,
    tc_id: usize,
    result: TestResult,
    msg: &[u8],
    sig: &[u8],
) {
    tally.cases += 1;
    for (form, key) in forms {
        tally.verdicts += 1;
        let accepted = match key {
            Ok(key) => {
                // A prepared key that does not hold `alg` would make every verdict a silent "reject".
                assert!(key.supports(alg), "{form} key was not prepared for {alg:?}");
                key.verify(alg, msg, sig)
            }
            Err(JwtError::KeyTooSmall) => {
                tally.refused_small_key += 1;
                continue;
            }
            Err(_) => {
                tally.refused_key += 1;
                false
            }
        };
        match (result, accepted) {
            (TestResult::Valid, true) => tally.valid_ok += 1,
            (TestResult::Invalid, false) => tally.invalid_ok += 1,
            (TestResult::Acceptable, true) => tally.acceptable_accepted += 1,
            (TestResult::Acceptable, false) => tally.acceptable_rejected += 1,
            (expected, got) => tally.wrong.push(format!(
                "tc {tc_id} ({form} key, {alg:?}): expected {expected:?}, accepted={got}"
            )),
        }
    }
}

fn ecdsa(name: wycheproof::ecdsa::TestName, alg: Alg) -> Tally {
    use wycheproof::ecdsa::{TestGroupTypeId, TestSet};
    let set = TestSet::load(name).expect("wycheproof set loads");
    let mut tally = Tally::default();
    for group in set.test_groups {
        assert_eq!(
            group.test_type,
            TestGroupTypeId::EcdsaP1363,
            "JWS needs raw R||S"
        );
        let mut forms = vec![("der", keys::from_spki(&group.der))];
        if let Some(jwk) = &group.jwk {
            let crv = match alg {
                Alg::ES256 => "P-256",
                Alg::ES384 => "P-384",
                _ => "P-521",
            };
            let value = json!({
                "kty": jwk.kty,
                "crv": crv,
                "x": b64(&jwk.affine_x),
                "y": b64(&jwk.affine_y),
                "kid": jwk.kid,
            });
            forms.push(("jwk", keys::from_jwk(&value, false)));
        }
        let forms = prepare(forms, alg);
        for test in &group.tests {
            score(
                &mut tally,
                &forms,
                alg,
                test.tc_id,
                test.result,
                &test.msg,
                &test.sig,
            );
        }
    }
    tally
}

fn rsa_jwk(n: &[u8], e: &[u8], alg: &str, kid: &str) -> Value {
    json!({ "kty": "RSA", "n": b64(n), "e": b64(e), "alg": alg, "kid": kid })
}

fn rsa_pkcs1(name: wycheproof::rsa_pkcs1_verify::TestName, alg: Alg) -> Tally {
    use wycheproof::rsa_pkcs1_verify::TestSet;
    let set = TestSet::load(name).expect("wycheproof set loads");
    let mut tally = Tally::default();
    for group in set.test_groups {
        let mut forms = vec![("der", keys::from_spki(&group.der))];
        match &group.jwk {
            Some(jwk) => forms.push((
                "jwk",
                keys::from_jwk(&rsa_jwk(&jwk.n, &jwk.e, &jwk.alg, &jwk.kid), false),
            )),
            // Some groups carry no JWK; build one from the modulus and exponent so both loaders are exercised.
            None => forms.push((
                "jwk(n,e)",
                keys::from_jwk(&rsa_jwk(&group.key.n, &group.key.e, alg.name(), "x"), false),
            )),
        }
        let forms = prepare(forms, alg);
        for test in &group.tests {
            score(
                &mut tally,
                &forms,
                alg,
                test.tc_id,
                test.result,
                &test.msg,
                &test.sig,
            );
        }
    }
    tally
}

fn pss_alg(hash: wycheproof::HashFunction) -> Option<(Alg, usize)> {
    use wycheproof::HashFunction::*;
    match hash {
        Sha2_256 => Some((Alg::PS256, 32)),
        Sha2_384 => Some((Alg::PS384, 48)),
        Sha2_512 => Some((Alg::PS512, 64)),
        _ => None,
    }
}

/// RSA-PSS. A group is JWA-compatible when MGF1 uses the message hash and the salt is the hash's length
/// (RFC 7518 §3.5); those are scored as Wycheproof says. A group with a SHA-2 message hash but other
/// parameters holds signatures that are not PSxxx signatures, so our PSxxx must reject even its "valid" cases.
fn rsa_pss(name: wycheproof::rsa_pss_verify::TestName, tally: &mut Tally, non_jwa: &mut Tally) {
    use wycheproof::rsa_pss_verify::TestSet;
    use wycheproof::Mgf;
    let set = TestSet::load(name).expect("wycheproof set loads");
    for group in set.test_groups {
        let Some((alg, salt)) = pss_alg(group.hash) else {
            continue;
        };
        let jwa =
            group.mgf == Mgf::Mgf1 && group.mgf_hash == Some(group.hash) && group.salt_size == salt;
        let mut forms = vec![("der", keys::from_spki(&group.der))];
        let jwk = match &group.jwk {
            Some(jwk) => rsa_jwk(&jwk.n, &jwk.e, &jwk.alg, &jwk.kid),
            None => rsa_jwk(&group.key.n, &group.key.e, alg.name(), "x"),
        };
        forms.push(("jwk", keys::from_jwk(&jwk, false)));
        let forms = prepare(forms, alg);
        for test in &group.tests {
            if jwa {
                score(
                    tally,
                    &forms,
                    alg,
                    test.tc_id,
                    test.result,
                    &test.msg,
                    &test.sig,
                );
            } else {
                // Wycheproof re-signs some cases with another salt length; one re-signed with the hash's own
                // length is a genuine PSxxx signature (its "invalid" refers to the group's salt length).
                let genuine = group.mgf == Mgf::Mgf1
                    && group.mgf_hash == Some(group.hash)
                    && test.comment == format!("s_len changed to {salt}");
                let expected = if genuine {
                    TestResult::Valid
                } else {
                    TestResult::Invalid
                };
                score(
                    non_jwa, &forms, alg, test.tc_id, expected, &test.msg, &test.sig,
                );
            }
        }
    }
}

#[test]
fn ecdsa_p256_sha256_p1363() {
    use wycheproof::ecdsa::TestName::*;
    ecdsa(EcdsaSecp256r1Sha256P1363, Alg::ES256).finish("ES256 ecdsa_secp256r1_sha256_p1363");
    ecdsa(EcdsaSecp256r1Webcrypto, Alg::ES256).finish("ES256 ecdsa_secp256r1_webcrypto");
}

#[test]
fn ecdsa_p384_sha384_p1363() {
    use wycheproof::ecdsa::TestName::*;
    ecdsa(EcdsaSecp384r1Sha384P1363, Alg::ES384).finish("ES384 ecdsa_secp384r1_sha384_p1363");
    ecdsa(EcdsaSecp384r1Webcrypto, Alg::ES384).finish("ES384 ecdsa_secp384r1_webcrypto");
}

#[test]
fn ecdsa_p521_sha512_p1363() {
    use wycheproof::ecdsa::TestName::*;
    ecdsa(EcdsaSecp521r1Sha512P1363, Alg::ES512).finish("ES512 ecdsa_secp521r1_sha512_p1363");
    ecdsa(EcdsaSecp521r1Webcrypto, Alg::ES512).finish("ES512 ecdsa_secp521r1_webcrypto");
}

/// A P-256 vector set through ES384 (or P-384 keys through ES256) must never verify: the key's curve decides.
#[test]
fn ecdsa_keys_never_verify_another_curves_alg() {
    use wycheproof::ecdsa::{TestName, TestSet};
    let set = TestSet::load(TestName::EcdsaSecp256r1Sha256P1363).expect("loads");
    let mut checked = 0;
    for group in &set.test_groups {
        let spec = keys::from_spki(&group.der);
        let Ok(spec) = spec else { continue };
        let key = PreparedKey::new(spec, &[Alg::ES384, Alg::ES512]).expect("prepares");
        assert!(!key.supports(Alg::ES384) && !key.supports(Alg::ES512));
        for test in &group.tests {
            assert!(!key.verify(Alg::ES384, &test.msg, &test.sig));
            checked += 1;
        }
    }
    assert!(checked > 0);
    println!("wycheproof cross-curve: {checked} P-256 cases refused under ES384");
}

#[test]
fn rsa_pkcs1_v1_5() {
    use wycheproof::rsa_pkcs1_verify::TestName::*;
    for (name, label, alg) in [
        (Rsa2048Sha256, "rsa_signature_2048_sha256", Alg::RS256),
        (Rsa2048Sha384, "rsa_signature_2048_sha384", Alg::RS384),
        (Rsa2048Sha512, "rsa_signature_2048_sha512", Alg::RS512),
        (Rsa3072Sha256, "rsa_signature_3072_sha256", Alg::RS256),
        (Rsa3072Sha384, "rsa_signature_3072_sha384", Alg::RS384),
        (Rsa3072Sha512, "rsa_signature_3072_sha512", Alg::RS512),
        (Rsa4096Sha256, "rsa_signature_4096_sha256", Alg::RS256),
        (Rsa4096Sha384, "rsa_signature_4096_sha384", Alg::RS384),
        (Rsa4096Sha512, "rsa_signature_4096_sha512", Alg::RS512),
        (Rsa8192Sha256, "rsa_signature_8192_sha256", Alg::RS256),
        (Rsa8192Sha384, "rsa_signature_8192_sha384", Alg::RS384),
        (Rsa8192Sha512, "rsa_signature_8192_sha512", Alg::RS512),
    ] {
        rsa_pkcs1(name, alg).finish(&format!("{} {label}", alg.name()));
    }
}

#[test]
fn rsa_pss_jwa() {
    use wycheproof::rsa_pss_verify::TestName::*;
    for (name, label) in [
        (RsaPss2048Sha256Mgf1SaltLen32, "rsa_pss_2048_sha256_mgf1_32"),
        (RsaPss3072Sha256Mgf1SaltLen32, "rsa_pss_3072_sha256_mgf1_32"),
        (RsaPss4096Sha256Mgf1SaltLen32, "rsa_pss_4096_sha256_mgf1_32"),
        (RsaPss2048Sha384Mgf1SaltLen48, "rsa_pss_2048_sha384_mgf1_48"),
        (RsaPss4096Sha384Mgf1SaltLen48, "rsa_pss_4096_sha384_mgf1_48"),
        (RsaPss4096Sha512Mgf1SaltLen64, "rsa_pss_4096_sha512_mgf1_64"),
    ] {
        let mut tally = Tally::default();
        let mut non_jwa = Tally::default();
        rsa_pss(name, &mut tally, &mut non_jwa);
        assert_eq!(non_jwa.cases, 0, "{label} is a JWA set");
        tally.finish(&format!("PS {label}"));
    }
    // The misc set mixes salt lengths and MGF hashes: only the JWA combinations may verify.
    let mut tally = Tally::default();
    let mut non_jwa = Tally::default();
    rsa_pss(RsaPssmisc, &mut tally, &mut non_jwa);
    tally.finish("PS rsa_pss_misc (JWA parameters)");
    non_jwa.finish("PS rsa_pss_misc (other salt/MGF, must reject)");
}

/// Sets whose salt length is not the hash length: every signature there is a non-JWA PSS signature.
#[test]
fn rsa_pss_other_salt_lengths_never_verify_as_jwa() {
    use wycheproof::rsa_pss_verify::TestName::*;
    for (name, label) in [
        (RsaPss2048Sha256Mgf1SaltLen0, "rsa_pss_2048_sha256_mgf1_0"),
        (RsaPss4096Sha512Mgf1SaltLen32, "rsa_pss_4096_sha512_mgf1_32"),
    ] {
        let mut tally = Tally::default();
        let mut non_jwa = Tally::default();
        rsa_pss(name, &mut tally, &mut non_jwa);
        assert_eq!(tally.cases, 0, "{label} is not a JWA set");
        non_jwa.finish(&format!("PS {label} (must reject)"));
    }
}

#[test]
fn ed25519() {
    use wycheproof::eddsa::{TestName, TestSet};
    let set = TestSet::load(TestName::Ed25519).expect("wycheproof set loads");
    let mut tally = Tally::default();
    for group in set.test_groups {
        let jwk = json!({
            "kty": group.jwk.kty,
            "crv": "Ed25519",
            "x": b64(&group.jwk.x),
            "kid": group.jwk.kid,
        });
        let forms = prepare(
            vec![
                ("der", keys::from_spki(&group.der)),
                ("jwk", keys::from_jwk(&jwk, false)),
            ],
            Alg::EdDSA,
        );
        for test in &group.tests {
            score(
                &mut tally,
                &forms,
                Alg::EdDSA,
                test.tc_id,
                test.result,
                &test.msg,
                &test.sig,
            );
        }
    }
    tally.finish("EdDSA ed25519");
}

/// Our policy: RSA keys under 2048 bits are refused when the key is loaded, whatever form they come in.
#[test]
fn rsa_keys_under_2048_bits_are_refused_at_load() {
    use wycheproof::rsa_pkcs1_verify::{TestName, TestSet};
    let set = TestSet::load(TestName::Rsa2048Sha256).expect("loads");
    let group = &set.test_groups[0];
    // Drop the top 1024 bits of a real modulus: a well-formed 1024-bit key.
    let n = &group.key.n;
    let start = n.iter().position(|&b| b != 0).expect("non-zero modulus");
    let short = &n[start + 128..];
    let jwk = rsa_jwk(short, &group.key.e, "RS256", "small");
    assert!(matches!(
        keys::from_jwk(&jwk, false),
        Err(JwtError::KeyTooSmall)
    ));
    let pkcs1 = node_red_auth_jwt::der::rsa_public_key(short, &group.key.e);
    let pem = format!(
        "-----BEGIN RSA PUBLIC KEY-----\n{}\n-----END RSA PUBLIC KEY-----\n",
        base64::engine::general_purpose::STANDARD.encode(&pkcs1)
    );
    assert!(matches!(
        keys::from_pem(pem.as_bytes()),
        Err(JwtError::KeyTooSmall)
    ));
    println!("wycheproof small-key policy: 1024-bit JWK and PKCS#1 PEM refused with KeyTooSmall");
}

/// Known-answer vectors from the RFCs: RFC 7515 A.1 (HS256), A.2 (RS256), A.3 (ES256), A.4 (ES512) and
/// RFC 8037 A.4 (EdDSA), through the full `Verifier`. A.1-A.3 carry `exp` 1300819380, so the clock is set
/// just before it; A.4 and RFC 8037 sign a non-JSON payload, so they pass the signature and then stop at
/// the payload check, while a one-character change in the payload stops them at the signature.
#[test]
fn rfc_known_answer_vectors() {
    use node_red_auth_jwt::{KeyInput, Verifier};
    const CLAIMS: &str = "eyJpc3MiOiJqb2UiLA0KICJleHAiOjEzMDA4MTkzODAsDQogImh0dHA6Ly9leGFtcGxlLmNvbS9pc19yb290Ijp0cnVlfQ";
    let at = r#"{"clockTimestamp":1300819000}"#;
    let a1_key = r#"{"kty":"oct","k":"AyM1SysPpbyDfgZld3umj1qzKObwVMkoqQ-EstJQLr_T-1qS0gZH75aKtMN3Yj0iPS4hcgUuTwjAzZr1Z9CAow"}"#;
    let a1 = format!("eyJ0eXAiOiJKV1QiLA0KICJhbGciOiJIUzI1NiJ9.{CLAIMS}.dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
    let a2_key = r#"{"kty":"RSA","e":"AQAB","n":"ofgWCuLjybRlzo0tZWJjNiuSfb4p4fAkd_wWJcyQoTbji9k0l8W26mPddxHmfHQp-Vaw-4qPCJrcS2mJPMEzP1Pt0Bm4d4QlL-yRT-SFd2lZS-pCgNMsD1W_YpRPEwOWvG6b32690r2jZ47soMZo9wGzjb_7OMg0LOL-bSf63kpaSHSXndS5z5rexMdbBYUsLA9e-KXBdQOS-UTo7WTBEMa2R2CapHg665xsmtdVMTBQY4uDZlxvb3qCo5ZwKh9kG4LT6_I5IhlJH7aGhyxXFvUK-DWNmoudF8NAco9_h9iaGNj8q2ethFkMLs91kzk2PAcDTW9gb54h4FRWyuXpoQ"}"#;
    let a2 = format!("eyJhbGciOiJSUzI1NiJ9.{CLAIMS}.cC4hiUPoj9Eetdgtv3hF80EGrhuB__dzERat0XF9g2VtQgr9PJbu3XOiZj5RZmh7AAuHIm4Bh-0Qc_lF5YKt_O8W2Fp5jujGbds9uJdbF9CUAr7t1dnZcAcQjbKBYNX4BAynRFdiuB--f_nZLgrnbyTyWzO75vRK5h6xBArLIARNPvkSjtQBMHlb1L07Qe7K0GarZRmB_eSN9383LcOLn6_dO--xi12jzDwusC-eOkHWEsqtFZESc6BfI7noOPqvhJ1phCnvWh6IeYI2w9QOYEUipUTI8np6LbgGY9Fs98rqVt5AXLIhWkWywlVmtVrBp0igcN_IoypGlUPQGe77Rw");
    let a3_key = "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEf83OJ3D2xF1Bg8vub9tLe1gHMzV7\n6e8Tus9uPHvRVEXH8UTNG72bfocs3+257rn0s2ldbqkLJK2KRiMohYjlrQ==\n-----END PUBLIC KEY-----\n";
    let a3 = format!("eyJhbGciOiJFUzI1NiJ9.{CLAIMS}.DtEhU3ljbEg8L38VWAfUAqOyKAM6-Xx-F4GawxaepmXFCgfTjDxw5djxLa8ISlSApmWQxfKTUJqPP3-Kg6NU1Q");
    let a4_key = r#"{"kty":"EC","crv":"P-521","x":"AekpBQ8ST8a8VcfVOTNl353vSrDCLLJXmPk06wTjxrrjcBpXp5EOnYG_NjFZ6OvLFV1jSfS9tsz4qUxcWceqwQGk","y":"ADSmRA43Z1DSNx_RvcLI87cdL07l6jQyyBXMoxVg_l2Th-x3S1WDhjDly79ajL4Kkd0AZMaZmh9ubmf63e3kyMj2"}"#;
    let a4_sig = "AdwMgeerwtHoh-l192l60hp9wAHZFVJbLfD_UxMi70cwnZOYaRI1bKPWROc-mZZqwqT2SI-KGDKB34XO0aw_7XdtAG8GaSwFKdCAPZgoXD2YBJZCPEX3xKpRwcdOO8KpEHwJjyqOgzDO7iKvU8vcnwNrmxYbSW9ERBXukOXolLzeO_Jn";
    let ed_key =
        r#"{"kty":"OKP","crv":"Ed25519","x":"11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}"#;
    let ed_sig =
        "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg";

    let claims = r#"{"iss":"joe","#;
    for (name, key, token) in [
        ("A.1 HS256", KeyInput::Jwk(a1_key), &a1),
        ("A.2 RS256", KeyInput::Jwk(a2_key), &a2),
        ("A.3 ES256", KeyInput::Pem(a3_key.as_bytes()), &a3),
    ] {
        let v = Verifier::new(key, at).expect(name);
        let payload = v.verify(token).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(payload.starts_with(claims), "{name}: {payload}");
        // The same token after its exp is expired, with the time node jsonwebtoken would report.
        let late = Verifier::new(
            match name {
                "A.1 HS256" => KeyInput::Jwk(a1_key),
                "A.2 RS256" => KeyInput::Jwk(a2_key),
                _ => KeyInput::Pem(a3_key.as_bytes()),
            },
            "{}",
        )
        .expect(name);
        assert_eq!(
            late.verify(token).err(),
            Some(JwtError::Expired(1_300_819_380.0)),
            "{name}"
        );
    }
    for (name, key, header, payload, sig) in [
        (
            "A.4 ES512",
            a4_key,
            "eyJhbGciOiJFUzUxMiJ9",
            "UGF5bG9hZA",
            a4_sig,
        ),
        (
            "RFC 8037 A.4 EdDSA",
            ed_key,
            "eyJhbGciOiJFZERTQSJ9",
            "RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc",
            ed_sig,
        ),
    ] {
        let v = Verifier::new(KeyInput::Jwk(key), "{}").expect(name);
        let token = format!("{header}.{payload}.{sig}");
        assert_eq!(
            v.verify(&token).err(),
            Some(JwtError::PayloadNotObject),
            "{name}"
        );
        let mut changed = payload.to_string();
        changed.replace_range(0..1, if payload.starts_with('U') { "V" } else { "S" });
        let forged = format!("{header}.{changed}.{sig}");
        assert_eq!(
            v.verify(&forged).err(),
            Some(JwtError::InvalidSignature),
            "{name}"
        );
    }
    println!("wycheproof RFC known answers: RFC 7515 A.1-A.4 and RFC 8037 A.4 verified");
}

/// PKCS#1 v1.5 signatures made with a hash JWA does not use (SHA-224, SHA-512/256, SHA3) must never verify
/// as RS256/RS384/RS512, whatever Wycheproof says about them under their own hash.
#[test]
fn rsa_pkcs1_other_hashes_never_verify_as_jwa() {
    use wycheproof::rsa_pkcs1_verify::TestName::*;
    use wycheproof::rsa_pkcs1_verify::TestSet;
    for (name, label) in [
        (Rsa2048Sha224, "rsa_signature_2048_sha224"),
        (Rsa2048Sha512_256, "rsa_signature_2048_sha512_256"),
        (Rsa2048Sha3_256, "rsa_signature_2048_sha3_256"),
        (Rsa3072Sha3_384, "rsa_signature_3072_sha3_384"),
        (Rsa3072Sha3_512, "rsa_signature_3072_sha3_512"),
    ] {
        let set = TestSet::load(name).expect("wycheproof set loads");
        let mut tally = Tally::default();
        for group in set.test_groups {
            for alg in [Alg::RS256, Alg::RS384, Alg::RS512] {
                let forms = prepare(vec![("der", keys::from_spki(&group.der))], alg);
                // Wycheproof's WrongHash cases include genuine signatures made with SHA-256/384/512 (invalid
                // under the file's hash): those are real RSxxx signatures and must verify as exactly that alg.
                let genuine = format!(
                    "The message is hashed with SHA-{} instead of",
                    &alg.name()[2..]
                );
                for test in &group.tests {
                    let expected = if test.comment.starts_with(&genuine) {
                        TestResult::Valid
                    } else {
                        TestResult::Invalid
                    };
                    score(
                        &mut tally, &forms, alg, test.tc_id, expected, &test.msg, &test.sig,
                    );
                }
            }
        }
        tally.finish(&format!("RS* {label} (other hash, must reject)"));
    }
}
