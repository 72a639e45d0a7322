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
    let plain = Zeroizing::new(tar(files, mtime).ok_or(PacketError::Encrypt)?);
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

/// A POSIX ustar archive of regular files, written by the `tar` crate.
pub fn tar(files: &[Entry<'_>], mtime: u64) -> Option<Vec<u8>> {
    let mut b = tar::Builder::new(Vec::new());
    for f in files {
        let mut h = tar::Header::new_ustar();
        h.set_mode(0o644);
        h.set_size(f.bytes.len() as u64);
        h.set_mtime(mtime);
        h.set_entry_type(tar::EntryType::Regular);
        // Writing to memory fails only on a name tar cannot hold; ours are fixed and short.
        b.append_data(&mut h, f.name, f.bytes).ok()?;
    }
    b.into_inner().ok()
}

/// Reads back the files of an archive (for tests and checks).
pub fn untar(bytes: &[u8]) -> Option<Vec<(String, Vec<u8>)>> {
    use std::io::Read as _;
    let mut a = tar::Archive::new(bytes);
    let mut out = Vec::new();
    for e in a.entries().ok()? {
        let mut e = e.ok()?;
        let name = e.path().ok()?.to_str()?.to_owned();
        let mut data = Vec::new();
        e.read_to_end(&mut data).ok()?;
        out.push((name, data));
    }
    Some(out)
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
        let t = tar(&files, 1_700_000_000).unwrap();
        assert_eq!(t.len() % 512, 0);
        let back = untar(&t).unwrap();
        assert_eq!(back[0].0, "report.html");
        assert_eq!(back[0].1, b"<p>hello</p>");
        assert_eq!(back[1].1, vec![7u8; 1024]);
        // The header checksum counts its own field as spaces.
        let mut h = t[..512].to_vec();
        let field = std::str::from_utf8(&h[148..156]).unwrap();
        let stored = u32::from_str_radix(field.trim_matches(['\0', ' ']), 8).unwrap();
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
