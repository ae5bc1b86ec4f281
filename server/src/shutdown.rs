//! The signal that starts a graceful shutdown: SIGTERM (service managers) or Ctrl-C.

use std::future::Future;

/// Listens for SIGTERM and SIGINT from the moment it is called (not from the first poll: a
/// signal that arrives while the server is still starting must not kill the process), and
/// completes when one arrives.
pub fn signal() -> impl Future<Output = ()> + Send + 'static {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let listen = |kind: SignalKind, name: &'static str| {
            signal(kind)
                .map_err(|error| tracing::error!(error = %error, "cannot listen for {name}"))
                .ok()
        };
        let terminate = listen(SignalKind::terminate(), "SIGTERM");
        let interrupt = listen(SignalKind::interrupt(), "SIGINT");
        async move {
            let wait = |listener: Option<tokio::signal::unix::Signal>| async move {
                match listener {
                    Some(mut listener) => {
                        listener.recv().await;
                    }
                    None => std::future::pending::<()>().await,
                }
            };
            tokio::select! {
                () = wait(terminate) => {}
                () = wait(interrupt) => {}
            }
        }
    }
    #[cfg(not(unix))]
    {
        async {
            if let Err(error) = tokio::signal::ctrl_c().await {
                tracing::error!(error = %error, "cannot listen for Ctrl-C");
                std::future::pending::<()>().await;
            }
        }
    }
}
