//! Generation benchmark: builds a large simulated world and prints how long it took, how much
//! memory the process peaked at, and what it holds. Not a test: run it in release.
//!
//!   cargo run --release -p sim --example scale -- [accounts] [customers per account]

use sim::{SimConfig, demo_accounts};
use std::time::Instant;

fn peak_resident_megabytes() -> f64 {
    status_megabytes("VmHWM:")
}

fn resident_megabytes() -> f64 {
    status_megabytes("VmRSS:")
}

fn status_megabytes(field: &str) -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix(field))
        .and_then(|value| value.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(f64::NAN, |kilobytes| kilobytes / 1024.0)
}

fn main() {
    let mut args = std::env::args()
        .skip(1)
        .map(|arg| arg.parse::<usize>().expect("whole numbers"));
    let accounts = args.next().unwrap_or(10);
    let customers = args.next().unwrap_or(10_000);
    let baseline = peak_resident_megabytes();
    let config = SimConfig {
        accounts: demo_accounts(accounts),
        customers_per_account: customers,
        ..SimConfig::default()
    };

    let started = Instant::now();
    let sim = sim::build(config, "http://127.0.0.1:0".to_owned());
    let elapsed = started.elapsed();

    let (mut customers_total, mut subscriptions, mut users) = (0, 0, 0);
    for account in &sim.accounts {
        let data = account.data.read().unwrap();
        customers_total += data.customers.len();
        subscriptions += data
            .customers
            .iter()
            .map(|customer| customer.subscriptions.len())
            .sum::<usize>();
        users += data
            .customers
            .iter()
            .map(|customer| customer.users.len())
            .sum::<usize>();
    }
    println!("accounts               {accounts}");
    println!("customers              {customers_total}");
    println!("subscriptions          {subscriptions}");
    println!("users                  {users}");
    println!("generation             {:.2} s", elapsed.as_secs_f64());
    println!(
        "resident memory        {:.0} MB after generation, {:.0} MB at peak (baseline {:.0} MB)",
        resident_megabytes(),
        peak_resident_megabytes(),
        baseline
    );
}
