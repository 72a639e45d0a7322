//! Slowing down repeated wrong passphrases. Five tries are free; after that each try
//! waits twice as long as the one before (15 s, 30 s, … capped at 5 minutes). The count
//! and the time of the last failure are stored, so a restart does not reset the wait.

use std::time::Duration;

use serde::{Deserialize, Serialize};

pub const FREE_TRIES: u32 = 5;
pub const FIRST_WAIT: Duration = Duration::from_secs(15);
pub const MAX_WAIT: Duration = Duration::from_secs(300);

/// Failed tries in a row for one profile. Times are seconds since the Unix epoch.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attempts {
    pub failures: u32,
    pub last_failure: u64,
}

impl Attempts {
    /// How long the next try must wait after the last failure.
    pub fn penalty(&self) -> Duration {
        if self.failures < FREE_TRIES {
            return Duration::ZERO;
        }
        let doublings = (self.failures - FREE_TRIES).min(16);
        (FIRST_WAIT * (1u32 << doublings)).min(MAX_WAIT)
    }

    /// The time left before another try is allowed, if any. A clock set back before the
    /// last failure does not shorten the wait: the whole penalty applies again.
    pub fn wait(&self, now: u64) -> Option<Duration> {
        let penalty = self.penalty();
        if penalty.is_zero() {
            return None;
        }
        if now < self.last_failure {
            return Some(penalty);
        }
        let until = self.last_failure.saturating_add(penalty.as_secs());
        (now < until).then(|| Duration::from_secs(until - now))
    }

    pub fn failed(self, now: u64) -> Self {
        Attempts {
            failures: self.failures.saturating_add(1),
            last_failure: now,
        }
    }
}

/// Wrong tries at restoring a backup, kept in the data folder beside the vault (there
/// may be no vault yet), so a backup cannot be guessed at faster than a profile.
const RESTORE_TRIES: &str = "restore-tries.json";

pub fn restore_attempts(dir: &std::path::Path) -> Attempts {
    match std::fs::read(dir.join(RESTORE_TRIES)) {
        // Unreadable counters count as the most failures: never as none.
        Ok(b) => serde_json::from_slice(&b).unwrap_or(Attempts {
            failures: u32::MAX,
            last_failure: 0,
        }),
        Err(_) => Attempts::default(),
    }
}

/// Stored and flushed before the answer, like a profile's counter.
pub fn set_restore_attempts(dir: &std::path::Path, a: Attempts) -> Result<(), super::VaultError> {
    if a == Attempts::default() && !dir.join(RESTORE_TRIES).exists() {
        return Ok(());
    }
    super::layout::create_private_dir(dir)?;
    let bytes = serde_json::to_vec(&a).map_err(|_| super::VaultError::Encoding)?;
    super::layout::write_atomic(&dir.join(RESTORE_TRIES), &bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn five_free_tries_then_doubling_waits_capped_at_five_minutes() {
        let mut a = Attempts::default();
        let mut now = 1_000_000;
        for _ in 0..FREE_TRIES {
            assert_eq!(a.wait(now), None);
            a = a.failed(now);
        }
        let mut last = Duration::ZERO;
        for _ in 0..12 {
            let wait = a.wait(now).expect("a wait after five failures");
            assert!(
                wait >= last * 2 || wait == MAX_WAIT,
                "{wait:?} after {last:?}"
            );
            assert!(wait <= MAX_WAIT);
            assert_eq!(
                a.wait(now + wait.as_secs() - 1),
                Some(Duration::from_secs(1))
            );
            now += wait.as_secs();
            assert_eq!(a.wait(now), None);
            last = wait;
            a = a.failed(now);
        }
        assert_eq!(last, MAX_WAIT);
        assert_eq!(
            Attempts {
                failures: u32::MAX,
                last_failure: 0
            }
            .penalty(),
            MAX_WAIT
        );
    }

    #[test]
    fn a_clock_set_back_does_not_shorten_the_wait() {
        let a = Attempts {
            failures: 6,
            last_failure: 5_000,
        };
        assert_eq!(a.wait(10), Some(Duration::from_secs(30)));
    }
}
