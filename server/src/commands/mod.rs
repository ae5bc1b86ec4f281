//! The command worker: sends the changes staff asked for (suspend, reactivate, nickname) to
//! the owning account's Partner Center and records the answer.
//!
//! - A server function stores a command with its own MS-RequestId and the ETag the person saw,
//!   and notifies `subscription_commands`; the worker wakes, or finds it at its next poll.
//! - Any number of instances may run workers: a command is claimed with `FOR UPDATE SKIP
//!   LOCKED` and a lease. A worker that dies mid-send loses its lease, and another instance sends
//!   the command again with the same MS-RequestId, which Partner Center answers from its record.
//! - The answer updates the cache and the audit in the same transaction as the command.

mod send;
mod store;
mod worker;

pub use worker::CommandWorker;
