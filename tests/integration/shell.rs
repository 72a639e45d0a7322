//! The Tauri shell's security baseline (SECURITY.md 17–19) and the generated
//! TypeScript bindings, checked from the files that configure them.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(root().join(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
}

fn json(rel: &str) -> serde_json::Value {
    serde_json::from_str(&read(rel)).unwrap_or_else(|e| panic!("parse {rel}: {e}"))
}

/// The quoted names in build.rs's `COMMANDS` list.
fn build_rs_commands() -> BTreeSet<String> {
    let src = read("src-tauri/build.rs");
    let start = src
        .find("COMMANDS: &[&str] = &[")
        .expect("COMMANDS list in build.rs");
    let list = &src[start..];
    let list = &list[list.find('[').unwrap() + 1..];
    let list = &list[list.find('[').unwrap() + 1..list.find("];").unwrap()];
    list.split(',')
        .map(|s| s.trim().trim_matches('"').to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// The function names inside `generate_handler![...]` in commands/mod.rs.
fn handler_commands() -> BTreeSet<String> {
    let src = read("src-tauri/commands/mod.rs");
    let start = src
        .find("generate_handler![")
        .expect("generate_handler! in commands/mod.rs")
        + 18;
    let end = start + src[start..].find(']').unwrap();
    src[start..end]
        .split(',')
        .map(|s| s.trim().rsplit("::").next().unwrap_or("").to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// Every file under `dir` with its text (binary files read as empty).
fn sources_under(dir: &Path) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().path()) {
        if entry.is_dir() {
            out.extend(sources_under(&entry));
        } else {
            let text = std::fs::read_to_string(&entry).unwrap_or_default();
            out.push((entry.display().to_string(), text));
        }
    }
    out
}

#[test]
fn req_17_main_window_is_granted_exactly_the_apps_commands() {
    let built = build_rs_commands();
    assert!(built.contains("app_info"));
    assert_eq!(
        built,
        handler_commands(),
        "build.rs COMMANDS and generate_handler! differ"
    );

    let cap = json("src-tauri/capabilities/main.json");
    assert_eq!(cap["windows"], serde_json::json!(["main"]));
    assert!(cap.get("remote").is_none(), "no remote URLs may use IPC");
    let granted: BTreeSet<String> = cap["permissions"]
        .as_array()
        .expect("permissions list")
        .iter()
        .map(|p| p.as_str().expect("plain permission ids").to_string())
        .collect();
    // Besides the commands, the page may only listen for the lock event (and stop).
    let events = ["core:event:allow-listen", "core:event:allow-unlisten"];
    let expected: BTreeSet<String> = built
        .iter()
        .map(|c| format!("allow-{}", c.replace('_', "-")))
        .chain(events.map(String::from))
        .collect();
    // SECURITY.md 25: the backend opens file dialogs; the page may not, so it can
    // never choose (or name) a path itself.
    assert!(
        granted
            .iter()
            .all(|p| !p.contains(':') || events.contains(&p.as_str())),
        "no plugin permission, the dialog's included: {granted:?}"
    );
    assert!(
        !read("ui/package.json").contains("plugin-dialog"),
        "the UI has no dialog package"
    );
    for (file, text) in sources_under(&root().join("ui/src")) {
        assert!(
            !text.contains("plugin-dialog") && !text.contains("plugin:dialog"),
            "{file} calls the dialog from the page"
        );
    }
    assert_eq!(
        granted, expected,
        "the capability must list exactly the app's commands and the two event ones"
    );

    // The only capability file is the main window's.
    let files: Vec<_> = std::fs::read_dir(root().join("src-tauri/capabilities"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(files, vec![std::ffi::OsString::from("main.json")]);

    // No plugin that could reach the file system, a shell or the network.
    let cargo = read("Cargo.toml");
    for plugin in [
        "tauri-plugin-fs",
        "tauri-plugin-shell",
        "tauri-plugin-http",
        "tauri-plugin-opener",
    ] {
        assert!(!cargo.contains(plugin), "{plugin} is not used by the app");
    }
    // The one plugin the app registers is the dialog, for the backend's own use.
    let lib = read("src-tauri/lib.rs");
    let plugins: Vec<&str> = lib
        .match_indices(".plugin(")
        .map(|(i, _)| &lib[i..])
        .collect();
    assert_eq!(plugins.len(), 1, "only the dialog plugin is registered");
    assert!(plugins[0].starts_with(".plugin(tauri_plugin_dialog::init())"));
}

#[test]
fn req_18_strict_content_security_policy() {
    let conf = json("tauri.conf.json");
    let csp = conf["app"]["security"]["csp"]
        .as_object()
        .expect("csp as a map");
    assert_eq!(csp["default-src"], "'self'");
    for (directive, value) in csp {
        let value = value.as_str().unwrap();
        assert!(!value.contains("unsafe-eval"), "{directive} allows eval");
        assert!(
            !value.contains("unsafe-inline"),
            "{directive} allows inline code"
        );
        for source in value.split_whitespace() {
            let remote = source.starts_with("http") && source != "http://ipc.localhost";
            assert!(
                !remote && source != "*" && !source.starts_with("https:"),
                "{directive} names a remote origin: {source}"
            );
        }
    }
    assert_eq!(csp["object-src"], "'none'");
    assert_eq!(csp["frame-src"], "'none'");
}

#[test]
fn req_19_no_remote_content_no_global_tauri_no_release_devtools() {
    let conf = json("tauri.conf.json");
    assert_eq!(conf["app"]["withGlobalTauri"], false);
    assert!(
        conf["build"].get("devUrl").is_none(),
        "the app loads only its embedded UI"
    );
    assert_eq!(conf["build"]["frontendDist"], "ui/dist");
    for w in conf["app"]["windows"].as_array().unwrap() {
        assert!(w.get("url").is_none(), "windows open the embedded UI only");
        // Off in every build unless asked for: see req_30.
        assert_eq!(w["devtools"], false);
    }
    // Release builds never have devtools: the `devtools` feature would add them.
    let cargo = read("Cargo.toml");
    let tauri_line = cargo.lines().find(|l| l.starts_with("tauri = ")).unwrap();
    assert!(!tauri_line.contains("devtools"), "{tauri_line}");
    let html = read("ui/index.html");
    assert!(!html.contains("<iframe") && !html.contains("http://") && !html.contains("https://"));
}

/// SECURITY.md 30: `make run` (a debug build) has no web inspector unless
/// HEALING_ARC_DEVTOOLS=1 asks for it.
#[test]
fn req_30_make_run_has_no_devtools_unless_the_variable_asks() {
    use healing_arc::window::{devtools_wanted, DEVTOOLS_ENV, MAIN};
    use std::ffi::OsStr;

    assert_eq!(DEVTOOLS_ENV, "HEALING_ARC_DEVTOOLS");
    assert!(!devtools_wanted(None), "off when the variable is unset");
    assert!(!devtools_wanted(Some(OsStr::new("0"))));
    assert!(devtools_wanted(Some(OsStr::new("1"))));

    // The configured window, inspector off in every build; only the variable turns it
    // on, in `prepare_main`, and no code builds another window or opens the inspector.
    let conf = json("tauri.conf.json");
    let windows = conf["app"]["windows"].as_array().unwrap();
    assert_eq!(windows.len(), 1);
    assert_eq!(windows[0]["label"], MAIN);
    assert_eq!(windows[0]["devtools"], false);
    assert!(windows[0].get("create").is_none_or(|c| c == true));
    let window_rs = read("src-tauri/window.rs");
    let body = &window_rs[window_rs.find("pub fn prepare_main").expect("prepare_main")..];
    let body = &body[..body.find("\n}\n").unwrap()];
    assert!(body.contains("if devtools_wanted(std::env::var_os(DEVTOOLS_ENV).as_deref()) {"));
    assert!(read("src-tauri/lib.rs").contains("window::prepare_main(app.handle(), demo)?"));
    for file in rust_files(&root().join("src-tauri")) {
        let src = std::fs::read_to_string(&file).unwrap();
        let name = file.strip_prefix(root()).unwrap().display().to_string();
        for call in [
            "open_devtools",
            "WebviewWindowBuilder::",
            "WebviewBuilder::new",
        ] {
            assert!(!src.contains(call), "{name} calls {call}");
        }
        let extras = src.matches("set_enable_developer_extras(true)").count();
        assert_eq!(extras, usize::from(name == "src-tauri/window.rs"), "{name}");
    }
    let run = read("scripts/run.sh");
    assert!(
        !run.contains(DEVTOOLS_ENV),
        "make run does not ask for devtools"
    );
}

fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(rust_files(&path));
        } else if path.extension().is_some_and(|x| x == "rs") {
            out.push(path);
        }
    }
    out
}

fn ts_files(dir: &Path) -> std::collections::BTreeMap<String, String> {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|x| x == "ts"))
                .map(|p| {
                    let name = p.file_name().unwrap().to_string_lossy().into_owned();
                    (name, std::fs::read_to_string(&p).unwrap())
                })
                .collect()
        })
        .unwrap_or_default()
}

/// `make bindings` (UPDATE_BINDINGS=1) rewrites ui/src/bindings/; otherwise this fails
/// when the committed files differ from what the Rust DTOs generate.
#[test]
fn bindings_are_up_to_date() {
    let committed_dir = root().join("ui/src/bindings");
    let fresh = tempfile::tempdir().unwrap();
    healing_arc::commands::bindings::export_all(fresh.path()).expect("export bindings");
    let generated = ts_files(fresh.path());
    assert!(generated.contains_key("AppError.ts"));

    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        let _ = std::fs::remove_dir_all(&committed_dir);
        std::fs::create_dir_all(&committed_dir).unwrap();
        for (name, text) in &generated {
            std::fs::write(committed_dir.join(name), text).unwrap();
        }
        return;
    }
    let committed = ts_files(&committed_dir);
    let names =
        |m: &std::collections::BTreeMap<String, String>| m.keys().cloned().collect::<Vec<_>>();
    assert_eq!(names(&committed), names(&generated), "run `make bindings`");
    for (name, text) in &generated {
        assert_eq!(
            &committed[name], text,
            "{name} is stale: run `make bindings`"
        );
    }
}
