use crate::customers::Spend;
use leptos::prelude::*;

const WIDTH: f64 = 600.0;
const HEIGHT: f64 = 120.0;

/// Azure spend: this month so far against the budget, and a bar per day for the last 30 days
/// (an inline SVG: nothing to download).
#[component]
pub fn SpendPanel(spend: Spend) -> impl IntoView {
    let currency = spend.currency.clone().unwrap_or_default();
    let money = move |amount: f64| format!("{amount:.2} {currency}").trim_end().to_owned();
    let budget = spend.budget.map(|budget| {
        let used = if budget > 0.0 {
            spend.month_to_date / budget * 100.0
        } else {
            0.0
        };
        format!("Monthly budget {} ({used:.0} % used)", money(budget))
    });
    let peak = spend
        .daily
        .iter()
        .map(|(_, amount)| *amount)
        .fold(0.0_f64, f64::max);
    let slot = WIDTH / spend.daily.len().max(1) as f64;
    let bars = spend
        .daily
        .iter()
        .enumerate()
        .map(|(index, (day, amount))| {
            let height = if peak > 0.0 {
                amount / peak * (HEIGHT - 4.0)
            } else {
                0.0
            };
            let label = format!("{day}: {}", money(*amount));
            view! {
                <rect
                    x=format!("{:.1}", index as f64 * slot + 1.0)
                    y=format!("{:.1}", HEIGHT - height)
                    width=format!("{:.1}", (slot - 2.0).max(1.0))
                    height=format!("{height:.1}")
                >
                    <title>{label}</title>
                </rect>
            }
        })
        .collect_view();
    let summary = format!(
        "Azure spend, last 30 days: {} in total, highest day {}.",
        money(spend.last_30_days),
        money(peak)
    );
    view! {
        <section class="panel" aria-labelledby="spend-title">
            <h2 id="spend-title">"Azure spend"</h2>
            <dl class="facts spend-figures">
                <dt>"This month so far"</dt>
                <dd>{money(spend.month_to_date)}</dd>
                <dt>"Last 30 days"</dt>
                <dd>{money(spend.last_30_days)}</dd>
            </dl>
            {budget.map(|budget| view! { <p>{budget}</p> })}
            <svg
                class="spend-chart"
                viewBox=format!("0 0 {WIDTH} {HEIGHT}")
                preserveAspectRatio="none"
                role="img"
                aria-label=summary
            >
                {bars}
            </svg>
            <p class="muted chart-axis">
                <span>{spend.daily.first().map(|(day, _)| day.clone())}</span>
                <span>{spend.daily.last().map(|(day, _)| day.clone())}</span>
            </p>
        </section>
    }
}
