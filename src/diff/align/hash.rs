//! Hashing for the alignment: keys that are already hashes, and whole texts.

use std::hash::{BuildHasherDefault, Hasher};

/// A hasher for keys that are already hashes, or small numbers.
#[derive(Default)]
pub(crate) struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.0 = mix(self.0, u64::from_le_bytes(word));
        }
        for &b in chunks.remainder() {
            self.0 = mix(self.0, u64::from(b));
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = mix(self.0, n);
    }
    fn write_usize(&mut self, n: usize) {
        self.0 = mix(self.0, n as u64);
    }
}

/// A fast hasher for keys that are hashes or small numbers (not for keys an adversary picks
/// to collide: these come from the documents, and a collision costs time, never a result).
pub(crate) type Fx = BuildHasherDefault<IdHasher>;

pub(crate) const fn mix(h: u64, x: u64) -> u64 {
    (h.rotate_left(5) ^ x).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95)
}

/// A hash of a whole text, for finding equal texts: four lanes of eight bytes at a time, so
/// that the multiplications of one lane do not wait for the others (this reads every byte of
/// both versions).
pub(crate) fn text_hash(text: &str) -> u64 {
    let bytes = text.as_bytes();
    let mut lanes = [0u64, 1, 2, 3];
    let mut blocks = bytes.chunks_exact(32);
    for block in &mut blocks {
        for (lane, word) in lanes.iter_mut().zip(block.chunks_exact(8)) {
            let mut w = [0u8; 8];
            w.copy_from_slice(word);
            *lane = mix(*lane, u64::from_le_bytes(w));
        }
    }
    let mut h = IdHasher(lanes.iter().fold(bytes.len() as u64, |h, &l| mix(h, l)));
    h.write(blocks.remainder());
    h.finish()
}
