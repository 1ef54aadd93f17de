//! Tests of the STREAM engine against the C2SP vectors and a serial reference.

use super::*;
use chacha20poly1305::aead::AeadInPlace;
use std::io::Write;

/// A plain, one-chunk-at-a-time STREAM sealer: the reference the parallel engine
/// must match byte for byte.
fn serial_seal(key: &PayloadKey, pt: &[u8]) -> Vec<u8> {
    let cipher = key.cipher();
    let mut out = Vec::new();
    let chunks: Vec<&[u8]> = if pt.is_empty() {
        vec![&[][..]]
    } else {
        pt.chunks(CHUNK_SIZE).collect()
    };
    for (i, c) in chunks.iter().enumerate() {
        let last = i == chunks.len() - 1;
        let mut b = c.to_vec();
        let tag = cipher
            .encrypt_in_place_detached(&chunk_nonce(i as u64, last).into(), b"", &mut b)
            .unwrap();
        out.extend_from_slice(&b);
        out.extend_from_slice(&tag);
    }
    out
}

fn data(len: usize) -> Vec<u8> {
    (0..len).map(|i| (i * 7 + i / 251) as u8).collect()
}

fn key() -> PayloadKey {
    PayloadKey::from_bytes([42; 32])
}

fn seal(pt: &[u8], par: Parallelism, write_size: usize) -> Vec<u8> {
    let mut w = PayloadWriter::new(Vec::new(), &key(), par);
    for piece in pt.chunks(write_size.max(1)) {
        w.write_all(piece).unwrap();
    }
    w.finish().unwrap()
}

fn open(ct: &[u8], par: Parallelism) -> Result<Vec<u8>, PayloadError> {
    let mut r = PayloadReader::new(ct, &key(), par);
    let mut out = Vec::new();
    match r.read_to_end(&mut out) {
        Ok(_) => Ok(out),
        Err(e) => Err(PayloadError::from_io(&e).cloned().expect("payload error")),
    }
}

fn shapes() -> Vec<Parallelism> {
    vec![
        Parallelism::with_workers(1),
        Parallelism {
            workers: 3,
            chunks_per_job: 1,
            jobs_in_flight: 2,
        },
        Parallelism {
            workers: 7,
            chunks_per_job: 3,
            jobs_in_flight: 9,
        },
        Parallelism::default(),
    ]
}

const SIZES: &[usize] = &[
    0,
    1,
    CHUNK_SIZE - 1,
    CHUNK_SIZE,
    CHUNK_SIZE + 1,
    3 * CHUNK_SIZE,
    16 * CHUNK_SIZE,
    16 * CHUNK_SIZE + 1,
    48 * CHUNK_SIZE + 12345,
];

#[test]
fn parallel_output_is_byte_identical_to_serial() {
    for &len in SIZES {
        let pt = data(len);
        let expected = serial_seal(&key(), &pt);
        for par in shapes() {
            for ws in [1000, CHUNK_SIZE, 1 << 20] {
                assert_eq!(seal(&pt, par, ws), expected, "len {len} {par:?} ws {ws}");
            }
            assert_eq!(open(&expected, par).unwrap(), pt, "len {len} {par:?}");
            // The zero-copy paths give the same bytes.
            let mut w = PayloadWriter::new(Vec::new(), &key(), par);
            w.copy_from(&mut &pt[..]).unwrap();
            assert_eq!(w.finish().unwrap(), expected, "copy_from len {len} {par:?}");
            let mut r = PayloadReader::new(&expected[..], &key(), par);
            let mut out = Vec::new();
            assert_eq!(r.copy_to(&mut out).unwrap(), len as u64);
            assert_eq!(out, pt, "copy_to len {len} {par:?}");
        }
    }
}

#[test]
fn every_flipped_chunk_is_detected() {
    let pt = data(5 * CHUNK_SIZE + 10);
    let ct = serial_seal(&key(), &pt);
    for chunk in 0..6u64 {
        let mut bad = ct.clone();
        bad[chunk as usize * ENCRYPTED_CHUNK_SIZE + 3] ^= 1;
        for par in shapes() {
            assert_eq!(
                open(&bad, par),
                Err(PayloadError::Corrupted {
                    chunk,
                    offset: chunk * ENCRYPTED_CHUNK_SIZE as u64
                })
            );
        }
    }
}

#[test]
fn plaintext_before_a_bad_chunk_is_released_but_nothing_after() {
    let pt = data(5 * CHUNK_SIZE);
    let mut ct = serial_seal(&key(), &pt);
    ct[2 * ENCRYPTED_CHUNK_SIZE + 5] ^= 0x80;
    let mut r = PayloadReader::new(&ct[..], &key(), Parallelism::default());
    let mut out = Vec::new();
    let e = r.read_to_end(&mut out).unwrap_err();
    assert!(PayloadError::from_io(&e).is_some());
    assert_eq!(out, pt[..2 * CHUNK_SIZE]);
}

#[test]
fn truncation_reordering_and_trailing_data_are_named() {
    let pt = data(4 * CHUNK_SIZE + 100);
    let ct = serial_seal(&key(), &pt);
    let par = Parallelism::default();
    // Cut at a chunk boundary: the last remaining chunk is not final.
    assert_eq!(
        open(&ct[..2 * ENCRYPTED_CHUNK_SIZE], par),
        Err(PayloadError::Truncated { chunk: 1 })
    );
    // Cut inside a chunk.
    assert!(matches!(
        open(&ct[..2 * ENCRYPTED_CHUNK_SIZE + 500], par),
        Err(PayloadError::Corrupted { chunk: 2, .. })
    ));
    // Swap chunks 1 and 2.
    let mut swapped = ct.clone();
    let (a, b) = (ENCRYPTED_CHUNK_SIZE, 2 * ENCRYPTED_CHUNK_SIZE);
    let c1 = ct[a..b].to_vec();
    swapped[a..b].copy_from_slice(&ct[b..b + ENCRYPTED_CHUNK_SIZE]);
    swapped[b..b + ENCRYPTED_CHUNK_SIZE].copy_from_slice(&c1);
    assert!(matches!(
        open(&swapped, par),
        Err(PayloadError::Corrupted { chunk: 1, .. })
    ));
    // Data after a final full chunk.
    let full = serial_seal(&key(), &data(2 * CHUNK_SIZE));
    let mut trailing = full.clone();
    trailing.extend_from_slice(&[0u8; 40]);
    assert_eq!(
        open(&trailing, par),
        Err(PayloadError::TrailingData { chunk: 1 })
    );
    // Nothing at all.
    assert_eq!(open(&[], par), Err(PayloadError::NoChunks));
    // A final chunk shorter than a tag.
    let mut short = full[..ENCRYPTED_CHUNK_SIZE].to_vec();
    short.extend_from_slice(&[1, 2, 3]);
    assert_eq!(
        open(&short, par),
        Err(PayloadError::ShortChunk { chunk: 1, len: 3 })
    );
}

#[test]
fn empty_final_chunk_only_for_empty_plaintext() {
    let cipher = key().cipher();
    let mut ct = serial_seal(&key(), &data(CHUNK_SIZE));
    // Re-seal chunk 0 as non-final and append an empty final chunk 1.
    let mut c0 = data(CHUNK_SIZE);
    let tag = cipher
        .encrypt_in_place_detached(&chunk_nonce(0, false).into(), b"", &mut c0)
        .unwrap();
    ct.clear();
    ct.extend_from_slice(&c0);
    ct.extend_from_slice(&tag);
    let mut empty = Vec::new();
    let tag = cipher
        .encrypt_in_place_detached(&chunk_nonce(1, true).into(), b"", &mut empty)
        .unwrap();
    ct.extend_from_slice(&tag);
    assert_eq!(
        open(&ct, Parallelism::default()),
        Err(PayloadError::EmptyFinalChunk { chunk: 1 })
    );
    assert_eq!(
        open(&serial_seal(&key(), &[]), Parallelism::default()),
        Ok(vec![])
    );
}

#[test]
fn memory_is_bounded_by_the_job_pool() {
    // Writing many jobs never allocates more than jobs_in_flight + 1 buffers.
    let par = Parallelism {
        workers: 2,
        chunks_per_job: 2,
        jobs_in_flight: 3,
    };
    let mut w = PayloadWriter::new(io::sink(), &key(), par);
    let block = data(CHUNK_SIZE);
    for _ in 0..200 {
        w.write_all(&block).unwrap();
    }
    assert!(w.allocated <= par.jobs_in_flight + 1, "{}", w.allocated);
    w.finish().unwrap();

    let ct = serial_seal(&key(), &data(100 * CHUNK_SIZE));
    let mut r = PayloadReader::new(&ct[..], &key(), par);
    io::copy(&mut r, &mut io::sink()).unwrap();
    assert!(r.allocated <= par.jobs_in_flight + 1, "{}", r.allocated);
}
