//! The message catalogue (i18n/*/*.ftl): both languages hold the same ids with the same
//! placeholders, every id the code uses exists, every id defined is used.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use fluent_syntax::ast;
use fluent_syntax::parser;

/// id -> the variables its value and attributes use.
type Messages = BTreeMap<String, BTreeSet<String>>;

fn vars_of_pattern(p: &ast::Pattern<&str>, out: &mut BTreeSet<String>) {
    for el in &p.elements {
        if let ast::PatternElement::Placeable { expression } = el {
            vars_of_expr(expression, out);
        }
    }
}

fn vars_of_expr(e: &ast::Expression<&str>, out: &mut BTreeSet<String>) {
    match e {
        ast::Expression::Select { selector, variants } => {
            vars_of_inline(selector, out);
            for v in variants {
                vars_of_pattern(&v.value, out);
            }
        }
        ast::Expression::Inline(i) => vars_of_inline(i, out),
    }
}

fn vars_of_inline(i: &ast::InlineExpression<&str>, out: &mut BTreeSet<String>) {
    match i {
        ast::InlineExpression::VariableReference { id } => {
            out.insert(id.name.to_string());
        }
        ast::InlineExpression::Placeable { expression } => vars_of_expr(expression, out),
        ast::InlineExpression::FunctionReference { arguments, .. } => {
            for a in &arguments.positional {
                vars_of_inline(a, out);
            }
        }
        _ => {}
    }
}

/// Parses one file, failing the test on any syntax error.
fn parse(path: &Path) -> Messages {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    let res = parser::parse(text.as_str())
        .unwrap_or_else(|(_, errs)| panic!("{path:?} does not parse: {errs:?}"));
    let mut out = Messages::new();
    for entry in res.body {
        if let ast::Entry::Message(m) = entry {
            let mut vars = BTreeSet::new();
            let value = m
                .value
                .as_ref()
                .unwrap_or_else(|| panic!("{path:?}: {} has no value", m.id.name));
            vars_of_pattern(value, &mut vars);
            assert!(
                out.insert(m.id.name.to_string(), vars).is_none(),
                "{path:?}: {} is defined twice",
                m.id.name
            );
        }
    }
    out
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Every (file name, English, Japanese) of the catalogue, help.ftl aside.
fn catalogue() -> Vec<(String, Messages, Messages)> {
    let mut files: Vec<String> = std::fs::read_dir(root().join("i18n/en"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.ends_with(".ftl"))
        .collect();
    files.sort();
    for ja in std::fs::read_dir(root().join("i18n/ja")).unwrap() {
        let n = ja.unwrap().file_name().into_string().unwrap();
        assert!(
            n == "help.ftl" || files.contains(&n),
            "i18n/ja/{n} has no English file"
        );
    }
    files
        .into_iter()
        .map(|n| {
            let en = parse(&root().join("i18n/en").join(&n));
            let ja = parse(&root().join("i18n/ja").join(&n));
            (n, en, ja)
        })
        .collect()
}

#[test]
fn both_languages_have_the_same_ids_and_placeholders() {
    let mut problems = Vec::new();
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    for (file, en, ja) in catalogue() {
        for (id, vars) in &en {
            if let Some(other) = seen.insert(id.clone(), file.clone()) {
                problems.push(format!("{id} is in both {other} and {file}"));
            }
            match ja.get(id) {
                None => problems.push(format!("{file}: {id} has no Japanese")),
                Some(jv) if jv != vars => problems.push(format!(
                    "{file}: {id} takes {vars:?} in English but {jv:?} in Japanese"
                )),
                Some(_) => {}
            }
        }
        for id in ja.keys().filter(|id| !en.contains_key(*id)) {
            problems.push(format!("{file}: {id} has no English"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// All Rust source of the crate, the tests aside.
fn sources() -> Vec<(String, String)> {
    fn walk(dir: &Path, out: &mut Vec<(String, String)>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push((
                    p.display().to_string(),
                    std::fs::read_to_string(&p).unwrap(),
                ));
            }
        }
    }
    let mut out = Vec::new();
    walk(&root().join("src"), &mut out);
    out
}

/// The ids the code asks for: the literal after `tr!(` (possibly on the next line).
fn used_ids(src: &str) -> Vec<String> {
    let mut ids = Vec::new();
    for (i, _) in src.match_indices("tr!(") {
        // `tr!(`, `crate::tr!(`, `isou::tr!(`; not `include_str!(`.
        if src[..i].ends_with(|c: char| c.is_alphanumeric() || c == '_') {
            continue;
        }
        // Examples in comments are not uses.
        let line_start = src[..i].rfind('\n').map_or(0, |n| n + 1);
        if src[line_start..i].trim_start().starts_with("//") {
            continue;
        }
        let rest = src[i + 4..].trim_start();
        if let Some(r) = rest.strip_prefix('"') {
            if let Some(end) = r.find('"') {
                ids.push(r[..end].to_string());
            }
        }
    }
    ids
}

#[test]
fn every_id_the_code_uses_exists_and_every_id_is_used() {
    let defined: BTreeSet<String> = catalogue()
        .into_iter()
        .flat_map(|(_, en, _)| en.into_keys())
        .collect();
    let sources = sources();
    let mut problems = Vec::new();
    for (path, src) in &sources {
        for id in used_ids(src) {
            if !defined.contains(&id) {
                problems.push(format!("{path} uses {id}, which the catalogue lacks"));
            }
        }
    }
    // An id is used when the source names it as a string literal: in tr!() or in a
    // table of ids chosen at run time.
    let all: String = sources.iter().map(|(_, s)| s.as_str()).collect();
    for id in &defined {
        if !all.contains(&format!("\"{id}\"")) {
            problems.push(format!("{id} is in the catalogue but no code uses it"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
