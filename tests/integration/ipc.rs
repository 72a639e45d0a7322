//! The app as the page sees it: real commands called through Tauri's IPC on the mock
//! runtime, with the app's own configuration and capability, a real data folder, sled
//! and Argon2id. What the UI relies on: command names, the `input` key, results as
//! JSON, errors as `{code, message, field?}`, and the lock pushed as an event.

use std::sync::mpsc;
use std::time::Duration;

use healing_arc::app::AppState;
use healing_arc::vault::KdfParams;
use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::{Listener, WebviewWindow, WebviewWindowBuilder};

const PASS: &str = "lanterns over the bay";

struct App {
    _tmp: tempfile::TempDir,
    app: tauri::App<MockRuntime>,
    window: WebviewWindow<MockRuntime>,
}

/// The same builder, context and start as `run`, on the mock runtime. Its event loop is
/// not run (it would take the test's thread), so the main window is made here from the
/// configuration, as `run`'s setup would, before `start` prepares it.
fn app() -> App {
    let tmp = tempfile::tempdir().unwrap();
    // The enforced floor of the KDF's cost: real Argon2id, quicker than the default.
    let state = AppState::with_kdf(tmp.path().join("data"), KdfParams::FLOOR);
    let mut app = healing_arc::builder(mock_builder())
        .build(healing_arc::context())
        .expect("the app builds on the mock runtime");
    let main = app.config().app.windows[0].clone();
    assert_eq!(main.label, "main");
    let window = WebviewWindowBuilder::from_config(app.handle(), &main)
        .unwrap()
        .build()
        .expect("the main window");
    healing_arc::start(&mut app, state, false).expect("the app starts");
    App {
        _tmp: tmp,
        app,
        window,
    }
}

impl App {
    /// What `invoke(cmd, args)` in the page sends, from the app's own origin.
    fn call(&self, cmd: &str, args: Value) -> Result<Value, Value> {
        let request = InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: "tauri://localhost".parse().unwrap(),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        };
        get_ipc_response(&self.window, request)
            .map(|body| body.deserialize::<Value>().expect("a JSON result"))
    }

    fn ok(&self, cmd: &str, input: Value) -> Value {
        self.call(cmd, json!({ "input": input }))
            .unwrap_or_else(|e| panic!("{cmd} failed: {e}"))
    }

    fn err(&self, cmd: &str, input: Value) -> Value {
        match self.call(cmd, json!({ "input": input })) {
            Ok(v) => panic!("{cmd} should have failed, answered {v}"),
            Err(e) => e,
        }
    }
}

fn checkin(date: &str) -> Value {
    json!({
        "date": date,
        "stance": 1,
        "emotions": {
            "hurt": 2, "anger": null, "fear": 1, "shame": null,
            "sadness": 3, "hope": 2, "warmth": null, "ambivalence": 0
        },
        "triggers": 2,
        "safety": "somewhat",
        "repair_moment": true,
        "tasks": [],
        "note": "a slow walk by the water",
        "share": { "numbers": "private", "note": "private" }
    })
}

fn today() -> String {
    chrono::Local::now()
        .date_naive()
        .format("%Y-%m-%d")
        .to_string()
}

#[test]
fn commands_answer_through_ipc_and_a_lock_reaches_the_page_as_an_event() {
    let a = app();
    let (heard, locks) = mpsc::channel();
    a.app.listen_any(healing_arc::LOCKED_EVENT, move |_| {
        let _ = heard.send(());
    });

    assert_eq!(a.ok("vault_status", json!(null))["state"], "none");
    // Before anyone has a profile, a command that needs one answers `locked`.
    let locked = a.err("checkin_get", json!({ "date": today() }));
    assert_eq!(locked["code"], "locked");
    assert!(locked["message"].as_str().unwrap().contains("locked"));

    // A broken rule names its field and sets nothing up.
    let bad = a.err(
        "vault_create",
        json!({ "name": "", "role": "ap", "colour": 3, "passphrase": PASS }),
    );
    assert_eq!(bad["code"], "validation", "{bad}");
    assert_eq!(bad["field"], "name", "{bad}");
    // So does a field the command does not know, and a missing `input` key.
    let unknown = a.err(
        "vault_create",
        json!({ "name": "Kit", "role": "ap", "colour": 3, "passphrase": PASS, "admin": true }),
    );
    assert_eq!(unknown["code"], "validation");
    assert_eq!(unknown["field"], "admin");
    let bare = a
        .call("vault_create", json!({ "name": "Kit" }))
        .unwrap_err();
    assert_eq!(bare["code"], "validation");
    assert_eq!(bare["field"], "input");
    assert_eq!(a.ok("vault_status", json!(null))["state"], "none");

    let created = a.ok(
        "vault_create",
        json!({ "name": "Kit", "role": "ap", "colour": 3, "passphrase": PASS }),
    );
    assert_eq!(created["slot"], 1, "{created}");
    a.ok("vault_lock", json!(null));
    assert_eq!(a.ok("vault_status", json!(null))["state"], "locked");
    locks
        .recv_timeout(Duration::from_secs(10))
        .expect("the Lock button's lock reached the page");

    let wrong = a.err(
        "vault_unlock",
        json!({ "slot": 1, "passphrase": "not it at all" }),
    );
    assert_eq!(wrong["code"], "wrong_passphrase");
    let me = a.ok("vault_unlock", json!({ "slot": 1, "passphrase": PASS }));
    assert_eq!(me["me"]["name"], "Kit");

    let day = today();
    let saved = a.ok("checkin_save", checkin(&day));
    assert_eq!(saved, checkin(&day));
    let read = a.ok("checkin_get", json!({ "date": day }));
    assert_eq!(read, checkin(&day), "read back as saved");
    let bad_date = a.err("checkin_get", json!({ "date": "2026-02-30" }));
    assert_eq!(bad_date["field"], "date");
    let mut far = checkin(&day);
    far["stance"] = json!(9);
    let bad_stance = a.err("checkin_save", far);
    assert_eq!(bad_stance["code"], "validation");
    assert_eq!(bad_stance["field"], "stance");
    assert_eq!(a.ok("checkin_get", json!({ "date": day })), checkin(&day));

    // The desktop's lock (or sleep, or the idle limit) goes through the same door as
    // the quick hide: the keys go, the page is told, and commands answer `locked`.
    a.ok("lock_now", json!(null));
    locks
        .recv_timeout(Duration::from_secs(10))
        .expect("the lock reached the page");
    let after = a.err("checkin_get", json!({ "date": day }));
    assert_eq!(after["code"], "locked", "{after}");
    assert_eq!(a.ok("vault_status", json!(null))["state"], "locked");
    // Locking again drops nothing, so the page hears nothing more.
    a.ok("lock_now", json!(null));
    assert!(locks.try_recv().is_err(), "no event without a lock");
}

/// The capability lets the page listen for the lock event and stop listening, and no
/// more: no emitting events of its own, no plugin command, no unknown command.
#[test]
fn the_page_may_listen_for_events_and_call_only_the_apps_commands() {
    let a = app();
    let listen = json!({
        "event": healing_arc::LOCKED_EVENT,
        "target": { "kind": "Any" },
        "handler": 7
    });
    let id = a
        .call("plugin:event|listen", listen)
        .expect("the page may listen");
    a.call(
        "plugin:event|unlisten",
        json!({ "event": healing_arc::LOCKED_EVENT, "eventId": id }),
    )
    .expect("the page may stop listening");

    let forged = a.call(
        "plugin:event|emit",
        json!({ "event": healing_arc::LOCKED_EVENT, "payload": null }),
    );
    let dialog = a.call("plugin:dialog|save", json!({ "options": {} }));
    let unknown = a.call("vault_erase_everything", json!({}));
    for (what, answer) in [
        ("emit", forged),
        ("open a dialog", dialog),
        ("call", unknown),
    ] {
        let refused = answer.expect_err(what);
        assert!(
            refused.as_str().is_some_and(|m| m.contains("not allowed")),
            "the page may not {what}: {refused}"
        );
    }
}

/// The page listens under the same name the backend emits.
#[test]
fn the_ui_listens_for_the_event_the_backend_emits() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let session = std::fs::read_to_string(root.join("ui/src/lib/session.svelte.ts")).unwrap();
    assert!(
        session.contains(&format!("\"{}\"", healing_arc::LOCKED_EVENT)),
        "ui/src/lib/session.svelte.ts listens for {}",
        healing_arc::LOCKED_EVENT
    );
}
