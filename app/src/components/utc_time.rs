use leptos::prelude::*;

/// An RFC 3339 UTC time, shown to the minute (`2026-11-21 20:21`) or to the second, with the
/// exact time in the element for machines and tooltips.
#[component]
pub fn UtcTime(rfc3339: String, #[prop(optional)] seconds: bool) -> impl IntoView {
    let shown = shorten(&rfc3339, if seconds { 19 } else { 16 });
    view! {
        <time datetime=rfc3339.clone() title=rfc3339>
            {shown}
        </time>
    }
}

fn shorten(rfc3339: &str, length: usize) -> String {
    rfc3339.get(..length).unwrap_or(rfc3339).replacen('T', " ", 1)
}

#[cfg(test)]
mod tests {
    use super::shorten;

    #[test]
    fn times_are_cut_to_the_minute_or_second() {
        assert_eq!(shorten("2026-11-21T20:21:47.202687Z", 16), "2026-11-21 20:21");
        assert_eq!(shorten("2026-11-21T20:21:47.202687Z", 19), "2026-11-21 20:21:47");
        assert_eq!(shorten("odd", 16), "odd");
    }
}
