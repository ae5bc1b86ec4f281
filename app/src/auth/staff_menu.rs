use super::load_current_staff;
use leptos::prelude::*;

/// The signed-in person's name and a "Sign out" button (a form POST to `/logout`, which ends
/// the session here and at the staff authority).
#[component]
pub fn StaffMenu() -> impl IntoView {
    let staff = load_current_staff().0;
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                staff
                    .await
                    .ok()
                    .map(|access| {
                        let staff = access.staff;
                        view! {
                            <div class="staff-menu">
                                <span class="staff-name" title=staff.username.clone()>
                                    {staff.name.clone()}
                                </span>
                                <form method="post" action="/logout">
                                    <button type="submit" class="button-link">
                                        "Sign out"
                                    </button>
                                </form>
                            </div>
                        }
                    })
            })}
        </Transition>
    }
}
