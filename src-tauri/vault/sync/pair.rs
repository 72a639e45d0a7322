//! Pairing two devices through the shared folder (docs/SYNC.md): SPAKE2 keyed by a
//! short single-use code, run through three files. A (the device that invites) keeps its
//! SPAKE2 seed and the code in a private record, so a restart does not lose the state;
//! the record goes as soon as the invitation is spent or expired.

use std::fmt;
use std::path::{Path, PathBuf};

use rand_core::{CryptoRng, RngCore};
use ring::hkdf;
use ring::hmac;
use ring::rand::{SecureRandom, SystemRandom};
use serde::{Deserialize, Serialize};
use spake2::{Ed25519Group, Identity as PakeId, Password, Spake2};
use zeroize::Zeroizing;

use super::super::chain::{Identity, SINGLE_ID};
use super::super::header::hex;
use super::super::keyring::{Keyring, Owner, Slot};
use super::super::seal::Sealer;
use super::super::secret::Key32;
use super::super::{Vault, VaultError};
use super::files::{read_capped, remove_quietly};

/// How long an invitation can be answered.
pub const INVITE_SECONDS: u64 = 60 * 60;
const PAIR_KIND: &str = "pairing";
const CODE_DIGITS: usize = 8;
const MAX_PAIR_FILE: u64 = 64 * 1024;
const SALT: &[u8] = b"healing-arc/v1/pair";
const ID_LEN: usize = 16;
const PUBLIC_LEN: usize = 32;

/// The short code A shows and B types: 8 digits, wiped on drop.
pub struct PairCode(Zeroizing<String>);

impl PairCode {
    fn generate(rng: &SystemRandom) -> Result<PairCode, VaultError> {
        // Uniform over 10^8: draws past the largest multiple are thrown away.
        loop {
            let mut b = [0u8; 4];
            rng.fill(&mut b).map_err(|_| VaultError::Crypto)?;
            let n = u32::from_be_bytes(b);
            if n < 4_200_000_000 {
                return Ok(PairCode(Zeroizing::new(format!("{:08}", n % 100_000_000))));
            }
        }
    }

    /// The code as typed: spaces and dashes do not matter; anything else but 8 digits
    /// is not a code.
    pub fn parse(typed: &str) -> Option<PairCode> {
        let digits: Zeroizing<String> = Zeroizing::new(
            typed
                .chars()
                .filter(|c| !c.is_whitespace() && *c != '-')
                .collect(),
        );
        (digits.len() == CODE_DIGITS && digits.bytes().all(|b| b.is_ascii_digit()))
            .then(|| PairCode(digits))
    }

    /// Grouped for reading aloud: `1234 5678`.
    pub fn display(&self) -> String {
        format!("{} {}", &self.0[..4], &self.0[4..])
    }
}

impl fmt::Debug for PairCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PairCode(<redacted>)")
    }
}

/// A's private record while an invitation is open.
#[derive(Serialize, Deserialize)]
struct PairSecret {
    id: String,
    /// The folder the invitation was written to.
    folder: String,
    expires: u64,
    #[serde(with = "hex")]
    seed: Vec<u8>,
    code: String,
}

impl Drop for PairSecret {
    fn drop(&mut self) {
        zeroize::Zeroize::zeroize(&mut self.seed);
        zeroize::Zeroize::zeroize(&mut self.code);
    }
}

#[derive(Serialize, Deserialize)]
struct InviteFile {
    v: u8,
    id: String,
    expires: u64,
    msg: String,
}

#[derive(Serialize, Deserialize)]
struct ReplyFile {
    v: u8,
    msg: String,
    sealed: String,
}

#[derive(Serialize, Deserialize)]
struct WelcomeFile {
    v: u8,
    sealed: String,
}

fn invite_name(id: &str) -> String {
    format!("{id}.pair")
}
fn reply_name(id: &str) -> String {
    format!("{id}.reply.pair")
}
fn welcome_name(id: &str) -> String {
    format!("{id}.welcome.pair")
}

/// The SPAKE2 identities bind the invitation's id and expiry: changing either in the
/// file only makes the keys differ.
fn identities(id: &str, expires: u64) -> (PakeId, PakeId) {
    let side = |s: &str| PakeId::new(format!("healing-arc/v1/pair-{s}|{id}|{expires}").as_bytes());
    (side("a"), side("b"))
}

fn derive(k: &[u8], info: &'static [u8]) -> Key32 {
    let prk = hkdf::Salt::new(hkdf::HKDF_SHA256, SALT).extract(k);
    let mut out = Key32::zeroed();
    prk.expand(&[info], hkdf::HKDF_SHA256)
        .and_then(|okm| okm.fill(out.bytes_mut()))
        .expect("HKDF-SHA256 expands 32 bytes");
    out
}

/// Six digits both screens show, from the agreed key: equal only if both sides ran
/// SPAKE2 with each other under the same code.
fn phrase(k: &[u8]) -> String {
    let d = derive(k, b"phrase");
    let n = u32::from_be_bytes(d.bytes()[..4].try_into().expect("4 bytes")) % 1_000_000;
    format!("{:03} {:03}", n / 1000, n % 1000)
}

fn ad(label: &str, id: &str) -> Vec<u8> {
    format!("healing-arc/v1/pair-{label}|{id}").into_bytes()
}

/// A deterministic stream from A's stored seed (HMAC-SHA256 in counter mode), so
/// SPAKE2's secret scalar can be made again after a restart.
struct SeededRng {
    key: hmac::Key,
    counter: u64,
    block: Zeroizing<[u8; 32]>,
    used: usize,
}

impl SeededRng {
    fn new(seed: &[u8]) -> SeededRng {
        SeededRng {
            key: hmac::Key::new(hmac::HMAC_SHA256, seed),
            counter: 0,
            block: Zeroizing::new([0; 32]),
            used: 32,
        }
    }
}

impl RngCore for SeededRng {
    fn next_u32(&mut self) -> u32 {
        rand_core::impls::next_u32_via_fill(self)
    }
    fn next_u64(&mut self) -> u64 {
        rand_core::impls::next_u64_via_fill(self)
    }
    fn fill_bytes(&mut self, dest: &mut [u8]) {
        for b in dest {
            if self.used == 32 {
                let tag = hmac::sign(&self.key, &self.counter.to_be_bytes());
                self.block.copy_from_slice(tag.as_ref());
                self.counter += 1;
                self.used = 0;
            }
            *b = self.block[self.used];
            self.used += 1;
        }
    }
    fn try_fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), rand_core::Error> {
        self.fill_bytes(dest);
        Ok(())
    }
}

impl CryptoRng for SeededRng {}

fn start_a(secret: &PairSecret) -> (Spake2<Ed25519Group>, Vec<u8>) {
    let (a, b) = identities(&secret.id, secret.expires);
    Spake2::<Ed25519Group>::start_a_with_rng(
        &Password::new(secret.code.as_bytes()),
        &a,
        &b,
        SeededRng::new(&secret.seed),
    )
}

fn write_json<T: Serialize>(path: &Path, value: &T) -> Result<(), VaultError> {
    let bytes = serde_json::to_vec(value).map_err(|_| VaultError::Encoding)?;
    super::super::layout::write_atomic(path, &bytes)
}

fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Option<T> {
    read_capped(path, MAX_PAIR_FILE).and_then(|b| serde_json::from_slice(&b).ok())
}

fn random_id(rng: &SystemRandom) -> Result<String, VaultError> {
    let mut id = [0u8; ID_LEN];
    rng.fill(&mut id).map_err(|_| VaultError::Crypto)?;
    Ok(hex::encode(&id))
}

impl Vault {
    /// A: writes an invitation into `folder` and returns the code to read to the partner.
    /// Refused when the partner's profile is on this device already.
    pub fn pair_start(
        &self,
        keyring: &Keyring,
        folder: &Path,
        now: u64,
    ) -> Result<PairCode, VaultError> {
        if self.header.profile(keyring.slot.other().number()).is_ok() {
            return Err(VaultError::Full);
        }
        // An older invitation still open is spent now: one at a time.
        if let Some(old) = self.get::<PairSecret>(keyring, Owner::Mine, PAIR_KIND, SINGLE_ID)? {
            self.end_pairing(keyring, &PathBuf::from(&old.folder), &old.id)?;
        }
        let code = PairCode::generate(&self.rng)?;
        let mut seed = vec![0u8; 32];
        self.rng.fill(&mut seed).map_err(|_| VaultError::Crypto)?;
        let secret = PairSecret {
            id: random_id(&self.rng)?,
            folder: folder.to_string_lossy().into_owned(),
            expires: now + INVITE_SECONDS,
            seed,
            code: code.0.to_string(),
        };
        let (_, msg) = start_a(&secret);
        self.put(keyring, Owner::Mine, PAIR_KIND, SINGLE_ID, &secret)?;
        let invite = InviteFile {
            v: 1,
            id: secret.id.clone(),
            expires: secret.expires,
            msg: hex::encode(&msg),
        };
        write_json(&folder.join(invite_name(&secret.id)), &invite)?;
        Ok(code)
    }

    /// A: looks for the partner's reply. None while there is none; the verification
    /// phrase once it opened (the partner's key is then pinned and the welcome written).
    /// A reply that does not open spends the invitation: `Pairing`, nothing else said.
    pub fn pair_answer(&self, keyring: &Keyring, now: u64) -> Result<Option<String>, VaultError> {
        self.pair_answer_with(keyring, now, None)
    }

    /// `pair_answer`, with one byte the app hands the joining device in the welcome
    /// (`Joined::note`): its partner's role, so the two cannot pick the same one.
    pub fn pair_answer_with(
        &self,
        keyring: &Keyring,
        now: u64,
        note: Option<u8>,
    ) -> Result<Option<String>, VaultError> {
        let secret = self
            .get::<PairSecret>(keyring, Owner::Mine, PAIR_KIND, SINGLE_ID)?
            .ok_or(VaultError::Pairing)?;
        let folder = &PathBuf::from(&secret.folder);
        if now > secret.expires {
            self.end_pairing(keyring, folder, &secret.id)?;
            return Err(VaultError::Pairing);
        }
        let Some(reply) = read_json::<ReplyFile>(&folder.join(reply_name(&secret.id))) else {
            return Ok(None);
        };
        // From here on the invitation is spent, whatever the reply holds.
        let result = self.welcome(keyring, folder, &secret, &reply, note);
        self.end_pairing(keyring, folder, &secret.id)?;
        result.map(Some)
    }

    fn welcome(
        &self,
        keyring: &Keyring,
        folder: &Path,
        secret: &PairSecret,
        reply: &ReplyFile,
        note: Option<u8>,
    ) -> Result<String, VaultError> {
        let (spake, _) = start_a(secret);
        let msg = hex::decode(&reply.msg).ok_or(VaultError::Pairing)?;
        let k = Zeroizing::new(spake.finish(&msg).map_err(|_| VaultError::Pairing)?);
        let sealed = hex::decode(&reply.sealed).ok_or(VaultError::Pairing)?;
        let their_key = Sealer::new(&derive(&k, b"reply"))
            .open(&ad("reply", &secret.id), &sealed)
            .map_err(|_| VaultError::Pairing)?;
        if their_key.len() != PUBLIC_LEN {
            return Err(VaultError::Pairing);
        }
        let identity = keyring.identity.as_ref().ok_or(VaultError::NotYours)?;
        let mut plain = Zeroizing::new(Vec::with_capacity(16 + 32 + 1 + PUBLIC_LEN));
        plain.extend_from_slice(&keyring.vault_id);
        plain.extend_from_slice(keyring.couple.link().bytes());
        plain.push(keyring.slot.number());
        plain.extend_from_slice(&identity.public());
        plain.extend(note);
        let sealed = Sealer::new(&derive(&k, b"welcome")).seal(
            &self.rng,
            &ad("welcome", &secret.id),
            &plain,
        )?;
        self.pin_partner(keyring, &their_key)?;
        super::start_state(self, keyring, folder, true)?;
        write_json(
            &folder.join(welcome_name(&secret.id)),
            &WelcomeFile {
                v: 1,
                sealed: hex::encode(&sealed),
            },
        )?;
        Ok(phrase(&k))
    }

    /// Forgets the open invitation and removes its files (not the welcome: the partner
    /// still has to read it).
    fn end_pairing(&self, keyring: &Keyring, folder: &Path, id: &str) -> Result<(), VaultError> {
        remove_quietly(&folder.join(invite_name(id)));
        remove_quietly(&folder.join(reply_name(id)));
        self.delete(keyring, Owner::Mine, PAIR_KIND, SINGLE_ID)
    }

    fn pin_partner(&self, keyring: &Keyring, key: &[u8]) -> Result<(), VaultError> {
        let mut trust = self.trust(keyring);
        trust
            .pins
            .insert(keyring.slot.other().number(), hex::encode(key));
        self.put(
            keyring,
            Owner::Mine,
            super::super::chain::TRUST_KIND,
            SINGLE_ID,
            &trust,
        )?;
        self.forget_accepted_of(keyring);
        Ok(())
    }
}

/// B, between typing the code and the welcome: the agreed key and B's new signing key.
pub struct Joining {
    id: String,
    expires: u64,
    folder: PathBuf,
    k: Zeroizing<Vec<u8>>,
    identity: Identity,
}

impl fmt::Debug for Joining {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Joining(<redacted>)")
    }
}

/// What B needs to make its half of the couple's vault.
pub struct Joined {
    pub(in super::super) vault_id: [u8; 16],
    pub(in super::super) couple: Key32,
    pub(in super::super) slot: Slot,
    pub(in super::super) partner_key: Vec<u8>,
    /// The byte the inviting device's app put in the welcome, if any.
    pub note: Option<u8>,
    pub(in super::super) identity: Identity,
    pub(in super::super) folder: PathBuf,
}

impl fmt::Debug for Joined {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Joined(<redacted>)")
    }
}

impl Joining {
    /// B: answers the invitation in `folder` with `code`. The newest invitation still
    /// open is the one answered.
    pub fn start(folder: &Path, code: &PairCode, now: u64) -> Result<Joining, VaultError> {
        let rng = SystemRandom::new();
        let invite = newest_invite(folder, now)?.ok_or(VaultError::Pairing)?;
        let msg = hex::decode(&invite.msg).ok_or(VaultError::Pairing)?;
        let (a, b) = identities(&invite.id, invite.expires);
        let (spake, reply_msg) =
            Spake2::<Ed25519Group>::start_b(&Password::new(code.0.as_bytes()), &a, &b);
        let k = Zeroizing::new(spake.finish(&msg).map_err(|_| VaultError::Pairing)?);
        let identity = Identity::generate(&rng)?;
        let sealed = Sealer::new(&derive(&k, b"reply")).seal(
            &rng,
            &ad("reply", &invite.id),
            &identity.public(),
        )?;
        write_json(
            &folder.join(reply_name(&invite.id)),
            &ReplyFile {
                v: 1,
                msg: hex::encode(&reply_msg),
                sealed: hex::encode(&sealed),
            },
        )?;
        Ok(Joining {
            id: invite.id,
            expires: invite.expires,
            folder: folder.to_owned(),
            k,
            identity,
        })
    }

    /// Whether `folder` holds an invitation still open (so a code typed can be tried).
    pub fn invitation_in(folder: &Path, now: u64) -> Result<bool, VaultError> {
        Ok(newest_invite(folder, now)?.is_some())
    }

    /// The phrase to compare with the partner's screen.
    pub fn phrase(&self) -> String {
        phrase(&self.k)
    }

    /// B: reads the welcome. Gives the `Joining` back while it has not arrived (a sync
    /// tool may bring the invitation's removal first); `Pairing` once the invitation
    /// expired without one (a wrong code) or when the welcome does not open.
    pub fn receive(self, now: u64) -> Result<Result<Joined, Joining>, VaultError> {
        let path = self.folder.join(welcome_name(&self.id));
        let Some(welcome) = read_json::<WelcomeFile>(&path) else {
            if now <= self.expires {
                return Ok(Err(self));
            }
            return Err(VaultError::Pairing);
        };
        let sealed = hex::decode(&welcome.sealed).ok_or(VaultError::Pairing)?;
        let plain = Sealer::new(&derive(&self.k, b"welcome"))
            .open(&ad("welcome", &self.id), &sealed)
            .map_err(|_| VaultError::Pairing)?;
        const BASE: usize = 16 + 32 + 1 + PUBLIC_LEN;
        if plain.len() != BASE && plain.len() != BASE + 1 {
            return Err(VaultError::Pairing);
        }
        let mut vault_id = [0u8; 16];
        vault_id.copy_from_slice(&plain[..16]);
        let mut couple = plain[16..48].to_vec();
        let couple = Key32::take(&mut couple).ok_or(VaultError::Pairing)?;
        let their_slot = Slot::from_number(plain[48]).ok_or(VaultError::Pairing)?;
        remove_quietly(&path);
        Ok(Ok(Joined {
            vault_id,
            couple,
            slot: their_slot.other(),
            partner_key: plain[49..BASE].to_vec(),
            note: plain.get(BASE).copied(),
            identity: self.identity,
            folder: self.folder,
        }))
    }
}

/// The newest invitation in `folder` that is still open.
fn newest_invite(folder: &Path, now: u64) -> Result<Option<InviteFile>, VaultError> {
    Ok(std::fs::read_dir(folder)?
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().to_str()?.to_owned();
            let id = name.strip_suffix(".pair")?.to_owned();
            let invite = read_json::<InviteFile>(&e.path())?;
            (invite.id == id && id.len() == ID_LEN * 2).then_some(invite)
        })
        .filter(|i| i.v == 1 && now <= i.expires)
        .max_by_key(|i| i.expires))
}
