//! The searches a helpdesk makes, and 8 clients making them as fast as answers come.

use super::load::Corpus;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use std::time::{Duration, Instant};

/// One kind of search, its share of the mix, and the texts typed for it.
pub struct Kind {
    pub name: &'static str,
    pub texts: Vec<String>,
}

/// A few thousand texts of each kind, from the loaded customers (seeded: the same every run).
pub fn kinds(corpus: &Corpus) -> Vec<Kind> {
    let mut rng = StdRng::seed_from_u64(7);
    let mut pick = |from: &[String], make: &dyn Fn(&str, &mut StdRng) -> Option<String>| {
        let mut texts = Vec::new();
        while texts.len() < 2_000 {
            let source = from.choose(&mut rng).expect("customers loaded");
            if let Some(text) = make(source, &mut rng) {
                texts.push(text);
            }
        }
        texts
    };
    let ids =
        |ids: &[uuid::Uuid]| -> Vec<String> { ids.iter().take(2_000).map(ToString::to_string).collect() };
    vec![
        Kind {
            name: "name prefix (3-8 letters)",
            texts: pick(&corpus.names, &|name, rng| {
                let length = rng.gen_range(3..=8);
                Some(name.chars().take(length).collect::<String>())
                    .filter(|text| text.trim().chars().count() >= 3)
            }),
        },
        Kind {
            name: "word inside a name",
            texts: pick(&corpus.names, &|name, rng| {
                let words: Vec<&str> = name
                    .split_whitespace()
                    .filter(|word| word.chars().count() >= 4)
                    .collect();
                words.choose(rng).map(|word| word.to_string())
            }),
        },
        Kind {
            name: "domain fragment",
            texts: pick(&corpus.domains, &|domain, rng| {
                let label = domain.split('.').next()?;
                let chars: Vec<char> = label.chars().collect();
                if chars.len() < 5 {
                    return None;
                }
                let start = rng.gen_range(0..=chars.len() - 5);
                Some(chars[start..start + 5].iter().collect())
            }),
        },
        Kind {
            name: "typo in a name",
            texts: pick(&corpus.names, &|name, rng| {
                let word: Vec<char> = name.split_whitespace().next()?.chars().collect();
                if word.len() < 5 {
                    return None;
                }
                let mut typo = word.clone();
                let at = rng.gen_range(1..word.len() - 1);
                typo.swap(at, at + 1);
                Some(typo.into_iter().collect())
            }),
        },
        Kind {
            name: "customer (tenant) id",
            texts: ids(&corpus.customer_ids),
        },
        Kind {
            name: "subscription id",
            texts: ids(&corpus.subscription_ids),
        },
    ]
}

/// Latencies, sorted.
pub struct Timings(pub Vec<Duration>);

impl Timings {
    pub fn percentile(&self, p: f64) -> Duration {
        let index = ((self.0.len() as f64 - 1.0) * p).round() as usize;
        self.0[index]
    }
}

/// What one run measured: each request's latency at the client, the server's own time for it
/// (its `Server-Timing`, when the request went over HTTP), and the wall time of the run.
pub struct Measured {
    pub client: Timings,
    pub server: Option<Timings>,
    pub wall: Duration,
}

/// `clients` tasks sending `request(text)` for their share of `texts` as fast as answered;
/// `request` returns the server's time when it knows it.
pub async fn run<F, Fut>(clients: usize, texts: &[String], request: F) -> Measured
where
    F: Fn(String) -> Fut + Clone + Send + 'static,
    Fut: std::future::Future<Output = Option<Duration>> + Send,
{
    let started = Instant::now();
    let tasks: Vec<_> = (0..clients)
        .map(|client| {
            let mine: Vec<String> = texts.iter().skip(client).step_by(clients).cloned().collect();
            let request = request.clone();
            tokio::spawn(async move {
                let mut timings = Vec::with_capacity(mine.len());
                for text in mine {
                    let sent = Instant::now();
                    let server = request(text).await;
                    timings.push((sent.elapsed(), server));
                }
                timings
            })
        })
        .collect();
    let mut client = Vec::new();
    let mut server = Vec::new();
    for task in tasks {
        for (latency, server_time) in task.await.expect("client task") {
            client.push(latency);
            server.extend(server_time);
        }
    }
    let wall = started.elapsed();
    client.sort();
    server.sort();
    Measured {
        client: Timings(client),
        server: (!server.is_empty()).then_some(Timings(server)),
        wall,
    }
}
