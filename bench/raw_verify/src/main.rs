//! Usage: raw-verify DIR ALG... (DIR holds ALG.key, ALG.jwt; written by run.js).
//! Prints one JSON line per algorithm: µs per raw signature check and per whole core verification.

use aws_lc_rs::hmac;
use aws_lc_rs::signature::ParsedPublicKey;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use node_red_auth_jwt::alg::Alg;
use node_red_auth_jwt::keys::{self, Material};
use node_red_auth_jwt::verify::{KeyInput, Verifier};
use std::hint::black_box;
use std::time::{Duration, Instant};

/// Calls `f` in growing batches until one batch takes at least `min`; returns µs per call of the last batch.
fn time_per_call(min: Duration, mut f: impl FnMut() -> bool) -> f64 {
    let mut n = 16u32;
    loop {
        let start = Instant::now();
        for _ in 0..n {
            assert!(black_box(f()), "verification failed during timing");
        }
        let elapsed = start.elapsed();
        if elapsed >= min {
            return elapsed.as_secs_f64() * 1e6 / f64::from(n);
        }
        n = n.saturating_mul(2);
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let dir = &args[1];
    let round = Duration::from_millis(200);
    for name in &args[2..] {
        let alg = Alg::parse(name).expect("known algorithm");
        let key = std::fs::read(format!("{dir}/{name}.key")).expect("key file");
        let token = std::fs::read_to_string(format!("{dir}/{name}.jwt")).expect("token file");
        let token = token.trim();
        let dot = token.rfind('.').expect("a compact JWS");
        let (input, sig) = (&token.as_bytes()[..dot], &token[dot + 1..]);
        let sig = URL_SAFE_NO_PAD.decode(sig).expect("base64url signature");

        let mut raw: Box<dyn FnMut() -> bool> = match alg.hmac() {
            Some(h) => {
                let k = hmac::Key::new(h, &key);
                Box::new(move || hmac::verify(&k, input, &sig).is_ok())
            }
            None => {
                let der = match keys::from_pem(&key).expect("PEM public key").material {
                    Material::Rsa(d) | Material::Ec(_, d) | Material::Ed25519(d) => d,
                    Material::Secret(_) => unreachable!("a PEM is never a secret"),
                };
                let parsed = ParsedPublicKey::new(alg.verification().expect("asymmetric"), &der)
                    .expect("aws-lc accepts the key");
                Box::new(move || parsed.verify_sig(input, &sig).is_ok())
            }
        };
        let options = format!(
            r#"{{"algorithms":["{name}"],"issuer":["https://issuer.bench.local"],"audience":["node-red-admin"]}}"#
        );
        let input_key = if alg.hmac().is_some() { KeyInput::Secret(&key) } else { KeyInput::Pem(&key) };
        let verifier = Verifier::new(input_key, &options).expect("verifier");
        let mut core = || verifier.verify(token).is_ok();

        // Warm up, then alternate the two for seven rounds and keep the medians.
        time_per_call(round / 2, &mut raw);
        time_per_call(round / 2, &mut core);
        let (mut r, mut c) = (Vec::new(), Vec::new());
        for _ in 0..7 {
            r.push(time_per_call(round, &mut raw));
            c.push(time_per_call(round, &mut core));
        }
        println!(
            r#"{{"alg":"{name}","rawUs":{:.3},"coreUs":{:.3}}}"#,
            median(r),
            median(c)
        );
    }
}
