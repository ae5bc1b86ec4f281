//! The simulator's Entra ID sign-in page in a real browser: a demo user signs in with one click
//! or with a username and password, the browser lands on the app's redirect URI with a code and
//! the state, and the code redeems (with the PKCE verifier) for an ID token naming that user.

use anyhow::{Context, Result};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use e2e::BrowserSession;
use playwright_rs::{AriaRole, GetByRoleOptions, expect};
use serde_json::Value;
use sha2::{Digest, Sha256};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// Answers one request on a loopback port (the app's redirect URI) and reports its query.
async fn callback_listener() -> Result<(String, tokio::sync::oneshot::Receiver<String>)> {
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let address = listener.local_addr()?;
    let (sender, receiver) = tokio::sync::oneshot::channel();
    tokio::spawn(async move {
        if let Ok((mut stream, _)) = listener.accept().await {
            let mut buffer = vec![0; 8192];
            let read = stream.read(&mut buffer).await.unwrap_or(0);
            let request = String::from_utf8_lossy(&buffer[..read]).to_string();
            let target = request.split_whitespace().nth(1).unwrap_or("").to_owned();
            let body = "<!DOCTYPE html><html lang=\"en\"><title>Signed in</title><h1>Signed in</h1></html>";
            let response = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: text/html\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                body.len()
            );
            let _ = stream.write_all(response.as_bytes()).await;
            let _ = sender.send(target);
        }
    });
    Ok((format!("http://{address}/auth/callback"), receiver))
}

async fn staff_app(base: &str) -> Result<(String, String)> {
    let staff: Value = reqwest::get(format!("{base}/_sim/staff")).await?.json().await?;
    Ok((
        staff["app"]["client_id"]
            .as_str()
            .context("client id")?
            .to_owned(),
        staff["app"]["client_secret"]
            .as_str()
            .context("secret")?
            .to_owned(),
    ))
}

struct Flow {
    authorize_url: String,
    redirect_uri: String,
    verifier: String,
    callback: tokio::sync::oneshot::Receiver<String>,
}

async fn start_flow(account: &Value, client_id: &str) -> Result<Flow> {
    let (redirect_uri, callback) = callback_listener().await?;
    let verifier = "browser-test-verifier-0123456789-0123456789-abcdefgh".to_owned();
    let challenge = URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
    let mut authorize_url = reqwest::Url::parse(&format!(
        "{}/oauth2/v2.0/authorize",
        account["authority"].as_str().context("authority")?
    ))?;
    authorize_url.query_pairs_mut().extend_pairs([
        ("client_id", client_id),
        ("response_type", "code"),
        ("redirect_uri", redirect_uri.as_str()),
        ("scope", "openid profile offline_access"),
        ("state", "state-from-the-app"),
        ("nonce", "nonce-from-the-app"),
        ("code_challenge", challenge.as_str()),
        ("code_challenge_method", "S256"),
    ]);
    let authorize_url = authorize_url.to_string();
    Ok(Flow {
        authorize_url,
        redirect_uri,
        verifier,
        callback,
    })
}

/// Redeems the code the browser brought back; returns the ID token's claims.
async fn redeem(account: &Value, client: &(String, String), flow: Flow) -> Result<Value> {
    let target = flow
        .callback
        .await
        .context("the browser reached the redirect URI")?;
    let pairs: std::collections::HashMap<String, String> =
        reqwest::Url::parse(&format!("http://callback{target}"))?
            .query_pairs()
            .into_owned()
            .collect();
    anyhow::ensure!(
        pairs.get("state").map(String::as_str) == Some("state-from-the-app"),
        "state did not come back: {target}"
    );
    let code = pairs.get("code").context("no code in the redirect")?;
    let form = [
        ("grant_type", "authorization_code"),
        ("client_id", client.0.as_str()),
        ("client_secret", client.1.as_str()),
        ("code", code.as_str()),
        ("redirect_uri", flow.redirect_uri.as_str()),
        ("code_verifier", flow.verifier.as_str()),
    ];
    let tokens: Value = reqwest::Client::new()
        .post(account["token_endpoint"].as_str().context("token endpoint")?)
        .form(&form)
        .send()
        .await?
        .json()
        .await?;
    let id_token = tokens["id_token"]
        .as_str()
        .with_context(|| format!("no ID token: {tokens}"))?;
    Ok(serde_json::from_slice(
        &URL_SAFE_NO_PAD.decode(id_token.split('.').nth(1).context("payload")?)?,
    )?)
}

#[tokio::test]
async fn a_demo_user_signs_in_with_one_click() -> Result<()> {
    let simulator = sim::start(sim::SimConfig {
        customers_per_account: 5,
        ..sim::SimConfig::default()
    })
    .await?;
    let accounts: Value = reqwest::get(format!("{}/_sim/accounts", simulator.base_url()))
        .await?
        .json()
        .await?;
    let account = &accounts[0];
    let client = staff_app(simulator.base_url()).await?;
    let flow = start_flow(account, &client.0).await?;
    let session = BrowserSession::launch().await?;
    let page = &session.page;

    assert_eq!(session.open(&flow.authorize_url).await?, 200);
    expect(page.get_by_role(
        AriaRole::Heading,
        Some(GetByRoleOptions::default().name("Sign in to")),
    ))
    .to_be_visible()
    .await?;
    session.screenshot("sim-sign-in").await?;
    page.get_by_role(
        AriaRole::Button,
        Some(GetByRoleOptions::default().name("Avery Admin")),
    )
    .click(None)
    .await?;
    expect(page.get_by_role(
        AriaRole::Heading,
        Some(GetByRoleOptions::default().name("Signed in")),
    ))
    .to_be_visible()
    .await?;

    let claims = redeem(account, &client, flow).await?;
    assert_eq!(claims["name"], "Avery Admin");
    assert_eq!(claims["nonce"], "nonce-from-the-app");
    assert_eq!(claims["roles"], serde_json::json!(["Switchboard.Admin"]));
    session.close().await?;
    Ok(())
}

#[tokio::test]
async fn a_user_signs_in_with_a_password_after_a_wrong_one() -> Result<()> {
    let simulator = sim::start(sim::SimConfig {
        customers_per_account: 5,
        ..sim::SimConfig::default()
    })
    .await?;
    let accounts: Value = reqwest::get(format!("{}/_sim/accounts", simulator.base_url()))
        .await?
        .json()
        .await?;
    let account = &accounts[2];
    let client = staff_app(simulator.base_url()).await?;
    let flow = start_flow(account, &client.0).await?;
    let session = BrowserSession::launch().await?;
    let page = &session.page;
    session.open(&flow.authorize_url).await?;
    let username = format!(
        "harper.helpdesk@{}",
        account["domain"].as_str().context("domain")?
    );

    page.get_by_label("Email, phone or Skype", true)
        .fill(&username, None)
        .await?;
    page.get_by_label("Password", true)
        .fill("not-the-password", None)
        .await?;
    page.get_by_role(
        AriaRole::Button,
        Some(GetByRoleOptions::default().name("Sign in").exact(true)),
    )
    .click(None)
    .await?;
    expect(page.get_by_role(AriaRole::Alert, None))
        .to_contain_text("incorrect")
        .await?;
    page.get_by_label("Email, phone or Skype", true)
        .fill(&username, None)
        .await?;
    page.get_by_label("Password", true)
        .fill(sim::identity::DEMO_PASSWORD, None)
        .await?;
    page.get_by_role(
        AriaRole::Button,
        Some(GetByRoleOptions::default().name("Sign in").exact(true)),
    )
    .click(None)
    .await?;
    expect(page.get_by_role(
        AriaRole::Heading,
        Some(GetByRoleOptions::default().name("Signed in")),
    ))
    .to_be_visible()
    .await?;

    let claims = redeem(account, &client, flow).await?;
    assert_eq!(claims["preferred_username"], username.as_str());
    assert_eq!(claims["tid"], account["tenant_id"]);
    session.close().await?;
    Ok(())
}
