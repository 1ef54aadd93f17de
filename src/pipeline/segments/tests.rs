//! Tests of the segment files: splitting and concatenation, the chained SHA-256, and the
//! read-back that releases no byte of a segment before it matched.

use super::*;
use crate::bag::source::DirSource;

#[test]
fn segments_split_concatenate_and_detect_damage() {
    let dir = tempfile::tempdir().unwrap();
    let data: Vec<u8> = (0..10_000u32).map(|i| (i % 251) as u8).collect();
    let mut w = SegmentWriter::new(dir.path(), 3000);
    for piece in data.chunks(700) {
        w.write_all(piece).unwrap();
    }
    let (segs, _) = w.finish().unwrap();
    assert_eq!(
        segs.iter().map(|s| s.size).collect::<Vec<_>>(),
        [3000, 3000, 3000, 1000]
    );
    assert_eq!(segs[3].name, "payload.003");
    let bag: Arc<dyn BagSource> = Arc::new(DirSource(dir.path().to_path_buf()));
    let list = |segs: &[Segment]| {
        segs.iter()
            .map(|s| (s.name.clone(), s.sha256))
            .collect::<Vec<_>>()
    };
    let mut back = Vec::new();
    SegmentReader::new(bag.clone(), list(&segs))
        .read_to_end(&mut back)
        .unwrap();
    assert_eq!(back, data);

    let mut bytes = std::fs::read(dir.path().join("payload.001")).unwrap();
    bytes[10] ^= 1;
    std::fs::write(dir.path().join("payload.001"), bytes).unwrap();
    let e = SegmentReader::new(bag.clone(), list(&segs))
        .read_to_end(&mut Vec::new())
        .unwrap_err();
    let m = crate::error::typed_in::<SegmentMismatch>(&e).unwrap();
    assert_eq!(m.name, "payload.001");
    assert!(!m.changed);
}

#[test]
fn the_chained_hash_is_sha256() {
    use sha2::{Digest, Sha256};
    for len in [
        0,
        1,
        55,
        56,
        63,
        64,
        65,
        119,
        120,
        128,
        1000,
        CHECK_CHUNK + 100,
    ] {
        let data: Vec<u8> = (0..len).map(|i| (i * 7 % 251) as u8).collect();
        let whole = len / 64 * 64;
        let mut h = ChainedSha256::new();
        h.blocks(&data[..whole / 2 / 64 * 64]);
        let mid = whole / 2 / 64 * 64;
        let d = h.finish(&data[mid..]);
        assert_eq!(d, <[u8; 32]>::from(Sha256::digest(&data)), "{len}");
    }
}

#[test]
fn segments_of_whole_chunks_and_of_nothing_read_back() {
    for len in [0, CHECK_CHUNK, 2 * CHECK_CHUNK, 2 * CHECK_CHUNK + 1] {
        let dir = tempfile::tempdir().unwrap();
        let data: Vec<u8> = (0..len).map(|i| (i % 239) as u8).collect();
        let mut w = SegmentWriter::new(dir.path(), CHECK_CHUNK as u64 * 2);
        w.write_all(&data).unwrap();
        let (segs, _) = w.finish().unwrap();
        let list: Vec<SegmentSource> = segs.iter().map(|s| (s.name.clone(), s.sha256)).collect();
        let bag: Arc<dyn BagSource> = Arc::new(DirSource(dir.path().to_path_buf()));
        let mut back = Vec::new();
        SegmentReader::new(bag, list)
            .read_to_end(&mut back)
            .unwrap();
        assert_eq!(back, data, "{len}");
    }
}

#[test]
fn no_byte_of_a_segment_is_released_before_it_matched() {
    let dir = tempfile::tempdir().unwrap();
    let data: Vec<u8> = (0..9000u32).map(|i| (i % 253) as u8).collect();
    let mut w = SegmentWriter::new(dir.path(), 3000);
    w.write_all(&data).unwrap();
    let (segs, _) = w.finish().unwrap();
    let list: Vec<SegmentSource> = segs.iter().map(|s| (s.name.clone(), s.sha256)).collect();
    // Segment 1 swapped for other bytes of the same size.
    std::fs::write(dir.path().join("payload.001"), vec![b'A'; 3000]).unwrap();
    let bag: Arc<dyn BagSource> = Arc::new(DirSource(dir.path().to_path_buf()));
    let mut r = SegmentReader::new(bag, list);
    let mut got = Vec::new();
    let mut buf = [0u8; 100];
    let err = loop {
        match r.read(&mut buf) {
            Ok(0) => panic!("the swapped segment was read to the end"),
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(e) => break e,
        }
    };
    // Everything of segment 0, and not one byte of the swapped segment 1.
    assert_eq!(got, data[..3000]);
    assert!(err.to_string().contains("payload.001"), "{err}");
}

/// A medium whose device answers the second read of a segment differently.
struct Fickle {
    inner: DirSource,
    opens: std::sync::Mutex<usize>,
}

impl BagSource for Fickle {
    fn describe(&self) -> String {
        "fickle".into()
    }
    fn open(&self, path: &str) -> io::Result<Box<dyn Read + Send>> {
        let mut n = self.opens.lock().unwrap();
        *n += 1;
        let mut bytes = Vec::new();
        self.inner.open(path)?.read_to_end(&mut bytes)?;
        if *n == 2 {
            // The third chunk changes on the second read.
            bytes[2 * CHECK_CHUNK + 5] ^= 1;
        }
        Ok(Box::new(io::Cursor::new(bytes)))
    }
    fn list(&self, dir: &str) -> io::Result<Vec<crate::bag::source::Entry>> {
        self.inner.list(dir)
    }
    fn stat(&self, path: &str) -> io::Result<Option<(crate::bag::source::Kind, u64)>> {
        self.inner.stat(path)
    }
}

#[test]
fn a_segment_that_reads_differently_the_second_time_is_stopped_at_the_chunk() {
    let dir = tempfile::tempdir().unwrap();
    let data: Vec<u8> = (0..(3 * CHECK_CHUNK + 10) as u32)
        .map(|i| (i % 241) as u8)
        .collect();
    let mut w = SegmentWriter::new(dir.path(), 1 << 30);
    w.write_all(&data).unwrap();
    let (segs, _) = w.finish().unwrap();
    let list: Vec<SegmentSource> = segs.iter().map(|s| (s.name.clone(), s.sha256)).collect();
    let bag: Arc<dyn BagSource> = Arc::new(Fickle {
        inner: DirSource(dir.path().to_path_buf()),
        opens: Default::default(),
    });
    let mut r = SegmentReader::new(bag, list);
    let mut got = Vec::new();
    let err = loop {
        let mut buf = vec![0u8; 64 * 1024];
        match r.read(&mut buf) {
            Ok(0) => panic!("the changed chunk was released"),
            Ok(n) => got.extend_from_slice(&buf[..n]),
            Err(e) => break e,
        }
    };
    assert_eq!(got, data[..2 * CHECK_CHUNK]);
    let m = crate::error::typed_in::<SegmentMismatch>(&err).unwrap();
    assert!(m.changed, "{err}");
}

#[test]
fn empty_stream_is_one_empty_segment_and_nothing_is_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let (segs, _) = SegmentWriter::new(dir.path(), 100).finish().unwrap();
    assert_eq!(segs.len(), 1);
    assert_eq!(segs[0].size, 0);
    let mut w = SegmentWriter::new(dir.path(), 100);
    assert!(
        w.write_all(b"x").is_err(),
        "payload.000 exists and must not be overwritten"
    );
}
