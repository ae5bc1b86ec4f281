//! The server's integration tests: the real router, workers and binary against a real Postgres
//! and the simulator. One test binary, not one per file: each would link the whole server and
//! app again (about 160 MB apiece), which cost CI minutes of linking and filled its disk. Run one
//! area with a module filter, e.g. `cargo test -p server --test integration sync_crash::`.

mod support;

mod accounts_admin;
mod audit;
mod binary;
mod cache_integrity;
mod cache_references;
mod command_faults;
mod csrf;
mod customer_list;
mod customer_page;
mod customer_search;
mod example_config;
mod health;
mod login;
mod oidc;
mod pages;
mod roles;
mod shutdown;
mod subscription_changes;
mod sync_clean;
mod sync_crash;
mod sync_failures;
mod sync_faults;
mod sync_instances;
mod sync_status;
mod sync_users;
