fn main() {
    // Only the Node binding needs napi's link setup; the pure core builds and tests without it.
    if std::env::var_os("CARGO_FEATURE_NODE").is_none() {
        return;
    }
    // windows-gnu (the zig cross build): napi-build would link a libnode.dll import library, which only
    // MinGW builds of Node have. The `dyn-symbols` feature resolves every napi_* from the loading node.exe at
    // run time instead, so there is nothing to link against.
    let windows_gnu = std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("windows")
        && std::env::var("CARGO_CFG_TARGET_ENV").as_deref() == Ok("gnu");
    if !windows_gnu {
        napi_build::setup();
    }
}
