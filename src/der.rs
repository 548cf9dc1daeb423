//! The few DER structures a public key arrives in: SubjectPublicKeyInfo, X.509 certificates and PKCS#1.
//! Only what is needed to learn a key's type and size; aws-lc re-parses and validates the key itself.

const SEQUENCE: u8 = 0x30;
const INTEGER: u8 = 0x02;
const BIT_STRING: u8 = 0x03;
const OID: u8 = 0x06;
const CONTEXT_0: u8 = 0xa0;

pub const OID_RSA: &[u8] = &[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];
pub const OID_EC: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
pub const OID_ED25519: &[u8] = &[0x2b, 0x65, 0x70];
pub const OID_P256: &[u8] = &[0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];
pub const OID_P384: &[u8] = &[0x2b, 0x81, 0x04, 0x00, 0x22];
pub const OID_P521: &[u8] = &[0x2b, 0x81, 0x04, 0x00, 0x23];

struct Reader<'a> {
    rest: &'a [u8],
}

impl<'a> Reader<'a> {
    fn new(data: &'a [u8]) -> Self {
        Reader { rest: data }
    }

    /// Reads one tag-length-value; returns the tag, the contents and the whole encoding.
    fn next(&mut self) -> Option<(u8, &'a [u8], &'a [u8])> {
        let data = self.rest;
        let tag = *data.first()?;
        let first = *data.get(1)?;
        let (len, header) = if first < 0x80 {
            (first as usize, 2)
        } else {
            let n = (first & 0x7f) as usize;
            // Indefinite lengths are BER, not DER; four length bytes already allow 4 GiB.
            if n == 0 || n > 4 {
                return None;
            }
            let mut len = 0usize;
            for i in 0..n {
                len = (len << 8) | *data.get(2 + i)? as usize;
            }
            (len, 2 + n)
        };
        let end = header.checked_add(len)?;
        let whole = data.get(..end)?;
        let contents = whole.get(header..)?;
        self.rest = data.get(end..)?;
        Some((tag, contents, whole))
    }

    fn expect(&mut self, tag: u8) -> Option<(&'a [u8], &'a [u8])> {
        match self.next()? {
            (t, contents, whole) if t == tag => Some((contents, whole)),
            _ => None,
        }
    }
}

/// A parsed SubjectPublicKeyInfo.
pub struct Spki<'a> {
    pub der: &'a [u8],
    pub algorithm: &'a [u8],
    /// The curve OID for EC keys.
    pub parameter_oid: Option<&'a [u8]>,
    pub public_key: &'a [u8],
}

pub fn parse_spki(der: &[u8]) -> Option<Spki<'_>> {
    let mut outer = Reader::new(der);
    let (body, whole) = outer.expect(SEQUENCE)?;
    if !outer.rest.is_empty() {
        return None;
    }
    let mut body = Reader::new(body);
    let (alg_id, _) = body.expect(SEQUENCE)?;
    let mut alg_id = Reader::new(alg_id);
    let (algorithm, _) = alg_id.expect(OID)?;
    let parameter_oid = match alg_id.next() {
        Some((OID, oid, _)) => Some(oid),
        _ => None,
    };
    let (bits, _) = body.expect(BIT_STRING)?;
    // A key is a whole number of bytes: the "unused bits" octet must be zero.
    let (&unused, public_key) = bits.split_first()?;
    if unused != 0 {
        return None;
    }
    Some(Spki {
        der: whole,
        algorithm,
        parameter_oid,
        public_key,
    })
}

/// The SubjectPublicKeyInfo inside an X.509 certificate. The certificate itself is not validated:
/// like node's `createPublicKey`, a certificate is only a container for the key here.
pub fn certificate_spki(der: &[u8]) -> Option<&[u8]> {
    let mut cert = Reader::new(der);
    let (cert_body, _) = cert.expect(SEQUENCE)?;
    let mut cert_body = Reader::new(cert_body);
    let (tbs, _) = cert_body.expect(SEQUENCE)?;
    let mut tbs = Reader::new(tbs);
    let (mut tag, _, _) = tbs.next()?;
    if tag == CONTEXT_0 {
        tag = tbs.next()?.0;
    }
    if tag != INTEGER {
        return None;
    }
    tbs.expect(SEQUENCE)?; // signature algorithm
    tbs.expect(SEQUENCE)?; // issuer
    tbs.expect(SEQUENCE)?; // validity
    tbs.expect(SEQUENCE)?; // subject
    let (_, spki) = tbs.expect(SEQUENCE)?;
    Some(spki)
}

/// Bit length of the modulus of a PKCS#1 RSAPublicKey.
pub fn rsa_modulus_bits(pkcs1: &[u8]) -> Option<usize> {
    let mut outer = Reader::new(pkcs1);
    let (body, _) = outer.expect(SEQUENCE)?;
    let mut body = Reader::new(body);
    let (modulus, _) = body.expect(INTEGER)?;
    body.expect(INTEGER)?;
    let significant: &[u8] = {
        let start = modulus.iter().position(|&b| b != 0)?;
        modulus.get(start..)?
    };
    let top = *significant.first()?;
    Some(significant.len() * 8 - top.leading_zeros() as usize)
}

fn push_len(out: &mut Vec<u8>, len: usize) {
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes = len.to_be_bytes();
        let skip = bytes.iter().take_while(|&&b| b == 0).count();
        out.push(0x80 | (bytes.len() - skip) as u8);
        out.extend_from_slice(&bytes[skip..]);
    }
}

fn push_unsigned_integer(out: &mut Vec<u8>, value: &[u8]) {
    let start = value.iter().position(|&b| b != 0).unwrap_or(value.len());
    let trimmed = &value[start..];
    let pad = trimmed.first().is_none_or(|&b| b & 0x80 != 0);
    out.push(INTEGER);
    push_len(out, trimmed.len() + usize::from(pad));
    if pad {
        out.push(0);
    }
    out.extend_from_slice(trimmed);
}

/// Encodes a PKCS#1 RSAPublicKey from the big-endian modulus and exponent of a JWK.
pub fn rsa_public_key(n: &[u8], e: &[u8]) -> Vec<u8> {
    let mut body = Vec::with_capacity(n.len() + e.len() + 16);
    push_unsigned_integer(&mut body, n);
    push_unsigned_integer(&mut body, e);
    let mut out = Vec::with_capacity(body.len() + 6);
    out.push(SEQUENCE);
    push_len(&mut out, body.len());
    out.extend_from_slice(&body);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rsa_roundtrip_reports_bits() {
        let mut n = vec![0xc0u8];
        n.extend(std::iter::repeat_n(0x11, 255));
        let der = rsa_public_key(&n, &[1, 0, 1]);
        assert_eq!(rsa_modulus_bits(&der), Some(2048));
    }

    #[test]
    fn truncated_and_oversized_lengths_are_rejected() {
        assert!(parse_spki(&[0x30, 0x82, 0xff]).is_none());
        assert!(parse_spki(&[0x30, 0x85, 1, 1, 1, 1, 1]).is_none());
        assert!(parse_spki(&[0x30, 0x80, 0, 0]).is_none());
        assert!(parse_spki(&[]).is_none());
        assert!(certificate_spki(&[0x30, 0x03, 0x30, 0x01, 0x02]).is_none());
    }
}
