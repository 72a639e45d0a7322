//! Locks at once when the desktop says so (SECURITY.md 27): logind's
//! `PrepareForSleep(true)`, sent just before a suspend, and `Lock` for this process's
//! login session (the screen locker's signal). Both come from logind on the system bus.
//! Without a bus or without logind (CI, containers) the listener quietly does nothing;
//! the idle clock, which runs during suspend, still locks after a long sleep.

use std::sync::{Arc, Weak};
use std::thread::JoinHandle;
use std::time::Duration;

use zbus::blocking::connection::Builder;
use zbus::blocking::fdo::DBusProxy;
use zbus::blocking::{Connection, MessageIterator};
use zbus::message::{Message, Type};
use zbus::zvariant::{ObjectPath, OwnedObjectPath};
use zbus::MatchRule;

use super::session::VaultCell;
use super::AppState;

const LOGIND: &str = "org.freedesktop.login1";
const LOGIND_PATH: &str = "/org/freedesktop/login1";
const MANAGER: &str = "org.freedesktop.login1.Manager";
const SESSION: &str = "org.freedesktop.login1.Session";

/// A call to logind that has not answered by then is given up (the thread goes on).
const CALL_TIMEOUT: Duration = Duration::from_secs(10);

/// Where the listener hears logind.
#[derive(Clone, Debug)]
pub enum Bus {
    /// The system bus, where logind lives.
    System,
    /// Another bus by its D-Bus address (tests run a private one).
    Address(String),
}

/// Starts the listener thread. It ends by itself when the bus goes away, or at the
/// first sleep or lock signal after the app state is gone. Only failing to start a
/// thread is an error.
pub fn start(state: &AppState, bus: Bus) -> std::io::Result<JoinHandle<()>> {
    let cell = Arc::downgrade(&state.vault);
    std::thread::Builder::new()
        .name("desktop-lock".into())
        .spawn(move || {
            // No bus, no logind, no permission: nothing to listen to.
            let _ = listen(&cell, &bus);
        })
}

fn listen(cell: &Weak<VaultCell>, bus: &Bus) -> Option<()> {
    let builder = match bus {
        Bus::System => Builder::system().ok()?,
        Bus::Address(address) => Builder::address(address.as_str()).ok()?,
    };
    let conn = builder.method_timeout(CALL_TIMEOUT).build().ok()?;
    // Subscribed before the match rules exist, so no signal falls in between.
    let messages = MessageIterator::from(&conn);
    let dbus = DBusProxy::new(&conn).ok()?;
    dbus.add_match_rule(signal_rule(MANAGER, "PrepareForSleep", LOGIND_PATH)?)
        .ok()?;
    let session = our_session(&conn);
    if let Some(path) = &session {
        // Without a session (a service, a bare X server) only sleep is heard.
        dbus.add_match_rule(signal_rule(SESSION, "Lock", path.as_str())?)
            .ok()?;
    }
    for message in messages {
        let Ok(message) = message else { continue };
        if asks_to_lock(&message, session.as_deref()) {
            cell.upgrade()?.lock_now();
        }
    }
    Some(())
}

/// Signals from logind only (the bus resolves the name to its owner).
fn signal_rule<'a>(interface: &'a str, member: &'a str, path: &'a str) -> Option<MatchRule<'a>> {
    let rule = MatchRule::builder()
        .msg_type(Type::Signal)
        .sender(LOGIND)
        .ok()?
        .interface(interface)
        .ok()?
        .member(member)
        .ok()?
        .path(path)
        .ok()?
        .build();
    Some(rule)
}

/// This process's logind session: by its pid, else by `$XDG_SESSION_ID`.
fn our_session(conn: &Connection) -> Option<OwnedObjectPath> {
    let pid = std::process::id();
    let by_pid = conn.call_method(
        Some(LOGIND),
        LOGIND_PATH,
        Some(MANAGER),
        "GetSessionByPID",
        &(pid,),
    );
    let reply = match by_pid {
        Ok(reply) => reply,
        Err(_) => {
            let id = std::env::var("XDG_SESSION_ID")
                .ok()
                .filter(|id| !id.is_empty())?;
            conn.call_method(
                Some(LOGIND),
                LOGIND_PATH,
                Some(MANAGER),
                "GetSession",
                &(id,),
            )
            .ok()?
        }
    };
    reply.body().deserialize::<OwnedObjectPath>().ok()
}

/// Whether `message` is logind asking for the screen to go dark: the machine is about
/// to sleep, or our session is being locked. Other sessions' locks and the wake-up
/// (`PrepareForSleep(false)`) do not count. A forged signal could only lock, the safe
/// side, so the sender is left to the bus's match rule.
fn asks_to_lock(message: &Message, session: Option<&ObjectPath<'_>>) -> bool {
    let header = message.header();
    if header.message_type() != Type::Signal {
        return false;
    }
    let interface = header.interface().map(|i| i.as_str());
    let member = header.member().map(|m| m.as_str());
    match (interface, member) {
        (Some(MANAGER), Some("PrepareForSleep")) => {
            message.body().deserialize::<bool>().unwrap_or(false)
        }
        (Some(SESSION), Some("Lock")) => {
            session.is_some_and(|ours| header.path().is_some_and(|p| p == ours))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn signal<B>(path: &str, interface: &str, member: &str, body: &B) -> Message
    where
        B: serde::Serialize + zbus::zvariant::DynamicType,
    {
        Message::signal(path, interface, member)
            .unwrap()
            .build(body)
            .unwrap()
    }

    #[test]
    fn req_27_sleep_and_our_sessions_lock_ask_to_lock_nothing_else_does() {
        let ours = ObjectPath::try_from("/org/freedesktop/login1/session/_32").unwrap();
        let other = "/org/freedesktop/login1/session/_33";
        let sleep = |b: bool| signal(LOGIND_PATH, MANAGER, "PrepareForSleep", &(b,));

        assert!(asks_to_lock(&sleep(true), Some(&ours)));
        assert!(asks_to_lock(&sleep(true), None), "sleep needs no session");
        assert!(!asks_to_lock(&sleep(false), Some(&ours)), "waking up");
        assert!(asks_to_lock(
            &signal(ours.as_str(), SESSION, "Lock", &()),
            Some(&ours)
        ));
        assert!(!asks_to_lock(
            &signal(other, SESSION, "Lock", &()),
            Some(&ours)
        ));
        assert!(!asks_to_lock(
            &signal(ours.as_str(), SESSION, "Lock", &()),
            None
        ));
        assert!(!asks_to_lock(
            &signal(ours.as_str(), SESSION, "Unlock", &()),
            Some(&ours)
        ));
        // A malformed body is not a request to sleep, and not a panic either.
        assert!(!asks_to_lock(
            &signal(LOGIND_PATH, MANAGER, "PrepareForSleep", &("yes",)),
            Some(&ours)
        ));
        assert!(!asks_to_lock(
            &signal(LOGIND_PATH, MANAGER, "PrepareForShutdown", &(true,)),
            Some(&ours)
        ));
    }
}
