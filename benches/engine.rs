//! Criterion benchmarks of the engine: STREAM sealing and opening in memory, serial
//! (one worker) and on all cores, plus the raw ChaCha20-Poly1305 speed of one core
//! for reference. Run: `cargo bench --bench engine`.

use std::io::Write;

use chacha20poly1305::aead::AeadInPlace;
use chacha20poly1305::{ChaCha20Poly1305, KeyInit};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use isou::engine::{Parallelism, PayloadKey, PayloadReader, PayloadWriter};

const LEN: usize = 64 << 20;

fn data() -> Vec<u8> {
    (0..LEN).map(|i| (i * 31 + i / 4099) as u8).collect()
}

fn seal(pt: &[u8], par: Parallelism) -> Vec<u8> {
    let mut w = PayloadWriter::new(
        Vec::with_capacity(pt.len() + pt.len() / 4000 + 64),
        &PayloadKey::from_bytes([1; 32]),
        par,
    );
    w.write_all(pt).unwrap();
    w.finish().unwrap()
}

fn bench(c: &mut Criterion) {
    let pt = data();
    let cores = Parallelism::default().workers;
    let mut g = c.benchmark_group("stream");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(LEN as u64));

    g.bench_function("chacha20poly1305 one core, 64 KiB chunks", |b| {
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
    for workers in [1, cores] {
        let par = Parallelism::with_workers(workers);
        g.bench_with_input(
            BenchmarkId::new("seal", format!("{workers} workers")),
            &par,
            |b, &par| b.iter(|| seal(&pt, par)),
        );
        let ct = seal(&pt, par);
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
