//! The time auto-lock measures idleness on: a clock that keeps running while the
//! machine sleeps, so a laptop shut for an hour has been idle for an hour
//! (SECURITY.md 27). `std::time::Instant` is CLOCK_MONOTONIC on Linux and
//! mach_absolute_time on macOS, and both stop during suspend.

use std::ops::Add;
use std::sync::Arc;
use std::time::Duration;

/// A moment on the awake-or-asleep clock: the time since an arbitrary origin (the
/// boot, on Linux). Only differences between two moments mean anything.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct BootInstant(Duration);

impl BootInstant {
    /// Now, on the platform's clock that runs during suspend.
    pub fn now() -> Self {
        BootInstant(platform::since_origin())
    }

    /// The moment `since_origin` after the clock's origin; for clocks that tests move.
    pub const fn from_origin(since_origin: Duration) -> Self {
        BootInstant(since_origin)
    }

    /// How long after `earlier` this is; zero if it is not after it.
    pub fn saturating_duration_since(self, earlier: BootInstant) -> Duration {
        self.0.saturating_sub(earlier.0)
    }
}

/// Saturates instead of overflowing: a far-future moment only ever locks sooner.
impl Add<Duration> for BootInstant {
    type Output = BootInstant;
    fn add(self, d: Duration) -> BootInstant {
        BootInstant(self.0.saturating_add(d))
    }
}

/// Where the session and the auto-lock ticker read the time. The app uses
/// [`system`]; tests pass a clock they move, to play a suspend.
pub type Clock = Arc<dyn Fn() -> BootInstant + Send + Sync>;

/// The platform's clock that runs during suspend.
pub fn system() -> Clock {
    Arc::new(BootInstant::now)
}

#[cfg(any(target_os = "linux", target_os = "android", target_vendor = "apple"))]
mod platform {
    use std::time::Duration;

    use rustix::time::{clock_gettime, ClockId};

    /// Linux and Android: CLOCK_BOOTTIME is CLOCK_MONOTONIC plus the time spent
    /// suspended.
    #[cfg(any(target_os = "linux", target_os = "android"))]
    pub(super) const SOURCE: ClockId = ClockId::Boottime;

    /// macOS and iOS: Darwin's CLOCK_MONOTONIC (mach_continuous_time) keeps counting
    /// while asleep; CLOCK_UPTIME_RAW, which `Instant` uses, does not.
    #[cfg(target_vendor = "apple")]
    pub(super) const SOURCE: ClockId = ClockId::Monotonic;

    pub(super) fn since_origin() -> Duration {
        let t = clock_gettime(SOURCE);
        // Both fields are non-negative for these clocks; a zero is never a panic.
        Duration::new(
            u64::try_from(t.tv_sec).unwrap_or(0),
            u32::try_from(t.tv_nsec).unwrap_or(0),
        )
    }
}

/// Windows: `Instant` is QueryPerformanceCounter, which counts time asleep, so it is
/// already the right clock. Other systems are not built or tested here; there
/// `Instant` may stop in suspend, and only the check on every call remains.
#[cfg(not(any(target_os = "linux", target_os = "android", target_vendor = "apple")))]
mod platform {
    use std::sync::OnceLock;
    use std::time::{Duration, Instant};

    pub(super) fn since_origin() -> Duration {
        static ORIGIN: OnceLock<Instant> = OnceLock::new();
        ORIGIN.get_or_init(Instant::now).elapsed()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn differences_saturate_and_adding_never_overflows() {
        let t = BootInstant::from_origin(Duration::from_secs(10));
        let later = t + Duration::from_secs(5);
        assert_eq!(later.saturating_duration_since(t), Duration::from_secs(5));
        assert_eq!(t.saturating_duration_since(later), Duration::ZERO);
        assert_eq!(
            BootInstant::from_origin(Duration::MAX) + Duration::from_secs(1),
            BootInstant::from_origin(Duration::MAX)
        );
    }

    /// The default clock reads CLOCK_BOOTTIME, the one that counts suspend. On a
    /// machine that never slept BOOTTIME and MONOTONIC agree, so reading them alone
    /// cannot tell them apart; the pinned source can.
    #[cfg(target_os = "linux")]
    #[test]
    fn req_27_the_default_clock_is_boottime_which_runs_during_suspend() {
        use rustix::time::{clock_gettime, ClockId};
        let secs = |id| {
            let t = clock_gettime(id);
            Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
        };
        assert_eq!(platform::SOURCE, ClockId::Boottime);

        let monotonic = secs(ClockId::Monotonic);
        let before = secs(ClockId::Boottime);
        let ours = (system())();
        let after = secs(ClockId::Boottime);
        assert!(
            before >= monotonic,
            "BOOTTIME is MONOTONIC plus time asleep"
        );
        assert!(
            BootInstant::from_origin(before) <= ours && ours <= BootInstant::from_origin(after),
            "the app's clock is CLOCK_BOOTTIME: {before:?} <= {ours:?} <= {after:?}"
        );
    }
}
