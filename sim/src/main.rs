//! `sim`: serves the Partner Center + Entra ID simulator until Ctrl-C.

use clap::Parser;
use sim::{Faults, SimConfig, demo_accounts};
use std::net::SocketAddr;
use std::process::ExitCode;

const ADMIN_API: &str = "\
Admin API (JSON, under the same address):
  GET    /_sim/accounts                    every account: tenant, cloud, client id and secret,
                                           API base URL, token endpoints, customer and
                                           subscription counts
  GET    /_sim/staff                       demo staff users, their roles and groups, the staff app
  GET    /_sim/accounts/{tenant}/faults    an account's throttling and fault settings
  PUT    /_sim/accounts/{tenant}/faults    replace them; PATCH merges top-level keys, e.g.
                                           {\"outage\": true}, {\"latency_ms\": 200},
                                           {\"rate_limit_per_minute\": 60},
                                           {\"scheduled\": [{\"kind\": \"error\", \"operation\": \"CUST-03\", \"skip\": 2}]}
                                           kinds: error, throttle, throttle_without_retry_after,
                                           hang, reset, invalid_json, expired_token
  GET    /_sim/accounts/{tenant}/counters  requests by operation id and status, 429s, requests
                                           sent before a Retry-After expired, replays
  DELETE /_sim/accounts/{tenant}/counters  reset them
  GET    /_sim/clock                       simulated time
  POST   /_sim/clock/advance               {\"seconds\": N}: provisioning, usage and purges move on";

/// Partner Center + Entra ID simulator: isolated partner accounts in four clouds (global,
/// 21Vianet, US Government, Germany), real HTTP and OAuth/OIDC, throttling and faults.
#[derive(Parser, Debug)]
#[command(version, after_help = ADMIN_API)]
struct Cli {
    /// Address to serve on.
    #[arg(long, default_value = "127.0.0.1:8480")]
    listen: SocketAddr,
    /// Seed of all generated data: the same seed gives the same accounts, customers, secrets.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Number of partner accounts (the first four are one per cloud).
    #[arg(long, default_value_t = 4)]
    accounts: usize,
    /// Customers generated per account.
    #[arg(long, default_value_t = 40)]
    customers_per_account: usize,
    /// Average subscriptions per customer.
    #[arg(long, default_value_t = 4)]
    subscriptions_per_customer: usize,
    /// Days of Azure usage history.
    #[arg(long, default_value_t = 90)]
    usage_days: u32,
    /// Seconds a new subscription stays in provisioning `pending`.
    #[arg(long, default_value_t = 30)]
    provisioning_delay_seconds: u64,
    /// Requests per minute per account and resource family before 429 + Retry-After.
    #[arg(long, default_value_t = 500)]
    rate_limit: u32,
    /// Latency added to every Partner Center request, in milliseconds.
    #[arg(long, default_value_t = 0)]
    latency_ms: u64,
    /// Share of requests answered 500 (0.0 - 1.0).
    #[arg(long, default_value_t = 0.0)]
    error_rate: f64,
    /// Answer address validation the 2017 way (empty 200, or 400 with code 2007).
    #[arg(long)]
    legacy_address_validation: bool,
    /// Let app-only tokens call App+User-only operations.
    #[arg(long)]
    allow_app_only: bool,
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(std::env::var("RUST_LOG").unwrap_or_else(|_| "info".into()))
        .init();
    let faults = Faults {
        rate_limit_per_minute: cli.rate_limit,
        latency_ms: cli.latency_ms,
        error_rate: cli.error_rate,
        ..Faults::default()
    };
    if let Err(problem) = faults.validate() {
        eprintln!("error: {problem}");
        return ExitCode::from(2);
    }
    if cli.accounts == 0 {
        eprintln!("error: --accounts must be at least 1");
        return ExitCode::from(2);
    }
    let config = SimConfig {
        seed: cli.seed,
        accounts: demo_accounts(cli.accounts),
        customers_per_account: cli.customers_per_account,
        subscriptions_per_customer: cli.subscriptions_per_customer,
        usage_days: cli.usage_days,
        provisioning_delay_seconds: cli.provisioning_delay_seconds,
        legacy_address_validation: cli.legacy_address_validation,
        enforce_app_user: !cli.allow_app_only,
        faults,
    };
    let started = std::time::Instant::now();
    let handle = match sim::start_on(config, cli.listen).await {
        Ok(handle) => handle,
        Err(error) => {
            eprintln!("error: cannot serve on {}: {error}", cli.listen);
            return ExitCode::FAILURE;
        }
    };
    println!(
        "Partner Center simulator on {} (ready in {} ms)",
        handle.base_url(),
        started.elapsed().as_millis()
    );
    for account in sim::admin::accounts_json(handle.sim())
        .as_array()
        .into_iter()
        .flatten()
    {
        println!(
            "  {:<28} {:<8} tenant {}  customers {:>6}  api {}",
            account["name"].as_str().unwrap_or_default(),
            account["cloud"].as_str().unwrap_or_default(),
            account["tenant_id"].as_str().unwrap_or_default(),
            account["customers"],
            account["api_base_url"].as_str().unwrap_or_default(),
        );
    }
    println!(
        "Credentials and endpoints: {}/_sim/accounts  ·  staff sign-in: {}/_sim/staff",
        handle.base_url(),
        handle.base_url()
    );
    let _ = tokio::signal::ctrl_c().await;
    handle.stop().await;
    ExitCode::SUCCESS
}
