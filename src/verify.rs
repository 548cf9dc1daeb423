//! Verify a compact JWS: shape, header, algorithm policy, key choice, signature, then claims.
//! Returns the payload as JSON text so that JS builds the object with `JSON.parse`, as node jsonwebtoken does.

use crate::alg::Alg;
use crate::claims::{Claims, Policy};
use crate::error::{JwtError, Result};
use crate::keys::{self, KeySpec, PreparedKey};
use crate::options;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::Value;
use std::borrow::Cow;
use std::cell::RefCell;
use std::fmt;

/// How the caller hands over the key.
pub enum KeyInput<'a> {
    Secret(&'a [u8]),
    Pem(&'a [u8]),
    Jwk(&'a str),
    Jwks(&'a str),
    /// A JWKS fetched from a provider: private and symmetric keys are refused.
    RemoteJwks(&'a str),
}

/// Header members we act on. Declaring them makes a duplicate (`{"alg":"HS256","alg":"none"}`) a parse error.
#[derive(Deserialize)]
struct Header<'h> {
    #[serde(default, borrow)]
    alg: Member<'h>,
    #[serde(default, borrow)]
    kid: Member<'h>,
    #[serde(default, borrow)]
    crit: Member<'h>,
    #[serde(default, borrow)]
    b64: Member<'h>,
}

/// A header member as we act on it: absent, a string, or any other JSON value (JSON `null` included, which
/// counts as present). A string without escapes is borrowed from the header text, so the per-token parse
/// allocates nothing for it.
#[derive(Default)]
enum Member<'h> {
    #[default]
    Absent,
    Str(Cow<'h, str>),
    Other,
}

impl<'de: 'h, 'h> Deserialize<'de> for Member<'h> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        d.deserialize_any(MemberVisitor(std::marker::PhantomData))
    }
}

struct MemberVisitor<'h>(std::marker::PhantomData<&'h ()>);

impl<'de: 'h, 'h> Visitor<'de> for MemberVisitor<'h> {
    type Value = Member<'h>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> std::result::Result<Self::Value, E> {
        Ok(Member::Str(Cow::Borrowed(v)))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<Self::Value, E> {
        Ok(Member::Str(Cow::Owned(v.to_owned())))
    }
    fn visit_string<E: de::Error>(self, v: String) -> std::result::Result<Self::Value, E> {
        Ok(Member::Str(Cow::Owned(v)))
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> std::result::Result<Self::Value, E> {
        Ok(Member::Other)
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> std::result::Result<Self::Value, E> {
        Ok(Member::Other)
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> std::result::Result<Self::Value, E> {
        Ok(Member::Other)
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> std::result::Result<Self::Value, E> {
        Ok(Member::Other)
    }
    fn visit_unit<E: de::Error>(self) -> std::result::Result<Self::Value, E> {
        Ok(Member::Other)
    }
    fn visit_seq<A: SeqAccess<'de>>(
        self,
        mut seq: A,
    ) -> std::result::Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Member::Other)
    }
    fn visit_map<A: MapAccess<'de>>(
        self,
        mut map: A,
    ) -> std::result::Result<Self::Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Member::Other)
    }
}

impl Member<'_> {
    fn is_present(&self) -> bool {
        !matches!(self, Member::Absent)
    }
}

/// Longest header and signature decoded on the stack; longer ones (a huge header, an RSA signature over
/// 8192 bits) take a heap buffer. A payload is always a heap buffer: it becomes the returned text.
const STACK_HEADER: usize = 512;
const STACK_SIGNATURE: usize = 1032;

struct Parts<'t, 'b> {
    signing_input: &'t [u8],
    header: Cow<'b, [u8]>,
    payload: Vec<u8>,
    signature: Cow<'b, [u8]>,
}

fn b64(segment: &str) -> Result<Vec<u8>> {
    URL_SAFE_NO_PAD
        .decode(segment)
        .map_err(|_| JwtError::InvalidToken)
}

/// Decodes into `buf` when the result surely fits, else into a new Vec; the same decoder and the same
/// rejections either way.
fn b64_small<'b>(segment: &str, buf: &'b mut [u8]) -> Result<Cow<'b, [u8]>> {
    if base64::decoded_len_estimate(segment.len()) > buf.len() {
        return b64(segment).map(Cow::Owned);
    }
    let len = URL_SAFE_NO_PAD
        .decode_slice(segment, buf)
        .map_err(|_| JwtError::InvalidToken)?;
    Ok(Cow::Borrowed(&buf[..len]))
}

/// Space for `split`'s header and signature.
struct SplitBuffers {
    header: [u8; STACK_HEADER],
    signature: [u8; STACK_SIGNATURE],
}

impl SplitBuffers {
    fn new() -> Self {
        SplitBuffers {
            header: [0; STACK_HEADER],
            signature: [0; STACK_SIGNATURE],
        }
    }
}

thread_local! {
    // One set per thread, reused by every verification on it, so a token costs no buffer zeroing. Decoding
    // writes exactly the bytes it reports and only those are read, so nothing of an earlier token shows.
    static SPLIT_BUFFERS: RefCell<SplitBuffers> = RefCell::new(SplitBuffers::new());
}

fn split<'t, 'b>(
    token: &'t str,
    max_bytes: usize,
    bufs: &'b mut SplitBuffers,
) -> Result<Parts<'t, 'b>> {
    if token.len() > max_bytes {
        return Err(JwtError::TooLarge);
    }
    let mut segments = token.split('.');
    let (Some(h), Some(p), Some(s), None) = (
        segments.next(),
        segments.next(),
        segments.next(),
        segments.next(),
    ) else {
        return Err(JwtError::Malformed);
    };
    if h.is_empty() || p.is_empty() {
        return Err(JwtError::InvalidToken);
    }
    let signing_input = &token.as_bytes()[..h.len() + 1 + p.len()];
    Ok(Parts {
        signing_input,
        header: b64_small(h, &mut bufs.header)?,
        payload: b64(p)?,
        signature: b64_small(s, &mut bufs.signature)?,
    })
}

/// Deepest JSON nesting accepted in a header or payload (serde_json's own limit for the members we parse;
/// members we skip are not depth-checked by serde_json, and the payload goes on to user code).
const MAX_JSON_DEPTH: usize = 128;

/// Whether the JSON text nests no deeper than `MAX_JSON_DEPTH`. Runs before parsing; syntax is serde's job.
fn depth_ok(json: &[u8]) -> bool {
    // Fast path (this runs on every token): fewer opening brackets than the limit, wherever they are, cannot
    // nest deeper than it. `b | 0x20 == b'{'` holds exactly for `{` and `[`; counting per 128-byte chunk in a
    // u8 lets the compiler vectorise the scan.
    let openers: usize = json
        .chunks(128)
        .map(|chunk| {
            chunk
                .iter()
                .fold(0u8, |n, &b| n + u8::from(b | 0x20 == b'{')) as usize
        })
        .sum();
    if openers <= MAX_JSON_DEPTH {
        return true;
    }
    let (mut depth, mut in_string, mut escaped) = (0usize, false, false);
    for &b in json {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' | b'[' => {
                depth += 1;
                if depth > MAX_JSON_DEPTH {
                    return false;
                }
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    true
}

fn parse_header(bytes: &[u8]) -> Result<Header<'_>> {
    // The header must be an object (serde would also take an array for a struct); JSON whitespace may lead.
    let first = bytes
        .iter()
        .find(|b| !matches!(b, b' ' | b'\t' | b'\r' | b'\n'));
    if first != Some(&b'{') || !depth_ok(bytes) {
        return Err(JwtError::InvalidToken);
    }
    // serde_json does not check UTF-8 inside members it skips; RFC 7515 §5.2 wants valid UTF-8 throughout.
    let text = std::str::from_utf8(bytes).map_err(|_| JwtError::InvalidToken)?;
    let header: Header = serde_json::from_str(text).map_err(|_| JwtError::InvalidToken)?;
    // We implement no JWS extension, so any `crit` is one we do not understand (RFC 7515 §4.1.11);
    // an unencoded payload (RFC 7797 `b64:false`) would change what the signature covers.
    if header.crit.is_present() || header.b64.is_present() {
        return Err(JwtError::Crit);
    }
    Ok(header)
}

/// The header of a well-formed token, as JSON text, for callers that choose a key from it.
pub fn decode_header(token: &str, max_bytes: usize) -> Result<String> {
    let mut bufs = SplitBuffers::new();
    let parts = split(token, max_bytes, &mut bufs)?;
    parse_header(&parts.header)?;
    String::from_utf8(parts.header.into_owned()).map_err(|_| JwtError::InvalidToken)
}

/// The header of a token's first segment alone (base64url, as in the token), as JSON text, with the same checks
/// and errors as `decode_header`: a key-set cache can refuse junk before it fetches anything.
pub fn decode_header_segment(segment: &str, max_bytes: usize) -> Result<String> {
    let header = header_bytes(segment, max_bytes)?;
    parse_header(&header)?;
    String::from_utf8(header).map_err(|_| JwtError::InvalidToken)
}

fn header_bytes(segment: &str, max_bytes: usize) -> Result<Vec<u8>> {
    if segment.len() > max_bytes {
        return Err(JwtError::TooLarge);
    }
    if segment.is_empty() {
        return Err(JwtError::InvalidToken);
    }
    b64(segment)
}

pub struct Verifier {
    keys: Vec<PreparedKey>,
    algorithms: Vec<Alg>,
    /// A key set chooses by `kid`; a single key ignores it, as node jsonwebtoken does.
    is_set: bool,
    policy: Policy,
    max_token_bytes: usize,
}

impl Verifier {
    pub fn new(key: KeyInput<'_>, options_json: &str) -> Result<Verifier> {
        let options = options::parse(options_json)?;
        let (specs, is_set) = match key {
            KeyInput::Secret(s) => (vec![keys::from_secret(s)?], false),
            KeyInput::Pem(p) => (vec![keys::from_pem(p)?], false),
            KeyInput::Jwk(j) => (vec![keys::from_jwk(&json(j)?, false)?], false),
            KeyInput::Jwks(j) => (keys::from_jwks(&json(j)?, false)?, true),
            KeyInput::RemoteJwks(j) => (keys::from_jwks(&json(j)?, true)?, true),
        };
        let algorithms = match options.algorithms {
            Some(list) => list,
            None => default_algorithms(&specs),
        };
        let keys = specs
            .into_iter()
            .map(|spec| PreparedKey::new(spec, &algorithms))
            .collect::<Result<Vec<_>>>()?;
        Ok(Verifier {
            keys,
            algorithms,
            is_set,
            policy: options.policy,
            max_token_bytes: options.max_token_bytes,
        })
    }

    pub fn max_token_bytes(&self) -> usize {
        self.max_token_bytes
    }

    /// Which of this verifier's keys fits a token with this header segment: the index of the first key whose
    /// kid, type, `alg` and `use` allow it, before any signature is looked at. `NoMatchingKey` when none does;
    /// a bad header or an algorithm the options refuse gives the error `verify` would give for it.
    pub fn select_key(&self, header_segment: &str) -> Result<usize> {
        let bytes = header_bytes(header_segment, self.max_token_bytes)?;
        let header = parse_header(&bytes)?;
        let alg = self.allowed_alg(&header)?;
        let mut candidates = self.candidates(alg, &header.kid)?;
        candidates
            .next()
            .map(|(index, _)| index)
            .ok_or(JwtError::NoMatchingKey)
    }

    fn allowed_alg(&self, header: &Header<'_>) -> Result<Alg> {
        match &header.alg {
            Member::Str(name) => Alg::parse(name),
            _ => None,
        }
        .filter(|a| self.algorithms.contains(a))
        .ok_or(JwtError::InvalidAlgorithm)
    }

    pub fn verify(&self, token: &str) -> Result<String> {
        SPLIT_BUFFERS.with(|cell| match cell.try_borrow_mut() {
            Ok(mut bufs) => self.verify_with(token, &mut bufs),
            // Only if a verification on this thread were re-entered: use fresh buffers.
            Err(_) => self.verify_with(token, &mut SplitBuffers::new()),
        })
    }

    fn verify_with(&self, token: &str, bufs: &mut SplitBuffers) -> Result<String> {
        let parts = split(token, self.max_token_bytes, bufs)?;
        let header = parse_header(&parts.header)?;
        if parts.signature.is_empty() {
            return Err(JwtError::SignatureRequired);
        }
        let alg = self.allowed_alg(&header)?;

        let mut tried = false;
        let mut verified = false;
        for (_, key) in self.candidates(alg, &header.kid)? {
            tried = true;
            if key.verify(alg, parts.signing_input, &parts.signature) {
                verified = true;
                break;
            }
        }
        if !tried {
            return Err(JwtError::NoMatchingKey);
        }
        if !verified {
            return Err(JwtError::InvalidSignature);
        }

        let payload = String::from_utf8(parts.payload).map_err(|_| JwtError::InvalidToken)?;
        if payload.trim_start().as_bytes().first() != Some(&b'{') {
            return Err(JwtError::PayloadNotObject);
        }
        if !depth_ok(payload.as_bytes()) {
            return Err(JwtError::InvalidToken);
        }
        let claims: Claims = serde_json::from_str(&payload).map_err(|_| JwtError::InvalidToken)?;
        self.policy.check(&claims)?;
        Ok(payload)
    }

    fn candidates<'s>(
        &'s self,
        alg: Alg,
        kid: &'s Member<'_>,
    ) -> Result<impl Iterator<Item = (usize, &'s PreparedKey)> + 's> {
        if !self.is_set {
            if let Some(key) = self.keys.first() {
                if key.family() != alg.family() {
                    return Err(keys::mismatch(key.family(), alg));
                }
                if !key.supports(alg) {
                    // The key's own JWK `alg`, `use` or `key_ops` rules it out.
                    return Err(JwtError::InvalidAlgorithm);
                }
            }
        }
        let wanted_kid = match kid {
            Member::Str(k) if self.is_set => Some(k.as_ref()),
            Member::Other if self.is_set => return Err(JwtError::NoMatchingKey),
            _ => None,
        };
        Ok(self.keys.iter().enumerate().filter(move |(_, k)| {
            k.supports(alg) && wanted_kid.is_none_or(|w| k.spec.kid.as_deref() == Some(w))
        }))
    }
}

fn json(text: &str) -> Result<Value> {
    serde_json::from_str(text).map_err(|_| JwtError::KeyInvalid("the key is not valid JSON".into()))
}

fn default_algorithms(specs: &[KeySpec]) -> Vec<Alg> {
    let mut algs: Vec<Alg> = Vec::new();
    for spec in specs {
        for alg in spec.material.family().default_algs() {
            if !algs.contains(&alg) {
                algs.push(alg);
            }
        }
    }
    algs
}

#[cfg(test)]
mod tests {
    use super::{depth_ok, MAX_JSON_DEPTH};

    #[test]
    fn depth_limit_is_exact_on_both_sides_of_the_bracket_count_shortcut() {
        let nested = |n: usize| format!("{}1{}", "[".repeat(n), "]".repeat(n));
        // At most MAX_JSON_DEPTH openers: decided by the count alone.
        assert!(depth_ok(nested(MAX_JSON_DEPTH).as_bytes()));
        // One more: the exact scan runs and refuses.
        assert!(!depth_ok(nested(MAX_JSON_DEPTH + 1).as_bytes()));
        // Many openers, but inside strings or side by side: the exact scan runs and accepts.
        let in_string = format!(r#"{{"x":"{}"}}"#, "{[".repeat(MAX_JSON_DEPTH));
        assert!(depth_ok(in_string.as_bytes()));
        let flat = format!("[{}1]", "[1],".repeat(MAX_JSON_DEPTH * 2));
        assert!(depth_ok(flat.as_bytes()));
        // An escaped quote does not end the string early.
        let escaped = format!(r#"{{"x":"\"{}"}}"#, "[".repeat(MAX_JSON_DEPTH + 5));
        assert!(depth_ok(escaped.as_bytes()));
    }
}
