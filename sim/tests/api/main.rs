//! The simulator's API tests over real HTTP, one module per area of the contract. One test
//! binary, not one per file, so the simulator is linked once (`cargo test -p sim --test api
//! identity::` runs one area).

mod support;

mod bad_input;
mod customers;
mod determinism;
mod faults;
mod idempotency;
mod identity;
mod isolation;
mod rate_card;
mod resources;
mod seed_examples;
mod subscriptions;
