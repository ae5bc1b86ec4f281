use leptos::prelude::*;
use std::time::Duration;

/// A counter that goes up every `period` in the browser (never during server rendering), for
/// resources that should refresh themselves. The interval stops with the component.
pub fn use_ticker(period: Duration) -> ReadSignal<u64> {
    let (tick, set_tick) = signal(0_u64);
    Effect::new(move |_| {
        if let Ok(handle) = set_interval_with_handle(move || set_tick.update(|tick| *tick += 1), period) {
            on_cleanup(move || handle.clear());
        }
    });
    tick
}
