//! One HTTP exchange with Partner Center: the contract's request headers (§1.3), and the
//! answer classified into a reply or a typed error (§1.9, §1.11).

use super::client::PartnerCenter;
use super::error::{ApiErrorKind, CallInfo, PcError, TransportKind};
use super::request::{Reply, Request};
use super::stats::{CallStats, Event};
use super::wire::{ErrorBody, ThrottleBody, from_slice};
use reqwest::header::{HeaderMap, RETRY_AFTER};
use secrecy::{ExposeSecret, SecretString};
use std::time::{Duration, Instant};

impl PartnerCenter {
    pub(super) async fn exchange(
        &self,
        request: &Request,
        call: &CallInfo,
        token: &SecretString,
        run: Option<&CallStats>,
    ) -> Result<Reply, PcError> {
        let url = self
            .endpoints
            .resolve(&request.path)
            .map_err(|reason| PcError::BadLink {
                uri: request.path.clone(),
                reason,
            })?;
        let mut builder = self
            .http
            .request(request.method.clone(), url)
            .timeout(self.retry.attempt_timeout)
            .bearer_auth(token.expose_secret())
            .header("Accept", "application/json")
            .header("MS-RequestId", call.request_id.to_string())
            .header("MS-CorrelationId", call.correlation_id.to_string())
            .header("MS-Contract-Version", "v1")
            .header("MS-PartnerCenter-Application", "Switchboard")
            .header("X-Locale", "en-US");
        for (name, value) in &request.headers {
            builder = builder.header(name.as_str(), value.as_str());
        }
        if let Some(body) = &request.body {
            builder = builder.json(body);
        }
        self.count(run, Event::Call);
        let started = Instant::now();
        let transport = |kind: TransportKind, error: &reqwest::Error| {
            self.count(run, Event::Failed);
            PcError::Transport {
                call: call.clone(),
                kind,
                message: describe(error),
            }
        };
        let response = builder.send().await.map_err(|error| {
            let kind = if error.is_timeout() {
                TransportKind::Timeout
            } else if error.is_connect() {
                TransportKind::Connect
            } else {
                TransportKind::Other
            };
            transport(kind, &error)
        })?;
        let status = response.status();
        let retry_after = retry_after(response.headers());
        let body = response.bytes().await.map_err(|error| {
            let kind = if error.is_timeout() {
                TransportKind::Timeout
            } else {
                TransportKind::Reset
            };
            transport(kind, &error)
        })?;
        tracing::debug!(account = %self.account, operation = call.operation, correlation_id = %call.correlation_id, status = status.as_u16(), elapsed_ms = started.elapsed().as_millis() as u64, "Partner Center answered");
        if status.is_success() {
            return Ok(Reply {
                status,
                body,
                call: call.clone(),
            });
        }
        let kind = ApiErrorKind::of_status(status.as_u16());
        let (code, description) = if status.as_u16() == 429 {
            self.count(run, Event::Throttled);
            let message = from_slice::<ThrottleBody>(&body)
                .ok()
                .and_then(|body| body.message);
            (
                None,
                message.unwrap_or_else(|| "Rate limit is exceeded.".to_owned()),
            )
        } else {
            if kind == ApiErrorKind::Unavailable {
                self.count(run, Event::Failed);
            }
            let envelope = from_slice::<ErrorBody>(&body).ok();
            let code = envelope.as_ref().and_then(|body| body.code.as_ref()?.number());
            let description = envelope
                .and_then(|body| body.description)
                .unwrap_or_else(|| status.canonical_reason().unwrap_or("error").to_owned());
            (code, description)
        };
        Err(PcError::Api {
            call: call.clone(),
            kind,
            status: status.as_u16(),
            code,
            description,
            retry_after,
        })
    }
}

/// A transport error's message, with the URL shortened to its path.
pub(crate) fn describe(error: &reqwest::Error) -> String {
    let mut text = error.to_string();
    if let Some(url) = error.url() {
        text = text.replace(url.as_str(), url.path());
    }
    text
}

/// `Retry-After` in seconds (the documented form) or as an HTTP date.
fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let text = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = text.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let format = time::format_description::well_known::Rfc2822;
    let at = time::OffsetDateTime::parse(text, &format).ok()?;
    let wait = at - time::OffsetDateTime::now_utc();
    Some(Duration::try_from(wait).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, "57".parse().unwrap());
        assert_eq!(retry_after(&headers), Some(Duration::from_secs(57)));
        let later = time::OffsetDateTime::now_utc() + time::Duration::seconds(30);
        let date = later
            .format(&time::format_description::well_known::Rfc2822)
            .unwrap();
        headers.insert(RETRY_AFTER, date.parse().unwrap());
        let wait = retry_after(&headers).unwrap();
        assert!(
            wait > Duration::from_secs(25) && wait <= Duration::from_secs(30),
            "{wait:?}"
        );
        headers.insert(RETRY_AFTER, "soon".parse().unwrap());
        assert_eq!(retry_after(&headers), None);
    }
}
