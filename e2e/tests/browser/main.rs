//! Browser tests: playwright-rs drives Debian's Chromium against the real portal binary. One
//! test binary, not one per file, so the harness is linked once. `cargo test --workspace --test
//! browser login::` runs one area (`--workspace`, as in scripts/test: with `-p e2e` Cargo
//! resolves dependency features differently and compiles 88 crates again).

mod accounts_admin;
mod customer_list;
mod customer_search;
mod harness;
mod login;
mod roles;
mod shell;
mod sim_sign_in;
mod subscription_changes;
mod sync;
