//! A background loop that runs until told to stop (the sync worker, the command worker).

use std::future::Future;
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// A running worker: tell it to stop, then wait for the work in flight to finish.
pub struct WorkerHandle {
    stop: watch::Sender<bool>,
    task: JoinHandle<()>,
}

impl WorkerHandle {
    /// Spawns `run`, which watches its receiver and returns once it turns `true`.
    pub fn spawn<F>(run: impl FnOnce(watch::Receiver<bool>) -> F) -> WorkerHandle
    where
        F: Future<Output = ()> + Send + 'static,
    {
        let (stop, stopped) = watch::channel(false);
        let task = tokio::spawn(run(stopped));
        WorkerHandle { stop, task }
    }

    pub async fn shutdown(self) {
        let _ = self.stop.send(true);
        let _ = self.task.await;
    }
}
