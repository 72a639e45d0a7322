//! The password-protected PDF: the report's own PDF, encrypted with the standard security
//! handler at AES-256 (V5, R6, ISO 32000-2), so any common reader opens it with the
//! passphrase and no extra tool. lopdf does the encryption; this module only chooses
//! the parameters.

use std::collections::BTreeMap;
use std::sync::Arc;

use lopdf::encryption::crypt_filters::{Aes256CryptFilter, CryptFilter};
use lopdf::encryption::DecryptionError;
use lopdf::{dictionary, Document, EncryptionState, EncryptionVersion, Object, Permissions};
use ring::rand::{SecureRandom, SystemRandom};
use zeroize::Zeroizing;

/// R6 keeps up to 127 bytes of a password, but older readers and poppler's and xpdf's
/// command-line tools take at most 32 (the limit of the handlers before AES-256): a
/// longer passphrase would open in some readers and not in others, so it is refused.
pub const MAX_PASSWORD_BYTES: usize = crate::model::rules::PDF_PASSPHRASE_MAX_BYTES;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProtectError {
    /// Longer than a PDF can hold.
    TooLong,
    /// A character SASLprep forbids (control characters and the like).
    BadCharacter,
    /// The PDF could not be read or written back (it always can, but no panic).
    Pdf,
}

/// What the reader allows once open: print and copy (also for screen readers, which
/// PDF/UA requires); no editing. Advisory only: the passphrase is the protection.
fn permissions() -> Permissions {
    Permissions::PRINTABLE
        | Permissions::PRINTABLE_IN_HIGH_QUALITY
        | Permissions::COPYABLE
        | Permissions::COPYABLE_FOR_ACCESSIBILITY
}

/// Encrypts `pdf` so that it opens only with `password`. The owner password is random
/// and thrown away: no one can lift the permissions with it.
pub fn encrypt(pdf: &[u8], password: &str) -> Result<Vec<u8>, ProtectError> {
    if password.len() > MAX_PASSWORD_BYTES {
        return Err(ProtectError::TooLong);
    }
    let rng = SystemRandom::new();
    let mut key = Zeroizing::new([0u8; 32]);
    rng.fill(key.as_mut()).map_err(|_| ProtectError::Pdf)?;
    let mut owner = [0u8; 32];
    rng.fill(&mut owner).map_err(|_| ProtectError::Pdf)?;
    let owner = Zeroizing::new(owner.iter().map(|b| format!("{b:02x}")).collect::<String>());

    let mut doc = Document::load_mem(pdf).map_err(|_| ProtectError::Pdf)?;
    mark_extension(&mut doc)?;
    let filter: Arc<dyn CryptFilter> = Arc::new(Aes256CryptFilter);
    let version = EncryptionVersion::V5 {
        encrypt_metadata: true,
        crypt_filters: BTreeMap::from([(b"StdCF".to_vec(), filter)]),
        file_encryption_key: key.as_ref(),
        stream_filter: b"StdCF".to_vec(),
        string_filter: b"StdCF".to_vec(),
        owner_password: &owner,
        user_password: password,
        permissions: permissions(),
    };
    let state = EncryptionState::try_from(version).map_err(|e| match e {
        lopdf::Error::Decryption(DecryptionError::StringPrep(_)) => ProtectError::BadCharacter,
        _ => ProtectError::Pdf,
    })?;
    doc.encrypt(&state).map_err(|_| ProtectError::Pdf)?;
    let mut out = Vec::with_capacity(pdf.len() + 1024);
    doc.save_to(&mut out).map_err(|_| ProtectError::Pdf)?;
    Ok(out)
}

/// R6 belongs to PDF 2.0; a PDF 1.7 file (as PDF/UA-1 is) announces it as Adobe's
/// extension level 8, as qpdf and Acrobat do, so older readers know what they face.
fn mark_extension(doc: &mut Document) -> Result<(), ProtectError> {
    if !doc.version.starts_with("1.") {
        return Ok(());
    }
    let adbe = dictionary! {
        "BaseVersion" => Object::Name(b"1.7".to_vec()),
        "ExtensionLevel" => 8,
    };
    doc.version = "1.7".into();
    let catalog = doc.catalog_mut().map_err(|_| ProtectError::Pdf)?;
    catalog.set("Extensions", dictionary! { "ADBE" => adbe });
    Ok(())
}
