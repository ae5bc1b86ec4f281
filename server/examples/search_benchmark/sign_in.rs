//! A real staff sign-in over HTTP: the portal's `/login`, the simulator's sign-in page (pick a
//! person), the portal's callback; returns a client that sends the session cookie.

use anyhow::{Context, Result, bail};
use url::Url;

pub async fn as_person(base: &Url, username: &str) -> Result<reqwest::Client> {
    let bare = client(None)?;
    let started = bare.get(base.join("/login?next=/")?).send().await?;
    let pre_login = session_cookie(&started).context("a session for the sign-in under way")?;
    let authorize = Url::parse(location(&started)?)?;
    let page = bare.get(authorize.clone()).send().await?;
    if page.status() != 200 {
        bail!("the authority's sign-in page answered {}", page.status());
    }
    let mut form_target = authorize.clone();
    form_target.set_query(None);
    let picked = bare
        .post(form_target)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!(
            "{}&pick={username}",
            authorize.query().unwrap_or_default()
        ))
        .send()
        .await?;
    let callback = Url::parse(location(&picked)?)?;
    let back = client(Some(&pre_login))?.get(callback).send().await?;
    let cookie = session_cookie(&back).context("the signed-in session")?;
    client(Some(&cookie))
}

fn client(cookie: Option<&str>) -> Result<reqwest::Client> {
    let mut headers = reqwest::header::HeaderMap::new();
    if let Some(cookie) = cookie {
        headers.insert(reqwest::header::COOKIE, cookie.parse()?);
    }
    Ok(reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .default_headers(headers)
        .pool_max_idle_per_host(16)
        .build()?)
}

fn session_cookie(response: &reqwest::Response) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find(|value| value.starts_with("__Host-switchboard="))
        .map(|value| value.split(';').next().unwrap_or_default().to_owned())
}

fn location(response: &reqwest::Response) -> Result<&str> {
    Ok(response
        .headers()
        .get("location")
        .context("a redirect")?
        .to_str()?)
}
