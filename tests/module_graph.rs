//! The modules of the core import one another without a loop: every `crate::<module>`
//! reference in `src/**/*.rs` is an edge from the module the file belongs to (its first
//! path segment under `src/`, so `src/policy/tasks.rs` is `policy`) to `<module>`, and the
//! graph of those edges has no cycle. Test modules (`#[cfg(test)] mod … { … }`) are left
//! out: they are not part of the library.
#![expect(clippy::panic, reason = "a test reports its failure by panicking")]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

type Graph = BTreeMap<String, BTreeSet<String>>;

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// Every `.rs` file under `dir`, sorted.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        let entries =
            std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()));
        for entry in entries {
            let path = entry.unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display())).path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// The top-level module a file belongs to (`None` for the crate root, `lib.rs`).
fn module_of(root: &Path, file: &Path) -> Option<String> {
    let relative = file.strip_prefix(root).ok()?;
    let first = relative.components().next()?.as_os_str().to_string_lossy().into_owned();
    let name = first.strip_suffix(".rs").unwrap_or(&first).to_owned();
    (name != "lib").then_some(name)
}

/// The code of `text` without comment lines and without `#[cfg(test)]` modules.
fn library_code(text: &str, file: &Path) -> String {
    let mut code = String::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("//") {
            continue;
        }
        if trimmed == "#[cfg(test)]" && lines.peek().is_some_and(|next| next.trim_start().starts_with("mod "))
        {
            // Skip the module: count braces until the one that opened it closes.
            let mut depth = 0_i64;
            let mut opened = false;
            for inner in lines.by_ref() {
                for c in inner.chars() {
                    match c {
                        '{' => {
                            depth += 1;
                            opened = true;
                        }
                        '}' => depth -= 1,
                        _ => {}
                    }
                }
                if opened && depth == 0 {
                    break;
                }
            }
            assert!(
                opened && depth == 0,
                "{}: a #[cfg(test)] module whose braces do not close",
                file.display()
            );
            continue;
        }
        code.push_str(line);
        code.push('\n');
    }
    code
}

/// The names that follow `crate::` in `code`.
fn crate_references(code: &str) -> BTreeSet<String> {
    code.match_indices("crate::")
        .filter(|(at, _)| {
            // `$crate::` inside a macro is the crate root as seen by the macro's caller.
            !code.get(..*at).is_some_and(|before| before.ends_with('$'))
        })
        .filter_map(|(at, m)| {
            let rest = code.get(at + m.len()..)?;
            let name: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
            (!name.is_empty()).then_some(name)
        })
        .collect()
}

/// The module graph of the core: module → the modules it names.
fn graph() -> Graph {
    let root = src();
    let files = rust_files(&root);
    let modules: BTreeSet<String> = files.iter().filter_map(|f| module_of(&root, f)).collect();
    let mut graph = Graph::new();
    for file in &files {
        let Some(module) = module_of(&root, file) else { continue };
        let text =
            std::fs::read_to_string(file).unwrap_or_else(|e| panic!("cannot read {}: {e}", file.display()));
        let edges = graph.entry(module.clone()).or_default();
        for name in crate_references(&library_code(&text, file)) {
            if modules.contains(&name) && name != module {
                edges.insert(name);
            }
        }
    }
    graph
}

/// A cycle of `graph`, as the modules along it (the first repeated at the end), if any.
fn find_cycle(graph: &Graph) -> Option<Vec<String>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Open,
        Done,
    }
    fn visit(
        node: &str,
        graph: &Graph,
        marks: &mut BTreeMap<String, Mark>,
        path: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        match marks.get(node) {
            Some(Mark::Done) => return None,
            Some(Mark::Open) => {
                let start = path.iter().position(|n| n == node).unwrap_or(0);
                let mut cycle: Vec<String> = path.iter().skip(start).cloned().collect();
                cycle.push(node.to_owned());
                return Some(cycle);
            }
            None => {}
        }
        marks.insert(node.to_owned(), Mark::Open);
        path.push(node.to_owned());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, marks, path) {
                return Some(cycle);
            }
        }
        path.pop();
        marks.insert(node.to_owned(), Mark::Done);
        None
    }
    let mut marks = BTreeMap::new();
    graph.keys().find_map(|node| visit(node, graph, &mut marks, &mut Vec::new()))
}

#[test]
fn the_modules_import_one_another_without_a_loop() {
    let graph = graph();
    // The scan must see the graph at all: the operations use the rules, the rules the model.
    for (from, to) in [("plan", "policy"), ("timeline", "plan"), ("policy", "model"), ("history", "model")] {
        assert!(
            graph.get(from).is_some_and(|edges| edges.contains(to)),
            "the scan lost the edge {from} → {to}; the graph it read: {graph:?}"
        );
    }
    if let Some(cycle) = find_cycle(&graph) {
        panic!("the modules import one another in a loop: {}", cycle.join(" → "));
    }
}

#[test]
fn the_cycle_finder_names_a_loop() {
    let edges = [("model", "policy"), ("policy", "history"), ("history", "model"), ("plan", "policy")];
    let mut graph = Graph::new();
    for (from, to) in edges {
        graph.entry(from.to_owned()).or_default().insert(to.to_owned());
    }
    let cycle = find_cycle(&graph).map(|c| c.join(" → "));
    assert_eq!(cycle.as_deref(), Some("history → model → policy → history"));
    graph.entry("history".to_owned()).or_default().clear();
    assert_eq!(find_cycle(&graph), None);
}

#[test]
fn test_modules_and_comments_are_left_out() {
    let text = "use crate::time::Timestamp;\n// crate::plan in a comment\n#[cfg(test)]\nmod tests {\n    use crate::json::from_json;\n    fn f() { let s = \"{}\"; }\n}\nfn g() -> crate::error::InputError {}\n";
    let refs = crate_references(&library_code(text, Path::new("x.rs")));
    assert_eq!(refs.into_iter().collect::<Vec<_>>(), ["error", "time"]);
}
