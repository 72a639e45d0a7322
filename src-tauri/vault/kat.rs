//! Known answers (SECURITY.md 31): fixed inputs through the key derivation, the subkeys,
//! the record names and the sealing, against values pinned when the format was made. A
//! changed label, constant or byte order fails here instead of locking people out. The
//! couple-space log entry is pinned too (new in 0.2: its layout may still change before
//! release, with this test).
//! The KDF, subkey and name values were checked against independent implementations
//! (argon2-cffi's `hash_secret_raw`, and HKDF/HMAC-SHA256 from Python's standard library)
//! when they were pinned.

use super::header::hex;
use super::kdf::{derive, KdfParams};
use super::keys::{backup_key, couple_wrap_key, subkey, Namer, OwnerKeys};
use super::records::record_ad;
use super::seal::Sealer;
use super::secret::Key32;

fn key(byte: u8) -> Key32 {
    Key32::take(&mut [byte; 32]).unwrap()
}

#[test]
fn argon2id_at_the_floor_gives_the_pinned_key() {
    let k = derive(b"healing-arc known answer", &[0x5a; 16], KdfParams::FLOOR).unwrap();
    assert_eq!(
        hex::encode(k.bytes()),
        "09006806fa9a30cb8781806a19e35210c8c5757bd13edcc55e9557d28e468c86"
    );
    let k = derive(b"healing-arc known answer", &[0x5a; 16], KdfParams::DEFAULT).unwrap();
    assert_eq!(
        hex::encode(k.bytes()),
        "1a239a73d6657e5d4353114eed166a5c7e213f3b1382bc2624a94551bb4ba1ea"
    );
}

#[test]
fn subkeys_give_the_pinned_keys() {
    let root = key(0x07);
    let own = OwnerKeys::from_root(&root);
    assert_eq!(
        hex::encode(own.seal.bytes()),
        "207e81262f53d98073b303274211b0b090d49cf69adbe25eb7bd3746bdce8a8a"
    );
    assert_eq!(
        hex::encode(own.ids.bytes()),
        "f083df780ccf4ecfe03907d73d05699b781f165ac66662d88b73cdfeba792076"
    );
    assert_eq!(
        hex::encode(couple_wrap_key(&root).bytes()),
        "1d55f0d3737c154300950a789cd15fc8629f542cbdc03ad8eaa109aaa9157e04"
    );
    assert_eq!(
        hex::encode(backup_key(&root).bytes()),
        "41b25ec3c358056a96a416a51062d4754d41dbf789e63c167c82045d81e83eab"
    );
    assert_eq!(subkey(&root, b"record-seal").bytes(), own.seal.bytes());
}

#[test]
fn record_names_are_the_pinned_ones() {
    let namer = Namer::new(&OwnerKeys::from_root(&key(0x07)).ids);
    assert_eq!(hex::encode(&namer.prefix(1, "checkin")), "cefaa4860d64a10c");
    assert_eq!(
        hex::encode(&namer.store_key(1, "checkin", "2026-01-05")),
        "cefaa4860d64a10c48c92a7f7e376645697734ed0b0f2758"
    );
    assert_eq!(
        hex::encode(&namer.store_key(0x82, "journal", "0123456789abcdef")),
        "517c062f089ac637a0c5ec6d1323f740fa78b322c0f9ad42"
    );
}

#[test]
fn a_pinned_sealed_record_opens_to_its_plaintext() {
    let keys = OwnerKeys::from_root(&key(0x07));
    let store_key = Namer::new(&keys.ids).store_key(1, "checkin", "2026-01-05");
    let ad = record_ad(&[0x42; 16], 1, "checkin", &store_key);
    let sealer = Sealer::new(&keys.seal);
    let pinned = hex::decode("012406422a17d0c16f1f90cbdc17fceda1380cc040891a5801379a2f2e7fafb35b85d292727cfc6a87bdfe14428c8c16f60df01460f49e").unwrap();
    let plain = sealer.open(&ad, &pinned).unwrap();
    assert_eq!(&plain[..], b"\0{\"id\":\"2026-01-05\",\"v\":1}");
}

#[test]
fn record_plaintexts_have_the_pinned_layout() {
    use super::records::{decode, encode};
    let json = br#"{"id":"2026-01-05","v":1}"#;
    // Format 2 (padded): codec 2, the length as u32 big-endian, the JSON, zeros to 256.
    let mut want = vec![2, 0, 0, 0, json.len() as u8];
    want.extend_from_slice(json);
    want.resize(256, 0);
    assert_eq!(&encode(json.to_vec())[..], &want[..]);
    assert_eq!(&decode(&want).unwrap()[..], json);
    // 0.1.0's raw layout still reads.
    let mut old = vec![0];
    old.extend_from_slice(json);
    assert_eq!(&decode(&old).unwrap()[..], json);
}

/// The couple-space log entry (v2, binary): its layout and the hash the next entry names
/// (pinned with Python's hashlib over the bytes built by hand from the layout).
#[test]
fn a_log_entry_has_the_pinned_layout_and_hash() {
    use super::chain::{Entry, Op};
    use super::keyring::Slot;
    use ring::digest::{digest, SHA256};
    let entry = Entry {
        checkpoint: false,
        seq: 5,
        prev: [0x11; 32],
        key: [0x22; 32],
        ops: vec![
            Op {
                key: [0x33; 24],
                put: Some([0x44; 32]),
            },
            Op {
                key: [0x55; 24],
                put: None,
            },
        ],
        sig: vec![0x66; 64],
    };
    let bytes = entry.encode();
    assert_eq!(
        bytes.len(),
        256,
        "78 bytes of head, 57 per op, 64 of signature"
    );
    assert_eq!(
        hex::encode(digest(&SHA256, &bytes).as_ref()),
        "0fe5ff31d44fd5d6d57b433d474ceb6b3a2b9fbe23c0ac7d46207bba150c87ec"
    );
    assert_eq!(
        hex::encode(&entry.hash(&[0x42; 16], Slot::TWO)),
        "cd9c0e88a24000403d748009eb4d0b8a684fc79e48db2edac6a84d2780391378"
    );
    assert_eq!(Entry::decode(&bytes), Some(entry));
    // A removal with a hash, an unknown tag or a short signature does not parse.
    let mut bad = bytes.clone();
    bad[78 + 57 + 24 + 1] = 1;
    assert_eq!(Entry::decode(&bad), None);
    let mut bad = bytes.clone();
    bad[1] = 7;
    assert_eq!(Entry::decode(&bad), None);
    assert_eq!(Entry::decode(&bytes[..bytes.len() - 1]), None);
}
