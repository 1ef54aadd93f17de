//! Criterion benchmarks of the engine: STREAM sealing and opening in memory, serial
//! (one worker) and on all cores, plus the raw ChaCha20-Poly1305 speed of one core
//! (the engine's backend — ring, or OpenSSL with `--features openssl` — and RustCrypto)
//! for reference. Run: `cargo bench --bench engine [--features openssl]`.
// criterion_group! generates an undocumented public function.
#![allow(missing_docs)]

use chacha20poly1305::aead::AeadInPlace;
use chacha20poly1305::{ChaCha20Poly1305, KeyInit};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use isou::engine::aead::ChunkCipher;
use isou::engine::{Parallelism, PayloadKey, PayloadReader, PayloadWriter};

const LEN: usize = 64 << 20;

fn data() -> Vec<u8> {
    (0..LEN).map(|i| (i * 31 + i / 4099) as u8).collect()
}

/// Seals into `out`, reused across iterations so the benchmark measures sealing, not
/// the kernel's first-touch page faults of a fresh 64 MiB output buffer.
fn seal_into(out: &mut Vec<u8>, pt: &[u8], par: Parallelism) {
    out.clear();
    let mut w = PayloadWriter::new(out, &PayloadKey::from_bytes([1; 32]), par);
    w.copy_from(&mut &pt[..]).unwrap();
    w.finish().unwrap();
}

fn bench(c: &mut Criterion) {
    let pt = data();
    let cores = Parallelism::default().workers;
    let mut g = c.benchmark_group("stream");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(LEN as u64));

    // The engine's own chunk cipher: ring by default, OpenSSL with `--features openssl`.
    g.bench_function(
        format!("{} one core, 64 KiB chunks", ChunkCipher::BACKEND),
        |b| {
            let mut cipher = ChunkCipher::new(&[1u8; 32]);
            let mut buf = pt.clone();
            b.iter(|| {
                for (i, chunk) in buf.chunks_mut(65536).enumerate() {
                    let mut n = [0u8; 12];
                    n[3..11].copy_from_slice(&(i as u64).to_be_bytes());
                    std::hint::black_box(cipher.seal_in_place(&n, chunk));
                }
            })
        },
    );
    g.bench_function("RustCrypto chacha20poly1305 one core, 64 KiB chunks", |b| {
        let cipher = ChaCha20Poly1305::new(&[1u8; 32].into());
        let mut buf = pt.clone();
        b.iter(|| {
            for (i, chunk) in buf.chunks_mut(65536).enumerate() {
                let mut n = [0u8; 12];
                n[3..11].copy_from_slice(&(i as u64).to_be_bytes());
                cipher
                    .encrypt_in_place_detached(&n.into(), b"", chunk)
                    .unwrap();
            }
        })
    });
    let mut out = Vec::with_capacity(LEN + LEN / 4000 + 64);
    for workers in [1, cores] {
        let par = Parallelism::with_workers(workers);
        g.bench_with_input(
            BenchmarkId::new("seal", format!("{workers} workers")),
            &par,
            |b, &par| b.iter(|| seal_into(&mut out, &pt, par)),
        );
        let ct = out.clone();
        g.bench_with_input(
            BenchmarkId::new("open", format!("{workers} workers")),
            &par,
            |b, &par| {
                b.iter(|| {
                    let mut r = PayloadReader::new(&ct[..], &PayloadKey::from_bytes([1; 32]), par);
                    r.copy_to(&mut std::io::sink()).unwrap()
                })
            },
        );
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
