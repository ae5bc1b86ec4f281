use leptos::prelude::*;
use leptos_router::components::A;

/// The portal's main areas, in navigation order: (path, label).
pub const NAV_ITEMS: [(&str, &str); 5] = [
    ("/", "Dashboard"),
    ("/customers", "Customers"),
    ("/onboarding", "Onboarding"),
    ("/support", "Support"),
    ("/admin", "Admin"),
];

/// Primary navigation; the router marks the current page with `aria-current="page"`.
#[component]
pub fn SideNav() -> impl IntoView {
    view! {
        <nav class="side-nav" aria-label="Main">
            <ul>
                {NAV_ITEMS
                    .into_iter()
                    .map(|(href, label)| {
                        view! {
                            <li>
                                <A href=href exact=true>
                                    {label}
                                </A>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </nav>
    }
}
