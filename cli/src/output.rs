//! How answers are written: as text or JSON (`-o/--output`, `--json`), and whether text is
//! coloured (`--color`, with `NO_COLOR`, `CLICOLOR_FORCE` and `TERM=dumb` read by
//! anstream, as clap reads them).
//!
//! Both are known before the command line is fully parsed: a lenient pass of the same
//! grammar (clap's `ignore_errors`, without the help flags, which would stop it) reads
//! them, so that a command line that does not parse is answered as JSON when it asks for
//! JSON, and help is coloured as asked.

use crate::args::{Cli, ColorWhen, Format};
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{ArgMatches, CommandFactory};
use std::ffi::OsString;

/// The output options, as far as they can be read from any command line.
#[derive(Debug, Clone, Copy)]
pub struct Early {
    pub json: bool,
    pub color: ColorWhen,
}

/// Reads `-o`, `--json` and `--color` from `argv`, whatever else it holds.
pub fn early(argv: &[OsString]) -> Early {
    // `-h`, `--help` and `--version` end a parse; they say nothing about the output.
    let mut args: Vec<&OsString> = argv
        .iter()
        .enumerate()
        .filter(|(i, a)| *i == 0 || !matches!(a.to_str(), Some("-h" | "--help" | "-V" | "--version")))
        .map(|(_, a)| a)
        .collect();
    let grammar = || Cli::command().disable_help_flag(true).disable_version_flag(true);
    // clap stops at an argument it does not know or a value it cannot take, even when told
    // to ignore errors: leave out each one it names, then read what is left, ignoring any
    // other mistake.
    for _ in 0..argv.len() {
        let error = match grammar().try_get_matches_from(&args) {
            Ok(matches) => return read(&matches),
            Err(error) => error,
        };
        let named = match error.kind() {
            ErrorKind::UnknownArgument => error.get(ContextKind::InvalidArg),
            ErrorKind::InvalidSubcommand => error.get(ContextKind::InvalidSubcommand),
            ErrorKind::InvalidValue => error.get(ContextKind::InvalidValue),
            _ => None,
        };
        let Some(ContextValue::String(unknown)) = named else { break };
        let is_it =
            |a: &str| a == unknown || a.strip_prefix(unknown.as_str()).is_some_and(|r| r.starts_with('='));
        let Some(at) = args.iter().skip(1).position(|a| a.to_str().is_some_and(is_it)) else { break };
        args.remove(at + 1);
    }
    match grammar().ignore_errors(true).try_get_matches_from(&args) {
        Ok(matches) => read(&matches),
        Err(_) => Early { json: false, color: ColorWhen::Auto },
    }
}

/// The output options of a parse.
fn read(matches: &ArgMatches) -> Early {
    // Global options land in the deepest subcommand's matches.
    let mut deepest = matches;
    while let Some((_, sub)) = deepest.subcommand() {
        deepest = sub;
    }
    let json = deepest.try_get_one::<bool>("json").ok().flatten().copied().unwrap_or(false);
    let output = deepest.try_get_one::<Format>("output").ok().flatten().copied();
    let color = deepest.try_get_one::<ColorWhen>("color").ok().flatten().copied();
    Early { json: json || output == Some(Format::Json), color: color.unwrap_or(ColorWhen::Auto) }
}

/// Whether to colour what goes to `stream`.
pub fn colors(when: ColorWhen, stream: &impl anstream::stream::RawStream) -> bool {
    match when {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        // anstream colours a CI log even for `TERM=dumb`; a dumb terminal wins here unless
        // CLICOLOR_FORCE asks for colour.
        ColorWhen::Auto => {
            let env_set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty() && v != "0");
            let dumb = std::env::var_os("TERM").is_some_and(|t| t == "dumb");
            (env_set("CLICOLOR_FORCE") || !dumb)
                && anstream::AutoStream::choice(stream) != anstream::ColorChoice::Never
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn early_of(args: &[&str]) -> (bool, ColorWhen) {
        let argv: Vec<OsString> = ["deploy-rollback"].iter().chain(args).map(OsString::from).collect();
        let early = early(&argv);
        (early.json, early.color)
    }

    #[test]
    fn the_output_options_are_read_from_any_command_line() {
        assert_eq!(early_of(&["plan", "x.json", "-o", "json"]), (true, ColorWhen::Auto));
        assert_eq!(early_of(&["plan", "-ojson", "--bogus"]), (true, ColorWhen::Auto));
        assert_eq!(early_of(&["--json", "frobnicate"]), (true, ColorWhen::Auto));
        assert_eq!(early_of(&["plan", "--output=text", "--to"]), (false, ColorWhen::Auto));
        assert_eq!(early_of(&["plan", "--color", "never", "--help"]), (false, ColorWhen::Never));
        assert_eq!(early_of(&["-h", "--color=always"]), (false, ColorWhen::Always));
        assert_eq!(early_of(&[]), (false, ColorWhen::Auto));
        // Past arguments clap does not know.
        assert_eq!(early_of(&["eligibility", "x.json", "--bogus", "-o", "json"]), (true, ColorWhen::Auto));
        assert_eq!(early_of(&["frobnicate", "--color", "never", "--json"]), (true, ColorWhen::Never));
        assert_eq!(early_of(&["eligibility", "-", "extra.json", "--output=json"]), (true, ColorWhen::Auto));
        assert_eq!(early_of(&["plan", "-", "--bogus=1", "--json"]), (true, ColorWhen::Auto));
        assert_eq!(early_of(&["completion", "tcsh", "--color=never", "--json"]), (true, ColorWhen::Never));
    }
}
