//! Writing an image as a stream: the file data first, then the path tables,
//! directories and volume descriptors laid out after it.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs::OpenOptions;
use std::io::{self, Seek, SeekFrom, Write};
use std::path::Path;

use super::{both16, both32, VolumeMeta, FIRST_DATA_SECTOR, MAX_FILE, SECTOR};
use crate::pipeline::writebehind::WriteBehind;

struct WFile {
    path: String,
    sector: u64,
    size: u64,
}

/// Writes an ISO 9660 + Joliet image as a stream: files one after another, then
/// [`IsoWriter::finish`] adds the directories and descriptors.
pub struct IsoWriter {
    file: WriteBehind,
    sector: u64,
    files: Vec<WFile>,
    open: bool,
}

impl IsoWriter {
    /// Creates the image file (never overwriting one).
    pub fn create(path: &Path) -> io::Result<IsoWriter> {
        // Written from a thread of its own: a slow disk does not stall the pipeline.
        let created = {
            let _gate = crate::cleanup::gate();
            OpenOptions::new()
                .write(true)
                .read(true)
                .create_new(true)
                .open(path)?
        };
        let mut file = WriteBehind::new(created);
        file.write_all(&vec![0u8; (FIRST_DATA_SECTOR * SECTOR) as usize])?;
        Ok(IsoWriter {
            file,
            sector: FIRST_DATA_SECTOR,
            files: Vec::new(),
            open: false,
        })
    }

    /// Bytes of the image so far (descriptors and file data, without the directories).
    pub fn data_bytes(&self) -> u64 {
        self.sector * SECTOR
            + self
                .files
                .last()
                .filter(|_| self.open)
                .map_or(0, |f| f.size)
    }

    /// Where the last file ended so far lies in the image: byte offset and size.
    pub fn last_extent(&self) -> Option<(u64, u64)> {
        self.files.last().map(|f| (f.sector * SECTOR, f.size))
    }

    /// Starts a file at `path` (`/`-separated, relative to the image root).
    pub fn begin_file(&mut self, path: &str) -> io::Result<()> {
        assert!(!self.open, "begin_file while a file is open");
        if self.files.iter().any(|f| f.path == path) {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                crate::tr!("media-iso-already", path = path),
            ));
        }
        self.files.push(WFile {
            path: path.to_string(),
            sector: self.sector,
            size: 0,
        });
        self.open = true;
        Ok(())
    }

    /// Ends the open file: pads it to a sector boundary.
    pub fn end_file(&mut self) -> io::Result<()> {
        assert!(self.open, "end_file without a file");
        self.open = false;
        let size = self.files.last().expect("open").size;
        let sectors = size.div_ceil(SECTOR);
        let pad = sectors * SECTOR - size;
        self.file.write_all(&vec![0u8; pad as usize])?;
        self.sector += sectors;
        Ok(())
    }

    /// Writes out everything so far to the image file and fsyncs it (before the data
    /// is read back).
    pub fn sync(&mut self) -> io::Result<()> {
        self.file.sync_all()
    }

    /// Adds a whole small file.
    pub fn add_file(&mut self, path: &str, data: &[u8]) -> io::Result<()> {
        self.begin_file(path)?;
        self.write_all(data)?;
        self.end_file()
    }

    /// Writes the path tables, directories and volume descriptors, and syncs the image.
    /// Returns its size in bytes.
    pub fn finish(self, meta: &VolumeMeta) -> io::Result<u64> {
        assert!(!self.open, "finish while a file is open");
        let files: Vec<(String, u64, u64)> = self
            .files
            .iter()
            .map(|f| (f.path.clone(), f.sector, f.size))
            .collect();
        let (tail, descriptors, total) = layout(&files, self.sector, meta)?;
        let mut file = self.file.into_inner()?;
        file.seek(SeekFrom::Start(self.sector * SECTOR))?;
        file.write_all(&tail)?;
        // The volume descriptors last: until they are written the file is no image.
        file.seek(SeekFrom::Start(16 * SECTOR))?;
        file.write_all(&descriptors)?;
        file.sync_all()?;
        Ok(total * SECTOR)
    }
}

impl Write for IsoWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        assert!(self.open, "write without begin_file");
        let f = self.files.last_mut().expect("open");
        if f.size + buf.len() as u64 > MAX_FILE {
            return Err(io::Error::other(crate::tr!(
                "media-iso-file-too-large",
                path = f.path.as_str()
            )));
        }
        let n = self.file.write(buf)?;
        f.size += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file.flush()
    }
}

/// The metadata an image of these files needs beyond their data, in bytes (path
/// tables, directories, padding of the last file excluded): for capacity planning.
pub fn metadata_bytes(paths: &[&str]) -> u64 {
    let files: Vec<(String, u64, u64)> = paths.iter().map(|p| (p.to_string(), 0, 0)).collect();
    let meta = VolumeMeta {
        volume_id: String::new(),
        timestamp: 0,
    };
    layout(&files, 0, &meta).map_or(u64::MAX, |(tail, _, _)| tail.len() as u64)
}

/// The fixed part of every image: system area and volume descriptors.
pub const HEAD_BYTES: u64 = FIRST_DATA_SECTOR * SECTOR;

// ---------------------------------------------------------------------------------
// Layout

struct Dir {
    /// Full path ("" = root).
    path: String,
    /// Index of the parent in the directory list (root: itself).
    parent: usize,
    /// Child directories (indices) and files (indices into `files`), by real name.
    children: BTreeMap<String, Child>,
}

#[derive(Clone, Copy)]
enum Child {
    Dir(usize),
    File(usize),
}

/// Days since 1970-01-01 → (year, month, day), proleptic Gregorian (H. Hinnant).
pub(super) fn civil(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

pub(super) fn split_time(t: i64) -> (i64, u32, u32, u32, u32, u32) {
    let (y, mo, d) = civil(t.div_euclid(86_400));
    let s = t.rem_euclid(86_400);
    (
        y,
        mo,
        d,
        (s / 3600) as u32,
        (s / 60 % 60) as u32,
        (s % 60) as u32,
    )
}

/// ECMA-119 §9.1.5: seven bytes, years since 1900, GMT offset 0.
pub(super) fn record_date(t: i64) -> [u8; 7] {
    let (y, mo, d, h, mi, s) = split_time(t);
    [
        (y - 1900).clamp(0, 255) as u8,
        mo as u8,
        d as u8,
        h as u8,
        mi as u8,
        s as u8,
        0,
    ]
}

/// ECMA-119 §8.4.26.1: "YYYYMMDDHHMMSScc" and a GMT offset byte.
pub(super) fn volume_date(t: i64) -> [u8; 17] {
    let (y, mo, d, h, mi, s) = split_time(t);
    let text = format!("{:04}{mo:02}{d:02}{h:02}{mi:02}{s:02}00", y.clamp(0, 9999));
    let mut b = [0u8; 17];
    b[..16].copy_from_slice(text.as_bytes());
    b
}

/// A level-1 (8.3) d-character name, made unique within its directory by `taken`.
pub(super) fn primary_name(name: &str, dir: bool, taken: &mut HashSet<Vec<u8>>) -> Vec<u8> {
    let clean = |s: &str, n: usize| -> String {
        s.chars()
            .map(|c| match c.to_ascii_uppercase() {
                c @ ('A'..='Z' | '0'..='9' | '_') => c,
                _ => '_',
            })
            .take(n)
            .collect()
    };
    let (base, ext) = match name.rsplit_once('.') {
        Some((b, e)) if !dir && !b.is_empty() => (b, e),
        _ => (name, ""),
    };
    let base = clean(base, 8);
    let ext = clean(ext, 3);
    for i in 0u32.. {
        let b = if i == 0 {
            base.clone()
        } else {
            let suffix = format!("~{i}");
            let keep = 8usize.saturating_sub(suffix.len()).min(base.len());
            format!("{}{suffix}", &base[..keep])
        };
        let id = if dir { b } else { format!("{b}.{ext};1") };
        if taken.insert(id.as_bytes().to_vec()) {
            return id.into_bytes();
        }
    }
    unreachable!("u32 suffixes run out")
}

pub(super) fn joliet_name(name: &str) -> io::Result<Vec<u8>> {
    let units: Vec<u16> = name.encode_utf16().collect();
    if units.len() > 64 {
        return Err(io::Error::other(crate::tr!(
            "media-iso-joliet-too-long",
            name = name
        )));
    }
    Ok(units.iter().flat_map(|u| u.to_be_bytes()).collect())
}

pub(super) fn dir_record(id: &[u8], sector: u64, size: u64, dir: bool, t: i64) -> Vec<u8> {
    let len = 33 + id.len() + (id.len() + 1) % 2;
    let mut r = vec![0u8; len];
    r[0] = len as u8;
    r[2..10].copy_from_slice(&both32(sector as u32));
    r[10..18].copy_from_slice(&both32(size as u32));
    r[18..25].copy_from_slice(&record_date(t));
    r[25] = if dir { 2 } else { 0 };
    r[28..32].copy_from_slice(&both16(1));
    r[32] = id.len() as u8;
    r[33..33 + id.len()].copy_from_slice(id);
    r
}

/// Packs records into sectors; a record never crosses a sector boundary (§6.8.1.1).
pub(super) fn pack(records: &[Vec<u8>]) -> Vec<u8> {
    let mut out = Vec::new();
    for r in records {
        let used = out.len() as u64 % SECTOR;
        if used + r.len() as u64 > SECTOR {
            out.resize(out.len().next_multiple_of(SECTOR as usize), 0);
        }
        out.extend_from_slice(r);
    }
    out.resize(
        out.len()
            .next_multiple_of(SECTOR as usize)
            .max(SECTOR as usize),
        0,
    );
    out
}

/// Each directory's children: identifier and what it is.
type Ids = Vec<Vec<(Vec<u8>, Child)>>;

/// One tree (primary or Joliet): each directory's child identifiers, sorted as
/// ECMA-119 §9.3 wants.
fn identifiers(dirs: &[Dir], joliet: bool) -> io::Result<Ids> {
    let mut out = Vec::new();
    for d in dirs {
        let mut taken = HashSet::new();
        let mut ids = Vec::new();
        for (name, child) in &d.children {
            let id = if joliet {
                joliet_name(name)?
            } else {
                primary_name(name, matches!(child, Child::Dir(_)), &mut taken)
            };
            ids.push((id, *child));
        }
        ids.sort_by(|a, b| a.0.cmp(&b.0));
        out.push(ids);
    }
    Ok(out)
}

type Layout = (Vec<u8>, Vec<u8>, u64);

/// Lays out the metadata after the data (which ends at sector `start`). Returns the
/// bytes to append there, the three volume descriptors, and the image size in sectors.
fn layout(files: &[(String, u64, u64)], start: u64, meta: &VolumeMeta) -> io::Result<Layout> {
    let tree = Tree::of(files)?;
    let t = meta.timestamp;
    let trees = [
        identifiers(&tree.dirs, false)?,
        identifiers(&tree.dirs, true)?,
    ];
    // Sizes first (they depend only on names), then places.
    let sizes = dir_sizes(&trees, t);
    let places = tree.places(&trees, &sizes, start);
    let tail = tree.tail(files, &trees, &sizes, &places, t);
    let desc = volume_descriptors(meta, &places, &sizes, t);
    Ok((tail, desc, places.total))
}

/// The directory tree of an image, and its breadth-first order (the path table order,
/// §9.4) with each directory's place in it.
struct Tree {
    dirs: Vec<Dir>,
    order: Vec<usize>,
    position: HashMap<usize, usize>,
}

/// Where a tree's metadata goes: each tree's path table size, sectors and places (L,
/// M), each directory's sector, and the image's size in sectors.
struct Places {
    pt_size: [u64; 2],
    pt_sectors: [u64; 2],
    pt_loc: [[u64; 2]; 2],
    loc: [Vec<u64>; 2],
    total: u64,
}

/// Each directory's size in each tree (primary, Joliet), from its records.
fn dir_sizes(trees: &[Ids; 2], t: i64) -> [Vec<u64>; 2] {
    let n = trees[0].len();
    let mut sizes = [vec![0u64; n], vec![0u64; n]];
    for (tree, ids) in trees.iter().enumerate() {
        for (d, children) in ids.iter().enumerate() {
            let mut records = vec![
                dir_record(&[0], 0, 0, true, t),
                dir_record(&[1], 0, 0, true, t),
            ];
            for (id, child) in children {
                records.push(dir_record(id, 0, 0, matches!(child, Child::Dir(_)), t));
            }
            sizes[tree][d] = pack(&records).len() as u64;
        }
    }
    sizes
}

impl Tree {
    /// The tree of `files`' paths, numbered breadth-first.
    fn of(files: &[(String, u64, u64)]) -> io::Result<Tree> {
        // The directory tree, in breadth-first order (the path table order, §9.4).
        let mut dirs = vec![Dir {
            path: String::new(),
            parent: 0,
            children: BTreeMap::new(),
        }];
        for (i, (path, _, _)) in files.iter().enumerate() {
            let parts: Vec<&str> = path.split('/').collect();
            if parts.len() > 8 || parts.iter().any(|p| p.is_empty()) {
                return Err(io::Error::other(crate::tr!(
                    "media-iso-cannot-store",
                    path = path.as_str()
                )));
            }
            let mut cur = 0;
            for (depth, part) in parts.iter().enumerate() {
                let last = depth + 1 == parts.len();
                match (dirs[cur].children.get(*part).copied(), last) {
                    (Some(Child::Dir(d)), false) => cur = d,
                    (None, false) => {
                        let d = dirs.len();
                        let p = if dirs[cur].path.is_empty() {
                            part.to_string()
                        } else {
                            format!("{}/{part}", dirs[cur].path)
                        };
                        dirs.push(Dir {
                            path: p,
                            parent: cur,
                            children: BTreeMap::new(),
                        });
                        dirs[cur].children.insert(part.to_string(), Child::Dir(d));
                        cur = d;
                    }
                    (None, true) => {
                        dirs[cur].children.insert(part.to_string(), Child::File(i));
                    }
                    _ => {
                        return Err(io::Error::other(crate::tr!(
                            "media-iso-clash",
                            path = path.as_str()
                        )))
                    }
                }
            }
        }
        // Breadth-first numbering: sort by (depth, parent number, name) — creation order
        // above is depth-first, so renumber.
        let mut order: Vec<usize> = vec![0];
        let mut i = 0;
        while i < order.len() {
            let d = order[i];
            for c in dirs[d].children.values() {
                if let Child::Dir(c) = c {
                    order.push(*c);
                }
            }
            i += 1;
        }
        let position: HashMap<usize, usize> =
            order.iter().enumerate().map(|(n, d)| (*d, n)).collect();
        Ok(Tree {
            dirs,
            order,
            position,
        })
    }

    /// One path table (§9.4) of a tree whose directories are at `loc`: little-endian,
    /// or big-endian (`big`).
    fn path_table(&self, ids: &[Vec<(Vec<u8>, Child)>], loc: &[u64], big: bool) -> Vec<u8> {
        let dirs = &self.dirs;
        let mut out = Vec::new();
        for &d in &self.order {
            let id: Vec<u8> = if d == 0 {
                vec![0]
            } else {
                let parent = dirs[d].parent;
                ids[parent]
                    .iter()
                    .find(|(_, c)| matches!(c, Child::Dir(x) if *x == d))
                    .map(|(id, _)| id.clone())
                    .expect("child listed")
            };
            out.push(id.len() as u8);
            out.push(0);
            let l = loc[d] as u32;
            let p = (self.position[&dirs[d].parent] + 1) as u16;
            if big {
                out.extend_from_slice(&l.to_be_bytes());
                out.extend_from_slice(&p.to_be_bytes());
            } else {
                out.extend_from_slice(&l.to_le_bytes());
                out.extend_from_slice(&p.to_le_bytes());
            }
            out.extend_from_slice(&id);
            if id.len() % 2 == 1 {
                out.push(0);
            }
        }
        out
    }

    /// Places the path tables, then the directories, from sector `start`.
    fn places(&self, trees: &[Ids; 2], sizes: &[Vec<u64>; 2], start: u64) -> Places {
        let n = self.dirs.len();
        // Path table sizes do not depend on locations.
        let zero = vec![0u64; n];
        let pt_size = [
            self.path_table(&trees[0], &zero, false).len() as u64,
            self.path_table(&trees[1], &zero, false).len() as u64,
        ];
        let pt_sectors = [
            pt_size[0].div_ceil(SECTOR).max(1),
            pt_size[1].div_ceil(SECTOR).max(1),
        ];
        let mut next = start;
        let mut pt_loc = [[0u64; 2]; 2];
        for tree in 0..2 {
            for slot in pt_loc[tree].iter_mut() {
                *slot = next;
                next += pt_sectors[tree];
            }
        }
        let mut loc = [vec![0u64; n], vec![0u64; n]];
        for tree in 0..2 {
            for &d in &self.order {
                loc[tree][d] = next;
                next += sizes[tree][d] / SECTOR;
            }
        }
        Places {
            pt_size,
            pt_sectors,
            pt_loc,
            loc,
            total: next,
        }
    }

    /// The bytes after the data: both trees' path tables (L, M), then their
    /// directories.
    fn tail(
        &self,
        files: &[(String, u64, u64)],
        trees: &[Ids; 2],
        sizes: &[Vec<u64>; 2],
        places: &Places,
        t: i64,
    ) -> Vec<u8> {
        let loc = &places.loc;
        let mut tail = Vec::new();
        for tree in 0..2 {
            for big in [false, true] {
                let mut pt = self.path_table(&trees[tree], &loc[tree], big);
                pt.resize((places.pt_sectors[tree] * SECTOR) as usize, 0);
                tail.extend_from_slice(&pt);
            }
        }
        for tree in 0..2 {
            for &d in &self.order {
                let parent = self.dirs[d].parent;
                let mut records = vec![
                    dir_record(&[0], loc[tree][d], sizes[tree][d], true, t),
                    dir_record(&[1], loc[tree][parent], sizes[tree][parent], true, t),
                ];
                for (id, child) in &trees[tree][d] {
                    records.push(match child {
                        Child::Dir(c) => dir_record(id, loc[tree][*c], sizes[tree][*c], true, t),
                        Child::File(f) => {
                            let (_, sector, size) = &files[*f];
                            dir_record(id, *sector, *size, false, t)
                        }
                    });
                }
                tail.extend_from_slice(&pack(&records));
            }
        }
        tail
    }
}

/// The primary and Joliet volume descriptors and the set terminator (ECMA-119 §8.4,
/// §8.5, §8.3).
fn volume_descriptors(
    meta: &VolumeMeta,
    places: &Places,
    sizes: &[Vec<u64>; 2],
    t: i64,
) -> Vec<u8> {
    let (total, loc) = (places.total, &places.loc);
    let mut desc = vec![0u8; 3 * SECTOR as usize];
    for tree in 0..2 {
        let v = &mut desc[tree * SECTOR as usize..(tree + 1) * SECTOR as usize];
        v[0] = if tree == 0 { 1 } else { 2 };
        v[1..6].copy_from_slice(b"CD001");
        v[6] = 1;
        let text = |s: &str, n: usize| -> Vec<u8> {
            if tree == 0 {
                let mut b: Vec<u8> = s.bytes().take(n).collect();
                b.resize(n, b' ');
                b
            } else {
                let mut b: Vec<u8> = s
                    .encode_utf16()
                    .take(n / 2)
                    .flat_map(|u| u.to_be_bytes())
                    .collect();
                while b.len() < n {
                    b.extend_from_slice(&[0, b' ']);
                }
                b.truncate(n);
                b
            }
        };
        v[8..40].copy_from_slice(&text("LINUX", 32));
        v[40..72].copy_from_slice(&text(&meta.volume_id, 32));
        v[80..88].copy_from_slice(&both32(total as u32));
        if tree == 1 {
            // Joliet UCS-2 level 3 (the Joliet specification, 1995).
            v[88..91].copy_from_slice(b"%/E");
        }
        v[120..124].copy_from_slice(&both16(1));
        v[124..128].copy_from_slice(&both16(1));
        v[128..132].copy_from_slice(&both16(SECTOR as u16));
        v[132..140].copy_from_slice(&both32(places.pt_size[tree] as u32));
        v[140..144].copy_from_slice(&(places.pt_loc[tree][0] as u32).to_le_bytes());
        v[148..152].copy_from_slice(&(places.pt_loc[tree][1] as u32).to_be_bytes());
        let root = dir_record(&[0], loc[tree][0], sizes[tree][0], true, t);
        v[156..190].copy_from_slice(&root);
        v[190..318].copy_from_slice(&text("", 128));
        v[318..446].copy_from_slice(&text("", 128));
        v[446..574].copy_from_slice(&text("", 128));
        v[574..702].copy_from_slice(&text("ISOU", 128));
        v[702..813].copy_from_slice(&text("", 111));
        v[813..830].copy_from_slice(&volume_date(t));
        v[830..847].copy_from_slice(&volume_date(t));
        // Expiration and effective dates "not specified" (§8.4.26.1): digits zero.
        v[847..863].copy_from_slice(b"0000000000000000");
        v[864..880].copy_from_slice(b"0000000000000000");
        v[881] = 1;
    }
    let term = &mut desc[2 * SECTOR as usize..];
    term[0] = 255;
    term[1..6].copy_from_slice(b"CD001");
    term[6] = 1;
    desc
}

// ---------------------------------------------------------------------------------
// Reading
