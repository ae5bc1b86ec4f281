use crate::auth::{Permission, load_current_staff};
use leptos::prelude::*;
use leptos_router::components::A;

/// The portal's main areas, in navigation order: (path, label, the permission needed on at
/// least one account to see it).
pub const NAV_ITEMS: [(&str, &str, Permission); 5] = [
    ("/", "Dashboard", Permission::Read),
    ("/customers", "Customers", Permission::Read),
    ("/onboarding", "Onboarding", Permission::Sell),
    ("/support", "Support", Permission::Support),
    ("/admin", "Admin", Permission::Administer),
];

/// Primary navigation, showing the areas the person's roles reach; the router marks the
/// current page with `aria-current="page"`.
#[component]
pub fn SideNav() -> impl IntoView {
    let staff = load_current_staff();
    view! {
        <nav class="side-nav" aria-label="Main">
            <Transition fallback=|| ()>
                <ul>
                    {move || Suspend::new(async move {
                        let grants = staff.0.await.map(|access| access.grants).unwrap_or_default();
                        NAV_ITEMS
                            .into_iter()
                            .filter(|(_, _, permission)| grants.allows_anywhere(*permission))
                            .map(|(href, label, _)| {
                                view! {
                                    <li>
                                        <A href=href exact=true>
                                            {label}
                                        </A>
                                    </li>
                                }
                            })
                            .collect_view()
                    })}
                </ul>
            </Transition>
        </nav>
    }
}
