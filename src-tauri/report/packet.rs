//! The encrypted packet for a therapist: a tar archive holding the report (HTML or PDF)
//! and `report.json` (the same data), encrypted in the standard age format to the
//! therapist's age recipient (`age1…`) or to a passphrase. The therapist opens it with
//! the age or rage tools: `age -d -i key.txt packet.age | tar x`.

use std::io::Write as _;

use age::secrecy::SecretString;
use zeroize::Zeroizing;

/// Who can open the packet.
pub enum Lock {
    /// An X25519 age recipient, `age1…`.
    Recipient(Box<age::x25519::Recipient>),
    /// A passphrase the therapist is told another way (age's scrypt recipient).
    Passphrase(Zeroizing<String>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PacketError {
    /// Not an `age1…` X25519 recipient.
    BadRecipient,
    /// Encryption failed (it does not, with these recipients, but no panic either).
    Encrypt,
}

/// Parses an `age1…` recipient, tolerating spaces around it.
pub fn parse_recipient(s: &str) -> Result<Lock, PacketError> {
    s.trim()
        .parse::<age::x25519::Recipient>()
        .map(|r| Lock::Recipient(Box::new(r)))
        .map_err(|_| PacketError::BadRecipient)
}

/// A file inside the packet.
pub struct Entry<'a> {
    pub name: &'a str,
    pub bytes: &'a [u8],
}

/// Encrypts the files, as one tar archive, to `lock`.
pub fn seal(lock: &Lock, files: &[Entry<'_>], mtime: u64) -> Result<Vec<u8>, PacketError> {
    let plain = Zeroizing::new(tar(files, mtime));
    let encryptor = match lock {
        Lock::Recipient(r) => {
            age::Encryptor::with_recipients(std::iter::once(r.as_ref() as &dyn age::Recipient))
                .map_err(|_| PacketError::Encrypt)?
        }
        Lock::Passphrase(p) => {
            age::Encryptor::with_user_passphrase(SecretString::from(p.as_str().to_owned()))
        }
    };
    let mut out = Vec::with_capacity(plain.len() + 1024);
    let mut w = encryptor
        .wrap_output(&mut out)
        .map_err(|_| PacketError::Encrypt)?;
    w.write_all(&plain).map_err(|_| PacketError::Encrypt)?;
    w.finish().map_err(|_| PacketError::Encrypt)?;
    Ok(out)
}

/// A POSIX ustar archive of regular files (names under 100 bytes, as ours are).
pub fn tar(files: &[Entry<'_>], mtime: u64) -> Vec<u8> {
    let mut out = Vec::new();
    for f in files {
        let mut h = [0u8; 512];
        let name = f.name.as_bytes();
        let n = name.len().min(99);
        h[..n].copy_from_slice(&name[..n]);
        octal(&mut h[100..108], 0o644);
        octal(&mut h[108..116], 0);
        octal(&mut h[116..124], 0);
        octal(&mut h[124..136], f.bytes.len() as u64);
        octal(&mut h[136..148], mtime);
        h[148..156].copy_from_slice(b"        ");
        h[156] = b'0';
        h[257..263].copy_from_slice(b"ustar\0");
        h[263..265].copy_from_slice(b"00");
        let sum: u32 = h.iter().map(|b| u32::from(*b)).sum();
        octal(&mut h[148..155], u64::from(sum));
        h[155] = b' ';
        out.extend_from_slice(&h);
        out.extend_from_slice(f.bytes);
        let pad = (512 - f.bytes.len() % 512) % 512;
        out.extend(std::iter::repeat_n(0u8, pad));
    }
    out.extend(std::iter::repeat_n(0u8, 1024));
    out
}

/// Writes `v` as zero-padded octal digits followed by a NUL, filling `field`.
fn octal(field: &mut [u8], v: u64) {
    let digits = field.len() - 1;
    let s = format!("{v:0digits$o}");
    let s = &s.as_bytes()[s.len().saturating_sub(digits)..];
    field[..digits].copy_from_slice(s);
    field[digits] = 0;
}

/// Reads back the files of an archive written by `tar` (for tests and checks).
pub fn untar(bytes: &[u8]) -> Option<Vec<(String, Vec<u8>)>> {
    let mut out = Vec::new();
    let mut at = 0;
    while at + 512 <= bytes.len() {
        let h = &bytes[at..at + 512];
        if h.iter().all(|b| *b == 0) {
            return Some(out);
        }
        let name_end = h[..100].iter().position(|b| *b == 0).unwrap_or(100);
        let name = String::from_utf8(h[..name_end].to_vec()).ok()?;
        let size_text = std::str::from_utf8(&h[124..135]).ok()?;
        let size = usize::from_str_radix(size_text.trim_matches(char::from(0)).trim(), 8).ok()?;
        let start = at + 512;
        let end = start.checked_add(size)?;
        out.push((name, bytes.get(start..end)?.to_vec()));
        at = end + (512 - size % 512) % 512;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tar_round_trips_and_checksums_are_right() {
        let files = [
            Entry {
                name: "report.html",
                bytes: b"<p>hello</p>",
            },
            Entry {
                name: "report.json",
                bytes: &[7u8; 1024],
            },
        ];
        let t = tar(&files, 1_700_000_000);
        assert_eq!(t.len() % 512, 0);
        let back = untar(&t).unwrap();
        assert_eq!(back[0].0, "report.html");
        assert_eq!(back[0].1, b"<p>hello</p>");
        assert_eq!(back[1].1, vec![7u8; 1024]);
        // The header checksum counts its own field as spaces.
        let mut h = t[..512].to_vec();
        let stored = u32::from_str_radix(std::str::from_utf8(&h[148..154]).unwrap(), 8).unwrap();
        h[148..156].copy_from_slice(b"        ");
        assert_eq!(stored, h.iter().map(|b| u32::from(*b)).sum::<u32>());
    }

    #[test]
    fn only_age_x25519_recipients_are_accepted() {
        let id = age::x25519::Identity::generate();
        assert!(parse_recipient(&format!(" {} ", id.to_public())).is_ok());
        for bad in [
            "",
            "age1",
            "AGE-SECRET-KEY-1XYZ",
            "ssh-ed25519 AAAA",
            "age1qqqq",
        ] {
            assert!(parse_recipient(bad).is_err(), "{bad}");
        }
    }
}
