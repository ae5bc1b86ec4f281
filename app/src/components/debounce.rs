use leptos::prelude::*;
use std::time::Duration;

/// A function that runs its argument once calls have paused for `wait` (in the browser; on the
/// server nothing is ever typed). Each call cancels the one still waiting.
pub fn use_debounced(wait: Duration) -> impl Fn(Box<dyn FnOnce() + 'static>) + Copy + 'static {
    let waiting = StoredValue::new(None::<TimeoutHandle>);
    on_cleanup(move || {
        if let Some(handle) = waiting.try_update_value(Option::take).flatten() {
            handle.clear();
        }
    });
    move |run: Box<dyn FnOnce() + 'static>| {
        if let Some(handle) = waiting.try_update_value(Option::take).flatten() {
            handle.clear();
        }
        if let Ok(handle) = set_timeout_with_handle(run, wait) {
            waiting.set_value(Some(handle));
        }
    }
}
