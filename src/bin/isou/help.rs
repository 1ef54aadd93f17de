//! The command-line help in the chosen language, shell completions and man pages.
//!
//! The English help is the `///` comments of `cli.rs`, as clap derives it. When Japanese
//! is chosen (before clap parses: `usage.rs` reads `--lang` ahead), [`localise`] walks
//! the built command tree and replaces every text with its translation from
//! `i18n/ja/help.ftl`: each command's `help-<command path>` (`help-seal`,
//! `help-record-ship`; `help-isou` for isou itself) and each argument's
//! `help-<command path>--<argument id>` (`help-record-ship--tracking-number`; a global
//! option, repeated in every subcommand, is `help-isou--lang` everywhere), plus
//! [`FIXED_IDS`] for the parts clap writes itself (headings, `-h`/`-V`, the `help`
//! subcommand, default and possible values) and the exit-code table. A text missing
//! from help.ftl stays English; the unit tests below keep help.ftl complete and free of
//! ids that name nothing.
//!
//! clap wraps help text only at spaces, which Japanese has few of. So in Japanese the
//! help of each option and command goes on the line below it (clap's `next_line_help`,
//! at a known column) and the texts are wrapped here beforehand, between any two
//! Japanese characters but not before 、。」） nor after 「（.
//!
//! Completion scripts and man pages are generated from the English tree
//! ([`Cli::command_en`]): they are files installed once for every user of a machine,
//! whatever the language each of them chooses.

use std::io::{BufWriter, Write};

use clap::{Arg, Command};
use isou::i18n::{self, Lang};
use isou::untrusted::clean;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::cli::{Cli, CompletionsArgs, ManArgs};
use crate::error::CliError;
use crate::output::{self, errln};

/// The ids of help.ftl that name no command or argument: the parts of the help that
/// clap writes itself, and the exit-code table.
#[cfg_attr(not(test), allow(dead_code))]
pub const FIXED_IDS: &[&str] = &[
    "help-heading-usage",
    "help-heading-commands",
    "help-heading-arguments",
    "help-heading-options",
    "help-builtin-help",
    "help-builtin-help-short",
    "help-builtin-help-long",
    "help-builtin-version",
    "help-builtin-help-command",
    "help-builtin-help-subcommand",
    "help-spec-default",
    "help-spec-possible",
    "help-exit-codes",
];

/// The column where clap puts the help of an option or command with `next_line_help`:
/// two spaces and eight.
const HELP_COLUMN: usize = 10;

/// The command tree in the current language: as given in English, or translated.
pub fn localise(cmd: Command) -> Command {
    let width = term_width();
    if i18n::current() != Lang::Ja {
        // clap would wrap the exit-code table line by line, putting the overflow
        // under the codes: filled here with its hanging indent, at the same width.
        return cmd
            .term_width(width)
            .after_help(wrap_hanging(crate::cli::EXIT_CODES, width));
    }
    let mut cmd = cmd.term_width(width).next_line_help(true);
    // Built first, so the parts clap adds (-h, -V, the help subcommand, the global
    // options copied into every subcommand) are there to be translated.
    cmd.build();
    Japanese { width }.command(cmd, "isou", true)
}

/// The translation of one command tree into Japanese, for a terminal `width` wide.
struct Japanese {
    width: usize,
}

impl Japanese {
    /// A message of help.ftl, wrapped to `width`, if help.ftl has it.
    fn text(&self, id: &str, width: usize) -> Option<String> {
        i18n::has(Lang::Ja, id).then(|| wrap(&i18n::tr_in(Lang::Ja, id, None), width))
    }

    /// A message of help.ftl that [`FIXED_IDS`] names (always there, by the tests).
    fn fixed(&self, id: &str, args: Option<&i18n::Args>) -> String {
        i18n::tr_in(Lang::Ja, id, args)
    }

    /// Translates `cmd`, whose help ids are `help-{key}…`, and its subcommands.
    fn command(&self, mut cmd: Command, key: &str, root: bool) -> Command {
        let narrow = self.width.saturating_sub(HELP_COLUMN + 1);
        if let Some(about) = self.text(&format!("help-{key}"), narrow) {
            cmd = cmd.about(about).long_about(None);
        }
        if root {
            cmd = cmd.after_help(wrap_hanging(
                &self.fixed("help-exit-codes", None),
                self.width,
            ));
        }
        let template = self.template(&cmd);
        cmd = cmd.help_template(template);

        let ids: Vec<String> = cmd
            .get_arguments()
            .map(|a| a.get_id().as_str().to_string())
            .collect();
        for id in ids {
            cmd = cmd.mut_arg(&id, |a| self.arg(a, key, narrow));
        }

        let names: Vec<String> = cmd
            .get_subcommands()
            .map(|c| c.get_name().to_string())
            .collect();
        let bin = cmd.get_bin_name().unwrap_or("isou").to_string();
        for name in names {
            cmd = cmd.mut_subcommand(&name, |sub| {
                if name == "help" {
                    self.help_command(&bin, narrow)
                } else if root {
                    self.command(sub, &name, false)
                } else {
                    self.command(sub, &format!("{key}-{name}"), false)
                }
            });
        }
        cmd
    }

    /// clap's own `help` subcommand of the command `bin` (`isou`, `isou record`), as
    /// clap makes it when parsing: built by [`Command::build`], it holds a copy of the
    /// whole tree (for completion scripts), which `isou help help` would list in
    /// English and which would make `isou help` look like a command with subcommands.
    /// The parser treats any subcommand named `help` as this one.
    fn help_command(&self, bin: &str, narrow: usize) -> Command {
        let mut help = Command::new("help")
            .bin_name(format!("{bin} help"))
            .about(wrap(&self.fixed("help-builtin-help-command", None), narrow))
            .term_width(self.width)
            .next_line_help(true)
            .disable_help_flag(true)
            .disable_version_flag(true)
            .arg(
                Arg::new("subcommand")
                    .action(clap::ArgAction::Append)
                    .num_args(..)
                    .value_name("COMMAND")
                    .help(wrap(
                        &self.fixed("help-builtin-help-subcommand", None),
                        narrow,
                    )),
            );
        let template = self.template(&help);
        help = help.help_template(template);
        help
    }

    /// clap's default help layout with Japanese headings; a section only when it has
    /// something to show (as clap does).
    fn template(&self, cmd: &Command) -> String {
        let mut t = format!(
            "{{before-help}}{{about-with-newline}}\n{}: {{usage}}",
            self.fixed("help-heading-usage", None)
        );
        let shown = |positional: bool| {
            cmd.get_arguments()
                .any(|a| a.is_positional() == positional && !a.is_hide_set())
        };
        if cmd.has_subcommands() {
            t.push_str(&format!(
                "\n\n{}:\n{{subcommands}}",
                self.fixed("help-heading-commands", None)
            ));
        }
        if shown(true) {
            t.push_str(&format!(
                "\n\n{}:\n{{positionals}}",
                self.fixed("help-heading-arguments", None)
            ));
        }
        if shown(false) {
            t.push_str(&format!(
                "\n\n{}:\n{{options}}",
                self.fixed("help-heading-options", None)
            ));
        }
        t.push_str("{after-help}");
        t
    }

    /// Translates one argument of the command whose help ids are `help-{key}…`.
    fn arg(&self, a: Arg, key: &str, width: usize) -> Arg {
        let id = a.get_id().as_str().to_string();
        match id.as_str() {
            "help" if a.get_long_help().is_some() => {
                return a
                    .help(wrap(&self.fixed("help-builtin-help-short", None), width))
                    .long_help(wrap(&self.fixed("help-builtin-help-long", None), width));
            }
            "help" => return a.help(wrap(&self.fixed("help-builtin-help", None), width)),
            "version" => return a.help(wrap(&self.fixed("help-builtin-version", None), width)),
            _ => {}
        }
        let owner = if a.is_global_set() { "isou" } else { key };
        let long = a.get_long_help().is_some();
        let help = self.text(&help_id(owner, &id), usize::MAX);
        let Some(mut help) = help else { return a };
        // clap's `[default: …]` and `[possible values: …]`, in Japanese.
        let mut a = a;
        if a.get_action().takes_values() {
            let defaults: Vec<String> = a
                .get_default_values()
                .iter()
                .map(|v| v.to_string_lossy().into_owned())
                .filter(|v| !v.is_empty())
                .collect();
            if !defaults.is_empty() && !a.is_hide_default_value_set() {
                let mut args = i18n::Args::new();
                args.set("value", defaults.join(", "));
                help.push_str(&self.fixed("help-spec-default", Some(&args)));
            }
            let possible: Vec<String> = a
                .get_possible_values()
                .iter()
                .filter(|p| !p.is_hide_set())
                .map(|p| p.get_name().to_string())
                .collect();
            if !possible.is_empty() && !a.is_hide_possible_values_set() {
                let mut args = i18n::Args::new();
                args.set("values", possible.join(", "));
                help.push_str(&self.fixed("help-spec-possible", Some(&args)));
            }
            a = a.hide_default_value(true).hide_possible_values(true);
        }
        let help = wrap(&help, width);
        if long {
            a.help(help.clone()).long_help(help)
        } else {
            a.help(help)
        }
    }
}

/// The help id of argument `arg` (clap's id, the field name) of the command whose help
/// ids are `help-{key}…`: `help-record-ship--tracking-number`.
fn help_id(key: &str, arg: &str) -> String {
    format!("help-{key}--{}", arg.replace('_', "-"))
}

/// The width clap would use: the terminal's (standard output, else standard error,
/// else `COLUMNS`), at most 100 as clap's default, at least 40 to stay readable.
fn term_width() -> usize {
    terminal_columns()
        .or_else(|| std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()))
        .unwrap_or(100)
        .clamp(40, 100)
}

use isou::platform::terminal_columns;

/// Characters a line must not start with (Japanese line-breaking rules, 行頭禁則,
/// and ASCII closing punctuation).
const NO_BREAK_BEFORE: &str =
    "、。，．・：；？！ー）」』】〕］｝〉》ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ)]},.:;!?%";
/// Characters a line must not end with (行末禁則).
const NO_BREAK_AFTER: &str = "（「『【〔［｛〈《([{";

/// Wraps `text` to `width` display columns: at spaces, and between two characters
/// where one is wide (Japanese), keeping the line-breaking rules above. Existing line
/// breaks stay; a continued line keeps the indentation of its first.
pub fn wrap(text: &str, width: usize) -> String {
    text.split('\n')
        .map(|line| wrap_line(line, width))
        .collect::<Vec<_>>()
        .join("\n")
}

fn wrap_line(line: &str, width: usize) -> String {
    let body = line.trim_start_matches(' ');
    let indent = &line[..line.len() - body.len()];
    fill(body, indent, indent, width)
}

/// Wraps a table of entries with a hanging indent, such as the exit codes:
/// `  1    text…` (an indented number, spaces, the text), its text continued on the
/// lines below that are indented deeper. Each entry's text is one paragraph (its
/// written line breaks joined: with a space, or none between two Japanese
/// characters), filled to `width` with its continuation lines under the text column,
/// never back under the number (issue 17 finding 55). Other lines (the heading) are
/// wrapped as [`wrap`] does.
pub fn wrap_hanging(text: &str, width: usize) -> String {
    let mut out: Vec<String> = Vec::new();
    // The entry being read: its first line's prefix (`  1    `), its text, and the
    // indentation of its written continuation lines.
    let mut entry: Option<(String, String, Option<usize>)> = None;
    let flush = |entry: &mut Option<(String, String, Option<usize>)>, out: &mut Vec<String>| {
        if let Some((prefix, body, hang)) = entry.take() {
            let hang = " ".repeat(hang.unwrap_or(prefix.width()));
            out.push(fill(&body, &prefix, &hang, width));
        }
    };
    for line in text.split('\n') {
        let body = line.trim_start_matches(' ');
        let indent = line.len() - body.len();
        if let Some(prefix) = entry_prefix(line) {
            flush(&mut entry, &mut out);
            entry = Some((prefix.to_string(), line[prefix.len()..].to_string(), None));
        } else if let Some((_, text, hang)) =
            entry.as_mut().filter(|_| indent > 0 && !body.is_empty())
        {
            let joined_wide = text.ends_with(is_wide) && body.starts_with(is_wide);
            if !joined_wide {
                text.push(' ');
            }
            text.push_str(body);
            hang.get_or_insert(indent);
        } else {
            flush(&mut entry, &mut out);
            out.push(wrap_line(line, width));
        }
    }
    flush(&mut entry, &mut out);
    out.join("\n")
}

/// The start of a table entry, `  130  ` (indentation, digits, spaces), when `line`
/// has text after it.
fn entry_prefix(line: &str) -> Option<&str> {
    let body = line.trim_start_matches(' ');
    let digits = body.len() - body.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let after = &body[digits..];
    let text = after.trim_start_matches(' ');
    let ok = body.len() < line.len() && digits > 0 && text.len() < after.len() && !text.is_empty();
    ok.then(|| &line[..line.len() - text.len()])
}

/// Fills `body` to `width` columns: the first line after `first`, the others after
/// `rest` (both of spaces or a table's prefix).
fn fill(body: &str, first: &str, rest: &str, width: usize) -> String {
    // Unbreakable pieces, each with the spaces before it.
    let mut pieces: Vec<(String, usize)> = Vec::new();
    let mut spaces = 0;
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        if c == ' ' {
            spaces += 1;
            continue;
        }
        let mut piece = c.to_string();
        if !is_wide(c) {
            while let Some(&n) = chars.peek() {
                if n == ' ' || is_wide(n) {
                    break;
                }
                piece.push(n);
                chars.next();
            }
        }
        let glued = spaces == 0
            && pieces.last().is_some_and(|(prev, _)| {
                NO_BREAK_BEFORE.contains(c) || prev.ends_with(|p| NO_BREAK_AFTER.contains(p))
            });
        match pieces.last_mut() {
            Some((prev, _)) if glued => prev.push_str(&piece),
            _ => pieces.push((piece, spaces)),
        }
        spaces = 0;
    }
    let mut out = String::new();
    let mut current = String::new();
    let mut indent = first;
    let mut used = indent.width();
    for (piece, spaces) in pieces {
        let sep = if current.is_empty() { 0 } else { spaces };
        let w = piece.width();
        if !current.is_empty() && used + sep + w > width {
            out.push_str(indent);
            out.push_str(&current);
            out.push('\n');
            current.clear();
            indent = rest;
            used = indent.width();
        } else {
            current.push_str(&" ".repeat(sep));
            used += sep;
        }
        current.push_str(&piece);
        used += w;
    }
    out.push_str(indent);
    out.push_str(&current);
    out
}

fn is_wide(c: char) -> bool {
    c.width().unwrap_or(0) >= 2
}

/// `isou completions SHELL`: the completion script on standard output.
pub fn completions(a: &CompletionsArgs) -> Result<(), CliError> {
    let mut cmd = Cli::command_en();
    let mut out = BufWriter::new(output::Stdout);
    clap_complete::generate(a.shell, &mut cmd, "isou", &mut out);
    // `Stdout` never fails; a failed write is reported by `output::finish`.
    let _ = out.flush();
    Ok(())
}

/// `isou man [-o DIR]`: isou.1 on standard output, or every page into DIR.
pub fn man(a: &ManArgs, quiet: bool) -> Result<(), CliError> {
    let Some(dir) = &a.output else {
        let mut out = BufWriter::new(output::Stdout);
        // `Stdout` never fails; a failed write is reported by `output::finish`.
        let _ = clap_mangen::Man::new(Cli::command_en()).render(&mut out);
        let _ = out.flush();
        return Ok(());
    };
    let shown = clean(&dir.display().to_string());
    let what = || isou::tr!("man-writing", dir = shown.as_str());
    std::fs::create_dir_all(dir).map_err(CliError::io(what()))?;
    let mut cmd = Cli::command_en().disable_help_subcommand(true);
    cmd.build();
    // Every page rendered first, named as clap_mangen names them (`isou-record-ship.1`).
    let mut pages: Vec<(String, Vec<u8>)> = Vec::new();
    let mut todo = vec![cmd];
    while let Some(cmd) = todo.pop() {
        todo.extend(cmd.get_subcommands().filter(|s| !s.is_hide_set()).cloned());
        let man = clap_mangen::Man::new(cmd);
        let mut text = Vec::new();
        man.render(&mut text).map_err(CliError::io(what()))?;
        pages.push((man.get_filename(), text));
    }
    // Only regular files are replaced: a link, FIFO, device or folder named like a page
    // is refused before anything is written, not written through (a planted link made
    // `sudo isou man -o` overwrite any file; a FIFO made it hang: issue 17 findings 50
    // and 58).
    let check = || -> Result<(), CliError> {
        for (name, _) in &pages {
            let path = dir.join(name);
            match std::fs::symlink_metadata(&path) {
                Ok(m) if !m.file_type().is_file() => {
                    let path = clean(&path.display().to_string());
                    return Err(CliError::usage(
                        isou::tr!("man-not-a-file", path = path.as_str()),
                        isou::tr!("man-not-a-file-hint"),
                    ));
                }
                Ok(_) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(CliError::io(what())(e)),
            }
        }
        Ok(())
    };
    check()?;
    // Each page into a new file of its own (`create_new`: never through a link), then
    // renamed over its name (which replaces a link or file there, never follows it).
    // The new files are removed if interrupted or on an error, so an interrupted run
    // has replaced nothing; the renames are done together under the cleanup gate.
    // The new file's name ends in a random part, and a name already taken is retried
    // with another: a name others can foresee let anyone who may write to DIR plant
    // files at the next runs' names and make every run fail (issue 17 finding 107).
    let tag = isou::cleanup::owner_tag();
    let mut staged: Vec<Staged> = Vec::new();
    for (name, text) in &pages {
        let mut file = {
            let _gate = isou::cleanup::gate();
            let (path, file) = create_part(dir, name, &tag).map_err(CliError::io(what()))?;
            staged.push(Staged {
                _guard: isou::cleanup::register(&path),
                path,
                renamed: false,
            });
            file
        };
        file.write_all(text)
            .and_then(|()| file.sync_all())
            .map_err(CliError::io(what()))?;
    }
    {
        let _gate = isou::cleanup::gate();
        // Checked again just before the renames: something made at a page's name while
        // the pages were written stops the run here, before any page is replaced. A
        // rename can still fail after this check (a folder made in between): then the
        // pages renamed before it stay replaced (README says so).
        check()?;
        for ((name, _), page) in pages.iter().zip(&mut staged) {
            std::fs::rename(&page.path, dir.join(name)).map_err(CliError::io(what()))?;
            page.renamed = true;
        }
        // Done: an interrupt from now on removes nothing and says the work was
        // finished, not that nothing had been written.
        isou::cleanup::commit();
    }
    if !quiet {
        errln!(
            "{}",
            isou::tr!("man-written", count = pages.len(), dir = shown.as_str())
        );
    }
    Ok(())
}

/// Creates a new file (`create_new`: never through a link) in `dir` for page `name`,
/// named `.NAME.isou-part-PID-BOOT-RANDOM`; a name already taken is tried again with
/// another random part, a few times.
fn create_part(
    dir: &std::path::Path,
    name: &str,
    tag: &str,
) -> std::io::Result<(std::path::PathBuf, std::fs::File)> {
    use rand::RngCore;
    const TRIES: usize = 16;
    let mut last = None;
    for _ in 0..TRIES {
        let random = rand::rngs::OsRng.next_u64();
        let path = dir.join(format!(".{name}.isou-part-{tag}-{random:016x}"));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(file) => return Ok((path, file)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| std::io::ErrorKind::AlreadyExists.into()))
}

/// A man page written to a new file of `man -o`'s folder, renamed over its name when
/// all are written; removed if not (an error), and by the interrupt cleanup.
struct Staged {
    path: std::path::PathBuf,
    renamed: bool,
    _guard: isou::cleanup::Guard,
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.renamed {
            let _ = std::fs::remove_file(&self.path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// Every help id the English command tree needs: each command's and each
    /// argument's (clap's own parts are [`FIXED_IDS`]).
    fn needed() -> BTreeSet<String> {
        fn walk(cmd: &Command, key: &str, out: &mut BTreeSet<String>) {
            out.insert(format!("help-{key}"));
            for a in cmd.get_arguments() {
                let id = a.get_id().as_str();
                if id == "help" || id == "version" {
                    continue;
                }
                let owner = if a.is_global_set() { "isou" } else { key };
                out.insert(help_id(owner, id));
            }
            for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
                let name = sub.get_name();
                let k = if key == "isou" {
                    name.to_string()
                } else {
                    format!("{key}-{name}")
                };
                walk(sub, &k, out);
            }
        }
        let mut cmd = Cli::command_en();
        cmd.build();
        let mut out = BTreeSet::new();
        walk(&cmd, "isou", &mut out);
        out
    }

    /// The ids help.ftl defines (messages; terms `-…` are shared wording).
    fn defined() -> BTreeSet<String> {
        let res = fluent_syntax::parser::parse(i18n::HELP_JA)
            .unwrap_or_else(|(_, errs)| panic!("i18n/ja/help.ftl does not parse: {errs:?}"));
        let mut out = BTreeSet::new();
        for entry in res.body {
            if let fluent_syntax::ast::Entry::Message(m) = entry {
                assert!(m.value.is_some(), "help.ftl: {} has no value", m.id.name);
                assert!(
                    out.insert(m.id.name.to_string()),
                    "help.ftl: {} is defined twice",
                    m.id.name
                );
            }
        }
        out
    }

    #[test]
    fn every_command_and_argument_has_japanese_help() {
        let defined = defined();
        let missing: Vec<_> = needed()
            .into_iter()
            .chain(FIXED_IDS.iter().map(|s| s.to_string()))
            .filter(|id| !defined.contains(id))
            .collect();
        assert!(missing.is_empty(), "missing in help.ftl: {missing:#?}");
    }

    #[test]
    fn help_ftl_has_no_id_that_names_nothing() {
        let needed = needed();
        let orphans: Vec<_> = defined()
            .into_iter()
            .filter(|id| !needed.contains(id) && !FIXED_IDS.contains(&id.as_str()))
            .collect();
        assert!(
            orphans.is_empty(),
            "help.ftl ids naming nothing: {orphans:#?}"
        );
    }

    #[test]
    fn the_japanese_exit_codes_are_the_english_ones() {
        fn codes(table: &str) -> Vec<String> {
            table
                .lines()
                .filter_map(|l| l.strip_prefix("  "))
                .filter_map(|l| l.split_whitespace().next())
                .filter(|w| w.chars().all(|c| c.is_ascii_digit()))
                .map(str::to_string)
                .collect()
        }
        let ja = i18n::tr_in(Lang::Ja, "help-exit-codes", None);
        assert_eq!(codes(&ja), codes(crate::cli::EXIT_CODES), "{ja}");
        assert_eq!(codes(&ja), ["0", "1", "2", "3", "4", "130"]);
    }

    #[test]
    fn japanese_wraps_between_characters_but_not_before_punctuation() {
        let w = wrap("移送記録簿を出力します。列は一件ごとです。", 12);
        for line in w.lines() {
            assert!(line.width() <= 12, "{w}");
            assert!(!line.starts_with('。'), "{w}");
        }
        assert_eq!(
            w.replace('\n', ""),
            "移送記録簿を出力します。列は一件ごとです。"
        );
        // ASCII words are not split, and the space between them is where lines break.
        assert_eq!(wrap("isou record ship", 11), "isou record\nship");
        // A continued line keeps the indentation.
        assert_eq!(wrap("  1  データを拒否", 10), "  1  デー\n  タを拒否");
    }

    #[test]
    fn a_table_keeps_its_hanging_indent() {
        let t = "Codes:\n  0    成功\n  1    データを\n       拒否しました。\n  130  中断 a b";
        assert_eq!(
            wrap_hanging(t, 16),
            "Codes:\n  0    成功\n  1    データを\n       拒否しま\n       した。\n  130  中断 a b"
        );
        let t = "  1  the data was refused;\n     a medium";
        assert_eq!(
            wrap_hanging(t, 22),
            "  1  the data was\n     refused; a medium"
        );
        assert_eq!(entry_prefix("  130  x"), Some("  130  "));
        assert_eq!(entry_prefix("Codes:"), None);
        assert_eq!(entry_prefix("  12"), None);
    }
}
