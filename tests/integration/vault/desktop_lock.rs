//! SECURITY.md 27 over a real D-Bus: a private `dbus-daemon` (Debian package `dbus`,
//! which scripts/lib.sh installs), a stand-in for logind that owns its name and answers
//! `GetSessionByPID`, and the app's listener pointed at that bus.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use healing_arc::app::couple::{self, VaultState};
use healing_arc::app::desktop_lock::{self, Bus};
use zbus::blocking::connection::Builder;
use zbus::zvariant::OwnedObjectPath;

use super::requirements::all_answer_locked;
use super::*;

const LOGIND_PATH: &str = "/org/freedesktop/login1";
const MANAGER: &str = "org.freedesktop.login1.Manager";
const SESSION: &str = "org.freedesktop.login1.Session";
const OUR_SESSION: &str = "/org/freedesktop/login1/session/_37";

/// A private bus, stopped when dropped.
struct PrivateBus {
    daemon: Child,
    address: String,
    _dir: tempfile::TempDir,
}

impl PrivateBus {
    fn start() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let mut daemon = Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--print-address"])
            .arg(format!("--address=unix:dir={}", dir.path().display()))
            .stdout(Stdio::piped())
            .spawn()
            .expect("dbus-daemon (Debian package `dbus`; scripts/lib.sh installs it)");
        let mut address = String::new();
        BufReader::new(daemon.stdout.take().unwrap())
            .read_line(&mut address)
            .unwrap();
        let address = address.trim().to_owned();
        assert!(address.starts_with("unix:"), "bus address: {address:?}");
        PrivateBus {
            daemon,
            address,
            _dir: dir,
        }
    }
}

impl Drop for PrivateBus {
    fn drop(&mut self) {
        let _ = self.daemon.kill();
        let _ = self.daemon.wait();
    }
}

/// Just enough of logind's manager for the listener to find its session.
struct FakeManager;

#[zbus::interface(name = "org.freedesktop.login1.Manager")]
impl FakeManager {
    #[zbus(name = "GetSessionByPID")]
    fn get_session_by_pid(&self, _pid: u32) -> OwnedObjectPath {
        OwnedObjectPath::try_from(OUR_SESSION).unwrap()
    }
}

/// Sends `signal` every 50 ms until the vault is locked: the listener subscribes on its
/// own thread, and a signal sent before that is not heard.
fn send_until_locked(state: &AppState, mut signal: impl FnMut(), what: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while couple::status(state).unwrap().state == VaultState::Unlocked {
        assert!(Instant::now() < deadline, "{what} did not lock the vault");
        signal();
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn req_27_logind_sleep_and_session_lock_lock_at_once() {
    let bus = PrivateBus::start();
    let logind = Builder::address(bus.address.as_str())
        .unwrap()
        .name("org.freedesktop.login1")
        .unwrap()
        .serve_at(LOGIND_PATH, FakeManager)
        .unwrap()
        .build()
        .unwrap();

    let c = couple();
    let _listener = desktop_lock::start(&c.state, Bus::Address(bus.address.clone())).unwrap();
    let emit = |path: &str, interface: &str, member: &str, arg: Option<bool>| {
        let sent = match arg {
            Some(b) => logind.emit_signal(None::<()>, path, interface, member, &(b,)),
            None => logind.emit_signal(None::<()>, path, interface, member, &()),
        };
        sent.unwrap();
    };

    send_until_locked(
        &c.state,
        || emit(LOGIND_PATH, MANAGER, "PrepareForSleep", Some(true)),
        "PrepareForSleep(true)",
    );
    all_answer_locked(&c.state);

    // The listener is subscribed by now. Waking up, and another session's lock, are
    // no reason to lock.
    couple::unlock(&c.state, 1, pass(P1)).unwrap();
    emit(LOGIND_PATH, MANAGER, "PrepareForSleep", Some(false));
    emit("/org/freedesktop/login1/session/_38", SESSION, "Lock", None);
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(
        couple::status(&c.state).unwrap().state,
        VaultState::Unlocked
    );

    // The screen locker locking our session does.
    send_until_locked(
        &c.state,
        || emit(OUR_SESSION, SESSION, "Lock", None),
        "our session's Lock",
    );
    all_answer_locked(&c.state);
}

#[test]
fn req_27_without_a_bus_the_listener_quietly_does_nothing() {
    let c = couple();
    let dir = tempfile::tempdir().unwrap();
    let nowhere = format!("unix:path={}", dir.path().join("no-bus").display());
    let listener = desktop_lock::start(&c.state, Bus::Address(nowhere)).unwrap();
    assert!(listener.join().is_ok(), "the listener ends without a panic");
    couple::me(&c.state).expect("still unlocked, nothing failed");
}
