//! Rebuilds the server, its tests and examples when a migration is added or changed:
//! `sqlx::migrate!` and `#[sqlx::test(migrations = …)]` embed the migrations at compile time,
//! and Cargo does not otherwise know to look at them.
fn main() {
    println!("cargo:rerun-if-changed=../migrations");
}
