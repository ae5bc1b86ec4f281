//! The simulated Entra ID sign-in page: the demo users as one-click buttons, and a username
//! and password form. The authorization request travels along in hidden fields.

use super::directory::StaffDirectory;
use crate::model::AccountInfo;

/// Escapes text for HTML element content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for character in text.chars() {
        match character {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

const STYLE: &str = "body{font-family:system-ui,'Segoe UI',sans-serif;background:#f2f2f2;margin:0;color:#1b1b1b}\
main{max-width:30rem;margin:3rem auto;background:#fff;padding:2rem 2.5rem;box-shadow:0 2px 6px rgba(0,0,0,.2)}\
h1{font-size:1.5rem;margin:.5rem 0}.cloud{color:#555;font-size:.9rem}.error{background:#fde7e9;border-left:4px solid #a80000;padding:.5rem .75rem}\
ul{list-style:none;padding:0}li{margin:.4rem 0}button{font:inherit;cursor:pointer}\
.user{width:100%;text-align:left;padding:.6rem .8rem;border:1px solid #8a8886;background:#fff}\
.user:hover,.user:focus{background:#f3f2f1}.user small{display:block;color:#555}\
label{display:block;margin-top:.8rem}input[type=text],input[type=password]{width:100%;padding:.4rem;font:inherit;box-sizing:border-box}\
.primary{margin-top:1rem;background:#0067b8;color:#fff;border:0;padding:.5rem 2rem}:focus-visible{outline:3px solid #b4470f}";

/// The whole page for `account`; `request` are the authorization parameters to carry along.
pub fn render(
    account: &AccountInfo,
    directory: &StaffDirectory,
    request: &[(String, String)],
    error: Option<&str>,
) -> String {
    let hidden: String = request
        .iter()
        .map(|(name, value)| {
            format!(
                r#"<input type="hidden" name="{}" value="{}">"#,
                escape(name),
                escape(value)
            )
        })
        .collect();
    let users: String = directory
        .users
        .iter()
        .map(|user| {
            format!(
                r#"<li><button class="user" type="submit" name="pick" value="{username}">{name}<small>{upn} · {description}</small></button></li>"#,
                username = escape(&user.username),
                name = escape(&user.display_name),
                upn = escape(&user.upn(&account.domain)),
                description = escape(&user.description),
            )
        })
        .collect();
    let error = error
        .map(|message| format!(r#"<p class="error" role="alert">{}</p>"#, escape(message)))
        .unwrap_or_default();
    format!(
        r#"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Sign in to your account</title><link rel="icon" href="data:,"><style>{STYLE}</style></head><body><main>
<p class="cloud">Simulated Microsoft Entra ID · {cloud}</p><h1>Sign in to {tenant}</h1>{error}
<form method="post"><h2>Demo accounts</h2><ul>{users}</ul>{hidden}</form>
<form method="post"><h2>Sign in with a password</h2>{hidden}
<label for="username">Email, phone or Skype</label><input id="username" name="username" type="text" autocomplete="username" required>
<label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" required>
<p class="cloud">Demo password: {password}</p><button class="primary" type="submit">Sign in</button></form>
</main></body></html>"#,
        cloud = escape(account.cloud.label()),
        tenant = escape(&account.domain),
        password = escape(&directory.password),
    )
}

/// A plain error page, for requests that cannot be sent back to the app (unknown app, bad redirect).
pub fn error_page(title: &str, message: &str) -> String {
    format!(
        r#"<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title><link rel="icon" href="data:,"><style>{STYLE}</style></head>
<body><main><h1>{title}</h1><p class="error" role="alert">{message}</p></main></body></html>"#,
        title = escape(title),
        message = escape(message),
    )
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn markup_in_values_is_escaped() {
        assert_eq!(
            escape(r#"<script>"x" & 'y'</script>"#),
            "&lt;script&gt;&quot;x&quot; &amp; &#39;y&#39;&lt;/script&gt;"
        );
    }
}
