use sim::model::Catalog;
use std::time::Instant;
fn main() {
    let config = sim::SimConfig {
        accounts: sim::demo_accounts(1),
        customers_per_account: 10_000,
        ..sim::SimConfig::default()
    };
    let catalog = Catalog::default();
    let started = Instant::now();
    let generated = sim::generate::generate(&config, &catalog, time::OffsetDateTime::now_utc());
    println!(
        "one account, 10k customers: {:.2} s ({} audit)",
        started.elapsed().as_secs_f64(),
        generated[0].1.audit.len()
    );
}
