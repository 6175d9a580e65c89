//! The `mimc-emulator` command line, declared once for both of its forms: the native binary
//! (`main.rs`) and `npx mimc-emulator` (Node, through the wasm crate's `parseCommandLine` and
//! `Core.banner`). Flags, defaults, help, error messages and the first lines printed all come
//! from here, so the two forms cannot drift; each form only does the I/O (the `--state` file,
//! the socket, signals).

use crate::store::AppCredentials;
use crate::wire::WireFormat;
use crate::{default_app, Emulator};
use clap::Parser;
use serde::Serialize;
use std::ffi::OsString;
use std::fmt::Write;
use std::net::IpAddr;
use std::path::PathBuf;

/// The longest `--token-ttl`: Node's form passes it on as a JS number, exact only up to 2^53 − 1.
pub const MAX_TOKEN_TTL: u64 = (1 << 53) - 1;

/// A faithful local server of Xiaomi MIMC's unlimited-group (uctopic) REST API.
// The name is fixed rather than taken from argv[0], which is node's script path under npx.
#[derive(Parser, Debug)]
#[command(
    name = "mimc-emulator",
    bin_name = "mimc-emulator",
    no_binary_name = true,
    version
)]
pub struct Cli {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    pub host: IpAddr,
    /// Port to listen on; 0 picks a free one (the first line printed says which).
    #[arg(long, default_value_t = 8787)]
    pub port: u16,
    /// An app as ID:KEY:SECRET (repeatable); replaces the default app.
    #[arg(long = "app", value_name = "ID:KEY:SECRET", value_parser = parse_app)]
    pub apps: Vec<AppCredentials>,
    /// Lifetime of issued tokens, in seconds.
    #[arg(long, default_value_t = 86_400, value_parser = clap::value_parser!(u64).range(..=MAX_TOKEN_TTL))]
    pub token_ttl: u64,
    /// The JSON forms of ids, counts and isEnd in answers.
    #[arg(long, value_enum, default_value_t = WireFormat::Documented)]
    pub wire_format: WireFormat,
    /// Load state from this JSON file at start and save it there on shutdown.
    #[arg(long)]
    pub state: Option<PathBuf>,
}

/// What the command does instead of starting: write `text` as is, then exit with `code`.
#[derive(Debug, PartialEq, Eq, Serialize)]
pub struct Exit {
    /// 0 after `--help` or `--version`, 2 for a bad command line.
    pub code: u8,
    /// Whether `text` goes to stderr (an error) rather than stdout (help, version).
    pub stderr: bool,
    /// The message, ending in a newline.
    pub text: String,
}

impl Cli {
    /// The flags (without the program's name), or what to print and the exit code instead.
    pub fn parse_args<I>(args: I) -> Result<Cli, Exit>
    where
        I: IntoIterator,
        I::Item: Into<OsString> + Clone,
    {
        Cli::try_parse_from(args).map_err(|error| {
            // Plain text: clap's colours would need a terminal check that Node's form cannot
            // make the same way, and the two forms print the same bytes.
            let mut text = error.render().to_string();
            if !text.ends_with('\n') {
                text.push('\n');
            }
            Exit {
                code: u8::try_from(error.exit_code()).unwrap_or(2),
                stderr: error.use_stderr(),
                text,
            }
        })
    }

    /// The apps to serve: those given, or the default app.
    pub fn apps(&self) -> Vec<AppCredentials> {
        match self.apps.is_empty() {
            true => vec![default_app()],
            false => self.apps.clone(),
        }
    }
}

fn parse_app(text: &str) -> Result<AppCredentials, String> {
    match text.splitn(3, ':').collect::<Vec<_>>()[..] {
        [id, key, secret] if !id.is_empty() && !key.is_empty() && !secret.is_empty() => {
            Ok(AppCredentials {
                id: id.into(),
                key: key.into(),
                secret: secret.into(),
            })
        }
        _ => Err("expected ID:KEY:SECRET".into()),
    }
}

/// The lines the command prints once it listens at `url` (`http://HOST:PORT`), each ending in
/// a newline. Tests and scripts parse the first: keep it exactly so.
pub fn banner(url: &str, emulator: &Emulator) -> String {
    let state = emulator.lock();
    let mut text = format!("mimc-emulator listening on {url}\n");
    for app in state.store.apps() {
        let _ = writeln!(
            text,
            "app: appId={} appKey={} appSecret={}",
            app.id, app.key, app.secret
        );
    }
    let _ = writeln!(text, "wire format: {:?}; press Ctrl-C to stop", state.wire);
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults() {
        let cli = Cli::parse_args::<[&str; 0]>([]).unwrap();
        assert_eq!(cli.host.to_string(), "127.0.0.1");
        assert_eq!(cli.port, 8787);
        assert_eq!(cli.token_ttl, 86_400);
        assert_eq!(cli.wire_format, WireFormat::Documented);
        assert_eq!(cli.apps()[0].id, crate::DEFAULT_APP.0);
        assert!(cli.state.is_none());
    }

    #[test]
    fn flags() {
        let cli = Cli::parse_args([
            "--host=::1",
            "--app",
            "9:k:s:with:colons",
            "--app",
            "8:k:s",
            "--token-ttl",
            "9007199254740991",
            "--wire-format",
            "native",
            "--state",
            "s.json",
        ])
        .unwrap();
        assert_eq!(cli.host.to_string(), "::1");
        let apps = cli.apps();
        assert_eq!(
            (apps[0].id.as_str(), apps[0].secret.as_str()),
            ("9", "s:with:colons")
        );
        assert_eq!(apps.len(), 2);
        assert_eq!(cli.token_ttl, MAX_TOKEN_TTL);
        assert_eq!(cli.wire_format, WireFormat::Native);
        assert_eq!(cli.state, Some(PathBuf::from("s.json")));
    }

    #[test]
    fn help_and_version_go_to_stdout() {
        let help = Cli::parse_args(["--help"]).unwrap_err();
        assert_eq!((help.code, help.stderr), (0, false));
        assert!(
            help.text.starts_with("A faithful local server"),
            "{}",
            help.text
        );
        assert!(help.text.contains("Usage: mimc-emulator [OPTIONS]"));
        let version = Cli::parse_args(["-V"]).unwrap_err();
        assert_eq!(
            version.text,
            concat!("mimc-emulator ", env!("CARGO_PKG_VERSION"), "\n")
        );
    }

    #[test]
    fn bad_flags_are_errors_on_stderr() {
        for args in [
            &["--port", "abc"][..],
            &["--port", "65536"],
            &["--bogus"],
            &["--app", "1:k"],
            &["--app", "1::s"],
            &["--host", "localhost"],
            &["--wire-format", "xml"],
            &["--token-ttl", "9007199254740992"],
            &["--port", "1", "--port", "2"],
            &["positional"],
        ] {
            let exit = Cli::parse_args(args).unwrap_err();
            assert_eq!((exit.code, exit.stderr), (2, true), "{args:?}");
            assert!(exit.text.starts_with("error: "), "{args:?}: {}", exit.text);
        }
    }
}
