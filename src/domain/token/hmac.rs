//! HMAC-SHA256 (RFC 2104) on SHA-256's block function, with the keyed states precomputed.
//!
//! A token hashes `prefix || value` where the prefix is fixed per call site. [`PrimedHmac`]
//! compresses the key pads and the whole blocks of the prefix once, so a short value costs
//! exactly two block compressions (inner and outer) and no allocation. The generic `hmac` crate
//! re-buffers and clones a larger state per value, which measured ~25% slower per token.
//! `sha2::block_api::compress256` picks the SHA-NI implementation at run time where the CPU has it.

// Every index below is bounded by BLOCK by construction: `len` stays below BLOCK between
// compressions, and keys longer than a block are hashed to 32 bytes first.
#![allow(clippy::indexing_slicing)]

use sha2::Digest as _;
use sha2::block_api::compress256;

const BLOCK: usize = 64;
const IV: [u32; 8] = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

/// HMAC-SHA256 keyed and primed with a message prefix; cheap to use for many messages.
#[derive(Clone)]
pub struct PrimedHmac {
    /// State after the inner pad block and the prefix's whole blocks.
    inner: [u32; 8],
    /// State after the outer pad block.
    outer: [u32; 8],
    /// Prefix bytes past the last whole block.
    tail: [u8; BLOCK],
    tail_len: usize,
    /// Bytes compressed into `inner`, pad block included.
    compressed: u64,
}

impl std::fmt::Debug for PrimedHmac {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PrimedHmac(..)")
    }
}

impl PrimedHmac {
    /// Key the MAC (any key length) and absorb `prefix`.
    pub fn new(key: &[u8], prefix: &[u8]) -> Self {
        let mut padded = [0u8; BLOCK];
        if key.len() > BLOCK {
            padded[..32].copy_from_slice(&sha2::Sha256::digest(key));
        } else {
            padded[..key.len()].copy_from_slice(key);
        }
        let pad = |byte: u8| {
            let mut block = padded;
            block.iter_mut().for_each(|b| *b ^= byte);
            let mut state = IV;
            compress256(&mut state, &[block]);
            state
        };
        let (inner, outer) = (pad(0x36), pad(0x5c));
        let mut primed = PrimedHmac { inner, outer, tail: [0; BLOCK], tail_len: 0, compressed: BLOCK as u64 };
        let whole = prefix.len() / BLOCK * BLOCK;
        let (blocks, rest) = prefix.split_at(whole);
        for block in blocks.chunks_exact(BLOCK) {
            let mut b = [0u8; BLOCK];
            b.copy_from_slice(block);
            compress256(&mut primed.inner, &[b]);
            primed.compressed += BLOCK as u64;
        }
        primed.tail[..rest.len()].copy_from_slice(rest);
        primed.tail_len = rest.len();
        primed
    }

    /// The MAC of `prefix || parts[0] || parts[1] || ...`.
    pub fn finish(&self, parts: &[&[u8]]) -> [u8; 32] {
        let mut state = self.inner;
        let mut block = self.tail;
        let mut len = self.tail_len;
        let mut total = self.compressed + self.tail_len as u64;
        for part in parts {
            let mut rest: &[u8] = part;
            total += rest.len() as u64;
            while !rest.is_empty() {
                let take = rest.len().min(BLOCK - len);
                let (now, later) = rest.split_at(take);
                block[len..len + take].copy_from_slice(now);
                len += take;
                rest = later;
                if len == BLOCK {
                    compress256(&mut state, &[block]);
                    len = 0;
                }
            }
        }
        finalize(&mut state, block, len, total);
        let inner_hash = to_bytes(&state);

        let mut state = self.outer;
        let mut outer_block = [0u8; BLOCK];
        outer_block[..32].copy_from_slice(&inner_hash);
        finalize(&mut state, outer_block, 32, (BLOCK + 32) as u64);
        to_bytes(&state)
    }
}

/// The pad states are key-equivalent secrets: wipe them with the call site that held them.
impl Drop for PrimedHmac {
    fn drop(&mut self) {
        use zeroize::Zeroize as _;
        self.inner.zeroize();
        self.outer.zeroize();
        self.tail.zeroize();
    }
}

/// SHA-256 padding: 0x80, zeros, the message length in bits (big-endian) in the last 8 bytes.
fn finalize(state: &mut [u32; 8], mut block: [u8; BLOCK], len: usize, total_bytes: u64) {
    block[len] = 0x80;
    block[len + 1..].fill(0);
    if len + 1 > BLOCK - 8 {
        compress256(state, &[block]);
        block = [0u8; BLOCK];
    }
    block[BLOCK - 8..].copy_from_slice(&(total_bytes * 8).to_be_bytes());
    compress256(state, &[block]);
}

fn to_bytes(state: &[u32; 8]) -> [u8; 32] {
    let mut out = [0u8; 32];
    for (chunk, word) in out.chunks_exact_mut(4).zip(state) {
        chunk.copy_from_slice(&word.to_be_bytes());
    }
    out
}

/// Plain HMAC-SHA256.
pub fn hmac_sha256(key: &[u8], message: &[u8]) -> [u8; 32] {
    PrimedHmac::new(key, &[]).finish(&[message])
}
