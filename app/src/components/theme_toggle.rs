use leptos::prelude::*;

/// Where the chosen theme is remembered in the browser.
pub const THEME_STORAGE_KEY: &str = "switchboard.theme";

/// An inline `<head>` script that applies the saved theme before first paint, so a page never
/// flashes light before turning dark.
pub fn theme_boot_script() -> String {
    format!(
        "try{{var t=localStorage.getItem('{THEME_STORAGE_KEY}');\
         if(t==='light'||t==='dark')document.documentElement.dataset.theme=t}}catch(e){{}}"
    )
}

/// The user's colour theme choice; `System` follows `prefers-color-scheme`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThemeChoice {
    System,
    Light,
    Dark,
}

impl ThemeChoice {
    /// Reads a stored value; anything unknown means `System`.
    pub fn parse(text: &str) -> Self {
        match text {
            "light" => ThemeChoice::Light,
            "dark" => ThemeChoice::Dark,
            _ => ThemeChoice::System,
        }
    }

    /// The value stored and put in `<html data-theme>`, if any.
    pub fn attribute(self) -> Option<&'static str> {
        match self {
            ThemeChoice::System => None,
            ThemeChoice::Light => Some("light"),
            ThemeChoice::Dark => Some("dark"),
        }
    }

    /// The choice a click moves to: System → Light → Dark → System.
    pub fn next(self) -> Self {
        match self {
            ThemeChoice::System => ThemeChoice::Light,
            ThemeChoice::Light => ThemeChoice::Dark,
            ThemeChoice::Dark => ThemeChoice::System,
        }
    }

    /// Shown on the button.
    pub fn label(self) -> &'static str {
        match self {
            ThemeChoice::System => "System",
            ThemeChoice::Light => "Light",
            ThemeChoice::Dark => "Dark",
        }
    }
}

/// Cycles the colour theme. It stays disabled until the page has hydrated.
#[component]
pub fn ThemeToggle() -> impl IntoView {
    let (theme, set_theme) = signal(ThemeChoice::System);
    let (hydrated, set_hydrated) = signal(false);
    // Effects run only in the browser, so this is the moment hydration is done.
    Effect::new(move |_| {
        set_theme.set(browser::stored_theme());
        set_hydrated.set(true);
    });
    let cycle = move |_| {
        let next = theme.get_untracked().next();
        browser::apply_theme(next);
        set_theme.set(next);
    };
    view! {
        <button
            type="button"
            class="theme-toggle"
            disabled=move || !hydrated.get()
            data-theme-choice=move || theme.get().label().to_lowercase()
            aria-label=move || {
                format!(
                    "Colour theme: {}. Activate to switch to {}.",
                    theme.get().label(),
                    theme.get().next().label(),
                )
            }
            on:click=cycle
        >
            <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                <circle cx="12" cy="12" r="8" />
                <path d="M12 4a8 8 0 0 1 0 16z" class="filled" />
            </svg>
            <span class="theme-toggle-label">{move || theme.get().label()}</span>
        </button>
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use super::{THEME_STORAGE_KEY, ThemeChoice};

    fn storage() -> Option<web_sys::Storage> {
        web_sys::window()?.local_storage().ok().flatten()
    }

    pub fn stored_theme() -> ThemeChoice {
        storage()
            .and_then(|storage| storage.get_item(THEME_STORAGE_KEY).ok().flatten())
            .map(|value| ThemeChoice::parse(&value))
            .unwrap_or(ThemeChoice::System)
    }

    pub fn apply_theme(choice: ThemeChoice) {
        let root = web_sys::window()
            .and_then(|window| window.document())
            .and_then(|document| document.document_element());
        // Storage may be unavailable (private mode); the theme still applies for this page.
        match choice.attribute() {
            Some(value) => {
                if let Some(root) = root {
                    let _ = root.set_attribute("data-theme", value);
                }
                if let Some(storage) = storage() {
                    let _ = storage.set_item(THEME_STORAGE_KEY, value);
                }
            }
            None => {
                if let Some(root) = root {
                    let _ = root.remove_attribute("data-theme");
                }
                if let Some(storage) = storage() {
                    let _ = storage.remove_item(THEME_STORAGE_KEY);
                }
            }
        }
    }
}

#[cfg(not(feature = "hydrate"))]
mod browser {
    use super::ThemeChoice;

    pub fn stored_theme() -> ThemeChoice {
        ThemeChoice::System
    }

    pub fn apply_theme(_: ThemeChoice) {}
}

#[cfg(test)]
mod tests {
    use super::ThemeChoice;

    #[test]
    fn three_clicks_return_to_the_system_theme() {
        let start = ThemeChoice::System;
        assert_eq!(start.next(), ThemeChoice::Light);
        assert_eq!(start.next().next(), ThemeChoice::Dark);
        assert_eq!(start.next().next().next(), start);
    }

    #[test]
    fn stored_values_round_trip_and_junk_means_system() {
        for choice in [ThemeChoice::Light, ThemeChoice::Dark] {
            assert_eq!(ThemeChoice::parse(choice.attribute().unwrap()), choice);
        }
        assert_eq!(ThemeChoice::parse("purple"), ThemeChoice::System);
    }
}
