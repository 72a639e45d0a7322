//! A passphrase suggested for a protected report: six words a person can read aloud to
//! the therapist, drawn with the system's random generator from 908 gentle words
//! (words/README.md). Phrases over 32 characters are drawn again (some readers take no
//! more, see protect.rs), which leaves about 58 bits. Only a suggestion: the person may
//! type their own.

use ring::rand::{SecureRandom, SystemRandom};
use zeroize::Zeroizing;

use super::protect::MAX_PASSWORD_BYTES;

const LIST: &str = include_str!("words/eff_short_gentle.txt");
pub const WORDS: usize = 6;

pub fn words() -> impl Iterator<Item = &'static str> {
    LIST.lines().map(str::trim).filter(|w| !w.is_empty())
}

/// Six words separated by spaces, or None if the system has no randomness to give.
pub fn suggest() -> Option<Zeroizing<String>> {
    let list: Vec<&str> = words().collect();
    let rng = SystemRandom::new();
    // About half the phrases fit; whole phrases are drawn again, so every phrase that
    // fits is equally likely. A hundred misses in a row does not happen.
    for _ in 0..100 {
        let p = phrase(&list, &rng)?;
        if p.len() <= MAX_PASSWORD_BYTES {
            return Some(p);
        }
    }
    None
}

fn phrase(list: &[&str], rng: &SystemRandom) -> Option<Zeroizing<String>> {
    let n = u16::try_from(list.len()).ok()?;
    // Rejection sampling: only draws below a multiple of n, so every word is equally likely.
    let limit = u16::MAX - u16::MAX % n;
    let mut out = Zeroizing::new(String::new());
    let mut picked = 0;
    while picked < WORDS {
        let mut b = [0u8; 2];
        rng.fill(&mut b).ok()?;
        let x = u16::from_le_bytes(b);
        if x >= limit {
            continue;
        }
        if picked > 0 {
            out.push(' ');
        }
        out.push_str(list[usize::from(x % n)]);
        picked += 1;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_is_plain_distinct_words() {
        let all: Vec<&str> = words().collect();
        assert_eq!(all.len(), 908);
        let mut sorted = all.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), all.len());
        assert!(all
            .iter()
            .all(|w| (3..=5).contains(&w.len()) && w.bytes().all(|b| b.is_ascii_lowercase())));
        for hurtful in [
            "hurt", "flirt", "bride", "alibi", "slept", "liar", "stung", "groom",
        ] {
            assert!(!all.contains(&hurtful), "{hurtful}");
        }
    }

    #[test]
    fn a_suggestion_is_six_listed_words_and_differs_each_time() {
        let a = suggest().unwrap();
        let b = suggest().unwrap();
        assert_ne!(*a, *b);
        let listed: Vec<&str> = words().collect();
        let parts: Vec<&str> = a.split(' ').collect();
        assert_eq!(parts.len(), WORDS);
        assert!(a.len() <= MAX_PASSWORD_BYTES);
        assert!(parts.iter().all(|w| listed.contains(w)));
    }
}
