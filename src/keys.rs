//! Key material from every form a user hands us (secret, PEM, certificate, JWK, JWKS), parsed once and
//! prepared for the algorithms it may verify.

use crate::alg::{Alg, Curve, Family};
use crate::der;
use crate::error::{JwtError, Result};
use aws_lc_rs::hmac;
use aws_lc_rs::signature::ParsedPublicKey;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::Engine;
use serde_json::{Map, Value};

/// JWK members are written by key owners, not attackers, and some providers pad them.
const JWK_B64: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::URL_SAFE,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

const MIN_RSA_BITS: usize = 2048;
const MAX_RSA_BITS: usize = 8192;
const PRIVATE_JWK_MEMBERS: [&str; 7] = ["d", "p", "q", "dp", "dq", "qi", "oth"];

/// Raw key bytes in a form aws-lc accepts, tagged with the family they belong to.
#[derive(Clone, Debug)]
pub enum Material {
    Secret(Vec<u8>),
    /// PKCS#1 RSAPublicKey or SubjectPublicKeyInfo DER.
    Rsa(Vec<u8>),
    /// SubjectPublicKeyInfo DER or an uncompressed SEC1 point.
    Ec(Curve, Vec<u8>),
    /// SubjectPublicKeyInfo DER or the raw 32-byte key.
    Ed25519(Vec<u8>),
}

impl Material {
    pub fn family(&self) -> Family {
        match self {
            Material::Secret(_) => Family::Hmac,
            Material::Rsa(_) => Family::Rsa,
            Material::Ec(curve, _) => Family::Ec(*curve),
            Material::Ed25519(_) => Family::Ed25519,
        }
    }
}

/// A key plus the JWK parameters that restrict where it may be used.
#[derive(Clone, Debug)]
pub struct KeySpec {
    pub material: Material,
    pub kid: Option<String>,
    pub alg: Option<String>,
    pub usage: Option<String>,
    pub key_ops: Option<Vec<String>>,
}

impl KeySpec {
    fn bare(material: Material) -> Self {
        KeySpec {
            material,
            kid: None,
            alg: None,
            usage: None,
            key_ops: None,
        }
    }

    /// Whether this key may verify `alg` at all, by its own type and its JWK `alg`, `use` and `key_ops`.
    pub fn permits(&self, alg: Alg) -> bool {
        self.material.family() == alg.family()
            && self.alg.as_deref().is_none_or(|a| a == alg.name())
            && self.usage.as_deref().is_none_or(|u| u == "sig")
            && self
                .key_ops
                .as_ref()
                .is_none_or(|ops| ops.iter().any(|op| op == "verify"))
    }
}

fn invalid(detail: &str) -> JwtError {
    JwtError::KeyInvalid(detail.to_string())
}

/// An HMAC secret. PEM text is refused so that a public key can never be turned into a MAC key
/// (the algorithm-confusion attack, CVE-2015-9235 and its descendants).
pub fn from_secret(secret: &[u8]) -> Result<KeySpec> {
    if secret.is_empty() {
        return Err(invalid("the secret is empty"));
    }
    if secret.windows(10).any(|w| w == b"-----BEGIN") {
        return Err(invalid("PEM text is never used as an HMAC secret"));
    }
    Ok(KeySpec::bare(Material::Secret(secret.to_vec())))
}

/// A PEM public key (`PUBLIC KEY`, `RSA PUBLIC KEY` or `CERTIFICATE`).
pub fn from_pem(text: &[u8]) -> Result<KeySpec> {
    let blocks = pem::parse_many(text).map_err(|_| invalid("the PEM text cannot be parsed"))?;
    let block = blocks
        .first()
        .ok_or_else(|| invalid("no PEM block was found"))?;
    match block.tag() {
        "PUBLIC KEY" => from_spki(block.contents()),
        "CERTIFICATE" => {
            let spki = der::certificate_spki(block.contents())
                .ok_or_else(|| invalid("the certificate cannot be parsed"))?;
            from_spki(spki)
        }
        "RSA PUBLIC KEY" => rsa_checked(block.contents().to_vec(), block.contents()),
        tag if tag.contains("PRIVATE") => Err(invalid("give the public key, not a private key")),
        _ => Err(invalid("unsupported PEM block type")),
    }
}

fn rsa_checked(der_for_aws_lc: Vec<u8>, pkcs1: &[u8]) -> Result<KeySpec> {
    let bits = der::rsa_modulus_bits(pkcs1).ok_or_else(|| invalid("bad RSA public key"))?;
    if bits < MIN_RSA_BITS {
        return Err(JwtError::KeyTooSmall);
    }
    if bits > MAX_RSA_BITS {
        return Err(invalid("RSA keys over 8192 bits are not supported"));
    }
    Ok(KeySpec::bare(Material::Rsa(der_for_aws_lc)))
}

/// Encodings (sign bit cleared) of the Ed25519 points of order 1, 2, 4 and 8, including the non-canonical
/// y = p and y = p + 1. A key of small order verifies forged signatures (e.g. R = identity, S = 0 for the
/// identity key), and aws-lc does not refuse such keys, so we do.
const ED25519_SMALL_ORDER: [[u8; 32]; 7] = [
    [0; 32],
    {
        let mut k = [0; 32];
        k[0] = 1;
        k
    },
    [
        0x26, 0xe8, 0x95, 0x8f, 0xc2, 0xb2, 0x27, 0xb0, 0x45, 0xc3, 0xf4, 0x89, 0xf2, 0xef, 0x98,
        0xf0, 0xd5, 0xdf, 0xac, 0x05, 0xd3, 0xc6, 0x33, 0x39, 0xb1, 0x38, 0x02, 0x88, 0x6d, 0x53,
        0xfc, 0x05,
    ],
    [
        0xc7, 0x17, 0x6a, 0x70, 0x3d, 0x4d, 0xd8, 0x4f, 0xba, 0x3c, 0x0b, 0x76, 0x0d, 0x10, 0x67,
        0x0f, 0x2a, 0x20, 0x53, 0xfa, 0x2c, 0x39, 0xcc, 0xc6, 0x4e, 0xc7, 0xfd, 0x77, 0x92, 0xac,
        0x03, 0x7a,
    ],
    ed25519_high(0xec),
    ed25519_high(0xed),
    ed25519_high(0xee),
];

/// `low, 0xff x 30, 0x7f`: p - 1, p and p + 1 for low = 0xec, 0xed, 0xee.
const fn ed25519_high(low: u8) -> [u8; 32] {
    let mut k = [0xff; 32];
    k[0] = low;
    k[31] = 0x7f;
    k
}

fn ed25519_checked(key: &[u8]) -> Result<()> {
    let Ok(key) = <[u8; 32]>::try_from(key) else {
        return Err(invalid("an Ed25519 key is 32 bytes"));
    };
    let mut unsigned = key;
    unsigned[31] &= 0x7f;
    if ED25519_SMALL_ORDER.contains(&unsigned) {
        return Err(invalid("the Ed25519 key is a point of small order"));
    }
    Ok(())
}

/// A DER SubjectPublicKeyInfo: RSA, EC P-256/P-384/P-521 or Ed25519.
pub fn from_spki(spki_der: &[u8]) -> Result<KeySpec> {
    let spki = der::parse_spki(spki_der).ok_or_else(|| invalid("bad SubjectPublicKeyInfo"))?;
    let owned = spki.der.to_vec();
    match spki.algorithm {
        der::OID_RSA => rsa_checked(owned, spki.public_key),
        der::OID_EC => {
            let curve = match spki.parameter_oid {
                Some(der::OID_P256) => Curve::P256,
                Some(der::OID_P384) => Curve::P384,
                Some(der::OID_P521) => Curve::P521,
                _ => return Err(invalid("unsupported elliptic curve")),
            };
            Ok(KeySpec::bare(Material::Ec(curve, owned)))
        }
        der::OID_ED25519 => {
            ed25519_checked(spki.public_key)?;
            Ok(KeySpec::bare(Material::Ed25519(owned)))
        }
        _ => Err(invalid("unsupported key type")),
    }
}

fn b64_member(jwk: &Map<String, Value>, name: &str) -> Result<Vec<u8>> {
    let text = jwk
        .get(name)
        .and_then(Value::as_str)
        .ok_or_else(|| invalid(&format!("the JWK has no \"{name}\" member")))?;
    JWK_B64
        .decode(text)
        .map_err(|_| invalid(&format!("the JWK \"{name}\" member is not base64url")))
}

fn string_member(jwk: &Map<String, Value>, name: &str) -> Option<String> {
    jwk.get(name).and_then(Value::as_str).map(str::to_string)
}

/// One JWK. `remote` keys come from a fetched set: private and symmetric keys there are refused outright,
/// since a provider that publishes them has leaked them.
pub fn from_jwk(value: &Value, remote: bool) -> Result<KeySpec> {
    let jwk = value
        .as_object()
        .ok_or_else(|| invalid("a JWK must be a JSON object"))?;
    let kty = jwk
        .get("kty")
        .and_then(Value::as_str)
        .ok_or_else(|| invalid("the JWK has no \"kty\""))?;
    if remote && (kty == "oct" || PRIVATE_JWK_MEMBERS.iter().any(|m| jwk.contains_key(*m))) {
        return Err(invalid(
            "a remote key set must not contain private or symmetric keys",
        ));
    }
    // The typed parse from the jsonwebtoken crate checks the member names and types of each key type.
    let typed: jsonwebtoken::jwk::Jwk = serde_json::from_value(value.clone())
        .map_err(|_| invalid("the JWK members are malformed"))?;
    use jsonwebtoken::jwk::{AlgorithmParameters, EllipticCurve};
    let material = match (&typed.algorithm, kty) {
        (AlgorithmParameters::RSA(_), "RSA") => {
            let n = b64_member(jwk, "n")?;
            let e = b64_member(jwk, "e")?;
            let pkcs1 = der::rsa_public_key(&n, &e);
            rsa_checked(pkcs1.clone(), &pkcs1)?.material
        }
        (AlgorithmParameters::EllipticCurve(params), "EC") => {
            let curve = match params.curve {
                EllipticCurve::P256 => Curve::P256,
                EllipticCurve::P384 => Curve::P384,
                EllipticCurve::P521 => Curve::P521,
                _ => return Err(invalid("unsupported elliptic curve")),
            };
            let x = b64_member(jwk, "x")?;
            let y = b64_member(jwk, "y")?;
            if x.len() != curve.coordinate_len() || y.len() != curve.coordinate_len() {
                return Err(invalid("the EC coordinates do not fit the curve"));
            }
            let mut point = Vec::with_capacity(1 + 2 * x.len());
            point.push(0x04);
            point.extend_from_slice(&x);
            point.extend_from_slice(&y);
            Material::Ec(curve, point)
        }
        (AlgorithmParameters::OctetKeyPair(params), "OKP") => {
            if params.curve != EllipticCurve::Ed25519 {
                return Err(invalid("only the Ed25519 OKP curve is supported"));
            }
            let x = b64_member(jwk, "x")?;
            ed25519_checked(&x)?;
            Material::Ed25519(x)
        }
        (AlgorithmParameters::OctetKey(_), "oct") => from_secret(&b64_member(jwk, "k")?)?.material,
        _ => return Err(invalid("unsupported JWK key type")),
    };
    let key_ops = match jwk.get("key_ops") {
        None => None,
        Some(Value::Array(ops)) => Some(
            ops.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect(),
        ),
        Some(_) => return Err(invalid("the JWK \"key_ops\" must be an array")),
    };
    Ok(KeySpec {
        material,
        kid: string_member(jwk, "kid"),
        alg: string_member(jwk, "alg"),
        usage: string_member(jwk, "use"),
        key_ops,
    })
}

/// A JWKS `{"keys": [...]}`. Keys this library cannot use (other types, encryption keys) are skipped,
/// as jose does; a set with no usable key at all is an error.
pub fn from_jwks(value: &Value, remote: bool) -> Result<Vec<KeySpec>> {
    let keys = value
        .get("keys")
        .and_then(Value::as_array)
        .ok_or_else(|| invalid("a JWKS must be an object with a \"keys\" array"))?;
    let mut usable = Vec::with_capacity(keys.len());
    for key in keys {
        match from_jwk(key, remote) {
            Ok(spec) => usable.push(spec),
            // A leaked private key poisons the whole set; anything else just is not ours to use.
            Err(e) if remote && e.message().contains("private or symmetric") => return Err(e),
            Err(_) => {}
        }
    }
    if usable.is_empty() {
        return Err(invalid("the JWKS holds no usable signing key"));
    }
    Ok(usable)
}

/// A key made ready for the algorithms it may verify; built once, used for every token.
pub struct PreparedKey {
    pub spec: KeySpec,
    slots: Vec<(Alg, Prepared)>,
}

enum Prepared {
    // Boxed: an HMAC key's precomputed state is over 1 KiB, a parsed public key a pointer.
    Hmac(Box<hmac::Key>),
    Public(ParsedPublicKey),
}

impl PreparedKey {
    pub fn new(spec: KeySpec, algs: &[Alg]) -> Result<Self> {
        let mut slots = Vec::new();
        for &alg in algs.iter().filter(|a| spec.permits(**a)) {
            let prepared = match (&spec.material, alg.hmac(), alg.verification()) {
                (Material::Secret(secret), Some(h), _) => {
                    Prepared::Hmac(Box::new(hmac::Key::new(h, secret)))
                }
                (
                    Material::Rsa(der) | Material::Ec(_, der) | Material::Ed25519(der),
                    _,
                    Some(v),
                ) => Prepared::Public(
                    ParsedPublicKey::new(v, der)
                        .map_err(|_| invalid("the public key was rejected"))?,
                ),
                _ => continue,
            };
            slots.push((alg, prepared));
        }
        Ok(PreparedKey { spec, slots })
    }

    pub fn family(&self) -> Family {
        self.spec.material.family()
    }

    /// Whether this key was prepared for `alg` (its type, JWK restrictions and the allowed list all agree).
    pub fn supports(&self, alg: Alg) -> bool {
        self.slots.iter().any(|(a, _)| *a == alg)
    }

    pub fn verify(&self, alg: Alg, message: &[u8], signature: &[u8]) -> bool {
        match self.slots.iter().find(|(a, _)| *a == alg) {
            Some((_, Prepared::Hmac(key))) => hmac::verify(key, message, signature).is_ok(),
            Some((_, Prepared::Public(key))) => key.verify_sig(message, signature).is_ok(),
            None => false,
        }
    }
}

/// The message node's jsonwebtoken gives when a key cannot verify an algorithm, so users see the same text.
pub fn mismatch(family: Family, alg: Alg) -> JwtError {
    let message = match (family, alg.family()) {
        (Family::Hmac, _) => format!(
            "secretOrPublicKey must be an asymmetric key when using {}",
            alg.name()
        ),
        (_, Family::Hmac) => format!(
            "secretOrPublicKey must be a symmetric key when using {}",
            alg.name()
        ),
        // Names the curve the algorithm needs, not the key's, as node's jsonwebtoken does.
        (Family::Ec(_), Family::Ec(needed)) => format!(
            "\"alg\" parameter \"{}\" requires curve \"{}\".",
            alg.name(),
            needed.openssl_name()
        ),
        (family, _) => {
            let allowed: Vec<&str> = match family {
                Family::Rsa => vec!["RS256", "PS256", "RS384", "PS384", "RS512", "PS512"],
                Family::Ec(_) => vec!["ES256", "ES384", "ES512"],
                _ => vec!["EdDSA"],
            };
            format!(
                "\"alg\" parameter for \"{}\" key type must be one of: {}.",
                family.key_type_name(),
                allowed.join(", ")
            )
        }
    };
    JwtError::KeyMismatch(message)
}
