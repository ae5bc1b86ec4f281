# shellcheck shell=bash
# Shared by scripts/serve and scripts/test: messages, apt, and installing the build tools a
# fresh machine lacks. Each step checks first, so a warm machine skips it in milliseconds.

set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$REPO_ROOT"
export PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"

# Tool versions known to work together (see ../shared/TOOLCHAIN.md in the team's notes).
CARGO_LEPTOS_VERSION=0.3.10
SQLX_CLI_VERSION=0.8.6
LEPTOSFMT_VERSION=0.1.33

say() { printf '\033[1;34m==>\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31merror:\033[0m %s\n' "$*" >&2; exit 1; }

# apt_install PACKAGE...: installs Debian packages (as root, or through sudo).
apt_install() {
    local sudo=""
    if [ "$(id -u)" != 0 ]; then
        command -v sudo >/dev/null 2>&1 || die "need root to install $*; run: sudo apt-get install -y $*"
        sudo="sudo"
    fi
    if [ -z "${APT_UPDATED:-}" ]; then
        $sudo apt-get update -qq >/dev/null || die "apt-get update failed"
        APT_UPDATED=1
    fi
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null || die "apt-get install $* failed"
}

ensure_wasm_target() {
    rustup target list --installed | grep -qx wasm32-unknown-unknown && return
    say "installing the wasm32-unknown-unknown Rust target"
    rustup target add wasm32-unknown-unknown
}

ensure_cargo_leptos() {
    [ "$(cargo leptos --version 2>/dev/null)" = "cargo-leptos $CARGO_LEPTOS_VERSION" ] && return
    say "installing cargo-leptos $CARGO_LEPTOS_VERSION (about 15 minutes on 2 cores, once)"
    # no_downloads: never fetch tools from GitHub; they come from cargo and npm instead.
    cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked --features no_downloads
}

# The CLI must match the wasm-bindgen crate in Cargo.lock exactly.
ensure_wasm_bindgen() {
    local version
    version="$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"/\1/p' || true)"
    [ -n "$version" ] || die "wasm-bindgen is missing from Cargo.lock"
    [ "$(wasm-bindgen --version 2>/dev/null)" = "wasm-bindgen $version" ] && return
    say "installing wasm-bindgen-cli $version (about 4 minutes, once)"
    # Without --locked: its lock file names a webpki-roots the registry no longer has.
    CARGO_RESOLVER_INCOMPATIBLE_RUST_VERSIONS=fallback cargo install wasm-bindgen-cli --version "$version"
}

ensure_sqlx_cli() {
    [ "$(cargo sqlx --version 2>/dev/null)" = "sqlx-cli-sqlx $SQLX_CLI_VERSION" ] && return
    [ "$(sqlx --version 2>/dev/null)" = "sqlx-cli $SQLX_CLI_VERSION" ] && return
    say "installing sqlx-cli $SQLX_CLI_VERSION (about 4 minutes, once)"
    cargo install sqlx-cli --version "$SQLX_CLI_VERSION" --locked --no-default-features --features rustls,postgres
}

ensure_leptosfmt() {
    [ "$(leptosfmt --version 2>/dev/null)" = "leptosfmt $LEPTOSFMT_VERSION" ] && return
    say "installing leptosfmt $LEPTOSFMT_VERSION (about 2 minutes, once)"
    cargo install leptosfmt --version "$LEPTOSFMT_VERSION" --locked
}

# npm packages: binaryen's wasm-opt (release builds) and the Playwright driver (browser tests).
ensure_node_modules() {
    command -v npm >/dev/null 2>&1 || apt_install nodejs npm
    if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
        say "installing npm packages (wasm-opt, playwright driver)"
        PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
    fi
}

ensure_shellcheck() {
    command -v shellcheck >/dev/null 2>&1 && return
    say "installing Debian's shellcheck"
    apt_install shellcheck
}

ensure_chromium() {
    [ -x /usr/bin/chromium ] && return
    say "installing Debian's Chromium for the browser tests"
    apt_install chromium fonts-liberation
}

# Everything `cargo leptos build` needs.
ensure_build_tools() {
    ensure_wasm_target
    ensure_cargo_leptos
    ensure_wasm_bindgen
    ensure_node_modules
}
