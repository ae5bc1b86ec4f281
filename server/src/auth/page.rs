//! The small pages sign-in shows outside the app: what went wrong and a way to try again.

use super::oidc::LoginError;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

pub fn failure_page(status: StatusCode, error: &LoginError) -> Response {
    html_page(status, "Sign-in failed", &error.to_string())
}

pub fn html_page(status: StatusCode, title: &str, message: &str) -> Response {
    let body = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title} · Switchboard</title>\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><link rel=\"icon\" href=\"/favicon.svg\"></head>\
         <body style=\"font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem\">\
         <h1>{title}</h1><p id=\"auth-message\">{message}</p><p><a href=\"/login\">Sign in again</a></p></body></html>",
        title = html_escape::encode_text(title),
        message = html_escape::encode_text(message),
    );
    (status, Html(body)).into_response()
}
