//! Token parse and verify against fixed keys of every family. The first byte picks the mode: even, the rest
//! is the token text; odd, the rest is `header \0 payload`, signed for real so the claims code is reached.
#![no_main]

use libfuzzer_sys::fuzz_target;
use node_red_auth_jwt_fuzz::{check_all, sign};

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    let token = if mode % 2 == 0 {
        String::from_utf8_lossy(rest).into_owned()
    } else {
        let mut parts = rest.splitn(2, |&b| b == 0);
        let header = parts.next().unwrap_or_default();
        let payload = parts.next().unwrap_or_default();
        sign(mode / 2, header, payload)
    };
    check_all(&token);
});
