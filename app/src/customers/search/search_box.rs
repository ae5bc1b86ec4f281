use super::{CustomerHit, MAX_SEARCH_CHARS, SearchTerm, search_customers};
use crate::components::use_debounced;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;
use std::time::Duration;

/// How long typing must pause before the search runs.
const DEBOUNCE: Duration = Duration::from_millis(150);
const LISTBOX_ID: &str = "customer-search-results";

/// What the list under the box shows.
#[derive(Debug, Clone, PartialEq)]
enum Shown {
    Nothing,
    /// Why the text is not searched yet (too short, control characters, ...).
    Hint(String),
    Searching,
    Found(Vec<CustomerHit>),
    Failed(String),
}

/// The header's search box. Typing searches every visible account (debounced; an answer to
/// older text is dropped); ↑/↓ move through the results, Enter opens one, Escape closes the
/// list. Without JavaScript, or with Enter and nothing chosen, it opens `/customers?q=…`.
#[component]
pub fn SearchBox() -> impl IntoView {
    let (shown, set_shown) = signal(Shown::Nothing);
    let (active, set_active) = signal(None::<usize>);
    let (open, set_open) = signal(false);
    let latest = StoredValue::new(0_u64);
    let debounce = use_debounced(DEBOUNCE);
    let navigate = use_navigate();

    let search = move |text: String| {
        set_active.set(None);
        set_open.set(true);
        let asked = latest.get_value() + 1;
        latest.set_value(asked);
        if text.trim().is_empty() {
            set_shown.set(Shown::Nothing);
            return;
        }
        if let Err(hint) = SearchTerm::parse(&text) {
            set_shown.set(Shown::Hint(hint));
            return;
        }
        set_shown.set(Shown::Searching);
        debounce(Box::new(move || {
            leptos::task::spawn_local(async move {
                let answer = search_customers(text).await;
                if latest.get_value() != asked {
                    return; // the text changed since: a newer search is under way
                }
                set_shown.set(match answer {
                    Ok(hits) => Shown::Found(hits),
                    Err(error) => Shown::Failed(error.to_string()),
                });
            });
        }));
    };
    let hits = move || match shown.get() {
        Shown::Found(hits) => hits,
        _ => Vec::new(),
    };
    let on_keydown = move |event: leptos::ev::KeyboardEvent| {
        let count = hits().len();
        match event.key().as_str() {
            "ArrowDown" if count > 0 => {
                event.prevent_default();
                set_open.set(true);
                set_active.update(|active| *active = Some(active.map_or(0, |at| (at + 1) % count)));
            }
            "ArrowUp" if count > 0 => {
                event.prevent_default();
                set_active
                    .update(|active| *active = Some(active.map_or(count - 1, |at| (at + count - 1) % count)));
            }
            "Enter" => {
                if let Some(hit) = active.get().and_then(|at| hits().get(at).cloned()) {
                    event.prevent_default();
                    set_open.set(false);
                    navigate(&hit.customer.href(), Default::default());
                }
            }
            "Escape" => {
                set_open.set(false);
                set_active.set(None);
            }
            _ => {}
        }
    };
    let expanded = move || open.get() && shown.with(|shown| *shown != Shown::Nothing);
    view! {
        <form class="customer-search" role="search" method="get" action="/customers">
            <label class="visually-hidden" for="customer-search-input">
                "Search customers"
            </label>
            <input
                id="customer-search-input"
                type="search"
                name="q"
                placeholder="Search customers: name, domain, id…"
                autocomplete="off"
                spellcheck="false"
                maxlength=MAX_SEARCH_CHARS
                role="combobox"
                aria-autocomplete="list"
                aria-controls=LISTBOX_ID
                aria-expanded=move || expanded().to_string()
                aria-activedescendant=move || active.get().map(option_id)
                on:input=move |event| search(event_target_value(&event))
                on:keydown=on_keydown
                on:focus=move |_| set_open.set(true)
                on:blur=move |_| set_open.set(false)
            />
            <div
                class="search-results"
                hidden=move || !expanded()
                on:mousedown=|event| event.prevent_default()
            >
                {move || match shown.get() {
                    Shown::Nothing => ().into_any(),
                    Shown::Hint(hint) => view! { <p class="search-note">{hint}</p> }.into_any(),
                    Shown::Searching => view! { <p class="search-note">"Searching…"</p> }.into_any(),
                    Shown::Failed(message) => {
                        view! { <p class="search-note error-text">{message}</p> }.into_any()
                    }
                    Shown::Found(hits) if hits.is_empty() => {
                        view! { <p class="search-note">"No customer matches."</p> }.into_any()
                    }
                    Shown::Found(_) => ().into_any(),
                }}
                <ul id=LISTBOX_ID role="listbox" aria-label="Customers found">
                    <For
                        each=move || hits().into_iter().enumerate()
                        key=|(at, hit)| (*at, hit.customer.customer_id, hit.customer.account_id)
                        let:item
                    >
                        <SearchResult
                            hit=item.1
                            id=option_id(item.0)
                            active=Signal::derive(move || active.get() == Some(item.0))
                            on_open=Callback::new(move |_| set_open.set(false))
                        />
                    </For>
                </ul>
            </div>
        </form>
    }
}

fn option_id(at: usize) -> String {
    format!("customer-search-option-{at}")
}

/// One customer in the list: name and domain, account and cloud, relationship, subscriptions
/// by status and how fresh the record is.
#[component]
fn SearchResult(hit: CustomerHit, id: String, active: Signal<bool>, on_open: Callback<()>) -> impl IntoView {
    let customer = hit.customer;
    let relationship = match &customer.reseller {
        Some(reseller) => format!("via reseller {}", short_id(reseller)),
        None => "direct".to_owned(),
    };
    let subscriptions = customer.subscription_counts();
    let href = customer.href();
    let matched = hit
        .matched
        .label()
        .map(|label| view! { <span class="search-matched">{format!("matched {label}")}</span> });
    view! {
        <li
            id=id
            role="option"
            aria-selected=move || active.get().to_string()
            class:active=move || active.get()
        >
            <a href=href tabindex="-1" on:click=move |_| on_open.run(())>
                <span class="search-name">{customer.company_name}</span>
                <span class="search-domain">{customer.domain}</span>
                {matched}
                <span class="search-meta">
                    <span>{format!("{} · {}", customer.account_name, customer.cloud.label())}</span>
                    <span>{relationship}</span>
                    <span>{subscriptions}</span>
                    <span title=customer
                        .synced
                        .utc
                        .clone()>{format!("synced {}", customer.synced.relative())}</span>
                </span>
            </a>
        </li>
    }
}

/// The first block of an id, enough to tell resellers apart in a list.
fn short_id(id: &str) -> &str {
    id.split('-').next().unwrap_or(id)
}
