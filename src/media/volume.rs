//! Volumes and sets: one medium of a shipment (a folder or an ISO 9660 image), and
//! shipments spread over several media.
//!
//! Each volume is a complete, signed bag of its own (RFC 8493 `Bag-Count: k of n`, one
//! `Bag-Group-Identifier` = the shipment id). Segment names run on across the set
//! (`payload.000…002` on volume 1, `payload.003…` on volume 2), so copying every
//! volume's `data/` into one folder still recovers with `cat data/payload.* | age -d`.
//! With compression the final size is unknown in advance, so the set is planned as it
//! is written: a segment is cut where the volume's room ends, the room counting the tag
//! files and (for images) the ISO 9660 directories still to come, so no volume is ever
//! overfull. A volume that must be handed back before the end (a USB stick swapped for
//! the next) cannot know the total and says `k of ?` (RFC 8493 §2.2.2 allows `?`);
//! the last volume always says `n of n`.

use std::collections::VecDeque;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::bag::source::{BagSource, DirSource};
use crate::media::iso::{self, IsoImage, IsoWriter, VolumeMeta};
use crate::pipeline::segments::{segment_name, Segment, SegmentSink};
use crate::pipeline::writebehind::WriteBehind;

/// The kinds of media isou writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MediumType {
    /// A USB stick (or any folder).
    Usb,
    /// CD-R, 80 minutes.
    CdR,
    /// DVD-R / DVD+R, 4.7 GB.
    DvdR,
    /// BD-R, 25 GB.
    BdR,
}

impl MediumType {
    /// The name in `bag-info.txt` and the records (資料の形態).
    pub fn label(self) -> &'static str {
        match self {
            MediumType::Usb => "USBメモリ",
            MediumType::CdR => "CD-R",
            MediumType::DvdR => "DVD-R",
            MediumType::BdR => "BD-R",
        }
    }

    /// The disc's capacity in bytes (sectors × 2048, DESIGN.md); `None` for folders.
    /// DVD uses DVD+R's 2,295,104 sectors, the smaller of DVD-R and DVD+R.
    pub fn capacity(self) -> Option<u64> {
        match self {
            MediumType::Usb => None,
            MediumType::CdR => Some(360_000 * iso::SECTOR),
            MediumType::DvdR => Some(2_295_104 * iso::SECTOR),
            MediumType::BdR => Some(12_219_392 * iso::SECTOR),
        }
    }

    /// What isou fills at most: the capacity less a 1% safety margin (drives that
    /// cannot write the last sectors, run-out blocks), in whole sectors.
    pub fn usable(self) -> Option<u64> {
        self.capacity()
            .map(|c| (c - c / 100) / iso::SECTOR * iso::SECTOR)
    }

    /// Whether it is an optical disc (written as ISO images).
    pub fn is_disc(self) -> bool {
        self != MediumType::Usb
    }
}

impl std::str::FromStr for MediumType {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        Ok(match s.to_ascii_lowercase().as_str() {
            "usb" | "usbメモリ" | "folder" => MediumType::Usb,
            "cd-r" | "cd" | "cdr" => MediumType::CdR,
            "dvd-r" | "dvd+r" | "dvd" | "dvdr" => MediumType::DvdR,
            "bd-r" | "bd" | "bdr" => MediumType::BdR,
            _ => {
                return Err(crate::tr!(
                    "media-type-unknown",
                    name = format!("{:?}", crate::untrusted::sanitize(s))
                ))
            }
        })
    }
}

/// `Bag-Count: k of n` (RFC 8493 §2.2.2); `n` is `None` for `k of ?`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BagCount {
    /// This volume's number, from 1.
    pub k: usize,
    /// How many volumes the set has, if known.
    pub n: Option<usize>,
}

/// The most volumes a set may have. Every volume holds at least one payload segment
/// and a payload has at most [`crate::pipeline::segments::MAX_SEGMENTS`] of them; a set
/// of discs has a few hundred volumes at the very most. A count from a medium is
/// checked against this before anything is sized by it: `Bag-Count: 1 of 20000000`
/// once built a list of twenty million missing volumes (1.4 GB), and `1 of 2^64-1`
/// aborted on allocation.
pub const MAX_VOLUMES: usize = crate::pipeline::segments::MAX_SEGMENTS;

impl BagCount {
    /// Parses `k of n` or `k of ?` (RFC 8493 §2.2.2); `None` when it is not that form,
    /// or counts more than [`MAX_VOLUMES`] volumes.
    pub fn parse(s: &str) -> Option<BagCount> {
        let (k, n) = s.split_once(" of ")?;
        let k = k.trim();
        // Digits only (no sign, no `+`), and few enough to mean at most MAX_VOLUMES.
        let number = |t: &str| -> Option<usize> {
            if t.is_empty() || t.len() > 4 || !t.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            t.parse().ok().filter(|v| (1..=MAX_VOLUMES).contains(v))
        };
        let k = number(k)?;
        let n = match n.trim() {
            "?" => None,
            n => Some(number(n).filter(|n| *n >= k)?),
        };
        Some(BagCount { k, n })
    }
}

impl std::fmt::Display for BagCount {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.n {
            Some(n) => write!(f, "{} of {n}", self.k),
            None => write!(f, "{} of ?", self.k),
        }
    }
}

/// Opens a medium for reading: a folder (a mounted USB stick or disc), or an ISO 9660
/// image file or optical drive read directly.
pub fn open_medium(path: &Path) -> io::Result<Arc<dyn BagSource>> {
    let m = fs::metadata(path)?;
    if m.is_dir() {
        Ok(Arc::new(DirSource(path.to_path_buf())))
    } else if m.is_file() || crate::platform::is_block_device(&m.file_type()) {
        Ok(Arc::new(IsoImage::open(path)?))
    } else {
        Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            crate::bag::validate::both::tr!("media-neither-folder-nor-iso"),
        ))
    }
}

/// The tag files of one volume, rendered by the caller (bag-info, manifests, README,
/// signature), and upper bounds of their sizes for planning.
pub trait TagMaker {
    /// The tag files for a volume holding `segments`, in writing order (`bagit.txt`
    /// last), and the tag manifest's SHA-256.
    fn render(
        &self,
        segments: &[Segment],
        count: BagCount,
    ) -> io::Result<crate::bag::write::RenderedTags>;
    /// Each tag file's name and largest possible size for a volume of `n` segments.
    fn bounds(&self, n: usize) -> Vec<(String, u64)>;
}

/// Payload room below which a volume is considered full (one STREAM chunk).
pub const MIN_ROOM: u64 = 64 * 1024;
/// Free space left unused on a folder medium of a set (file system slack).
const FOLDER_MARGIN: u64 = 4 * 1024 * 1024;
/// Per file on a folder medium: at most one cluster of slack (FAT32 uses ≤ 32 KiB).
const FOLDER_SLACK: u64 = 64 * 1024;

/// Where a set's volumes go.
pub enum Layout<'a> {
    /// Folders: the first medium, more given up front, and a way to ask for the next
    /// when those run out. `volume_size` caps each volume; without it and with only one
    /// folder, the medium is simply filled (one volume) — the default.
    Folders {
        /// Largest bag per medium, in bytes.
        volume_size: Option<u64>,
        /// Further media given up front.
        more: Vec<PathBuf>,
        /// Asks for medium `k` (from 1) when the given ones are used up; `None` = stop.
        ask: Option<&'a mut dyn FnMut(usize) -> Option<PathBuf>>,
    },
    /// ISO images in a folder, each at most `volume_size` bytes.
    Images {
        /// Largest image, in bytes.
        volume_size: u64,
    },
}

impl Default for Layout<'_> {
    fn default() -> Self {
        Layout::Folders {
            volume_size: None,
            more: Vec::new(),
            ask: None,
        }
    }
}

enum Store {
    /// A folder volume, held open by descriptor from its check to its last write and
    /// written only through it (issue 15 item 2): a medium path changed afterwards (to
    /// the extract, say) never receives a byte, and is found out before the bag is
    /// finished.
    Folder {
        /// `/proc/self/fd/N` of `held`: every write, read-back and removal goes through
        /// it, whatever `shown` leads to now.
        root: PathBuf,
        /// The folder as the user named it (for messages and the summary).
        shown: PathBuf,
        /// The folder, open.
        held: File,
        /// Its device and inode, to tell whether `shown` still leads to it.
        id: (u64, u64),
        file: Option<WriteBehind>,
    },
    Image {
        writer: Option<IsoWriter>,
        tmp: PathBuf,
    },
}

/// What was written on one volume.
#[derive(Clone, Debug, serde::Serialize)]
pub struct VolumeSummary {
    /// `k` of the set.
    pub number: usize,
    /// The folder, or the image file.
    pub location: PathBuf,
    /// Segment files on it.
    pub segments: Vec<String>,
    /// Bytes of payload on it.
    pub payload_bytes: u64,
    /// Bytes of the whole image (images only).
    pub image_bytes: Option<u64>,
    /// SHA-256 of its `tagmanifest-sha256.txt`.
    pub manifest_sha256: String,
    /// `Bag-Count` written.
    pub bag_count: String,
}

struct Volume {
    number: usize,
    store: Store,
    segments: Vec<Segment>,
    capacity: u64,
    first_segment: usize,
    /// Written, signed and read back (and possibly handed back to the user).
    done: Option<VolumeSummary>,
}

/// Why a volume could not be prepared.
#[derive(Debug)]
pub enum VolumeError {
    /// The volume size leaves no room for the payload after the bag's own files.
    TooSmall {
        /// The size given.
        size: u64,
        /// The smallest that works.
        minimum: u64,
    },
    /// A folder given for a volume is not usable (missing, or not a folder): the folder,
    /// and the error of opening it.
    Unusable(PathBuf, io::Error),
    /// The folder held for a volume is the extract, lies inside it or holds it, when it
    /// is opened or before its bag is finished (a path changed, or the folder moved,
    /// after the command's checks).
    Overlap {
        /// The medium as given.
        medium: PathBuf,
        /// The extract as given.
        extract: PathBuf,
    },
    /// The medium's path no longer leads to the folder being written (changed while
    /// sealing); what was written there is removed.
    Changed(PathBuf),
    /// More media were needed and none was given.
    NeedMore(usize),
}

impl std::fmt::Display for VolumeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            VolumeError::TooSmall { size, minimum } => f.write_str(&crate::tr!(
                "media-volume-too-small",
                size = size.to_string(),
                minimum = minimum.to_string()
            )),
            VolumeError::Unusable(p, why) => f.write_str(&crate::tr!(
                "media-volume-unusable",
                medium = p.display().to_string(),
                why = why.to_string()
            )),
            VolumeError::Overlap { medium, extract } => f.write_str(&crate::tr!(
                "media-volume-overlap",
                medium = crate::untrusted::sanitize(&medium.display().to_string()),
                extract = crate::untrusted::sanitize(&extract.display().to_string())
            )),
            VolumeError::Changed(p) => f.write_str(&crate::tr!(
                "media-volume-changed",
                medium = crate::untrusted::sanitize(&p.display().to_string())
            )),
            VolumeError::NeedMore(k) => f.write_str(&crate::tr!(
                "media-volume-need-more",
                volume = k.to_string()
            )),
        }
    }
}

impl std::error::Error for VolumeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            VolumeError::Unusable(_, e) => Some(e),
            _ => None,
        }
    }
}

fn verr(e: VolumeError) -> io::Error {
    io::Error::other(e)
}

struct ReadJob {
    volume: usize,
    name: String,
    path: PathBuf,
    offset: u64,
    len: u64,
    want: [u8; 32],
}

#[derive(Default)]
struct ReadState {
    done: usize,
    problems: Vec<(usize, String)>,
}

/// Reads each finished segment back from the medium, on a thread of its own while the
/// next segment is written (as burning software verifies a disc), and compares its
/// SHA-256 with the one computed while writing. The page cache is dropped first
/// (`posix_fadvise`), so the bytes come from the medium where the system allows it.
struct ReadBack {
    tx: Option<std::sync::mpsc::Sender<ReadJob>>,
    state: Arc<(std::sync::Mutex<ReadState>, std::sync::Condvar)>,
    thread: Option<std::thread::JoinHandle<()>>,
    submitted: usize,
}

impl ReadBack {
    fn new() -> ReadBack {
        let (tx, rx) = std::sync::mpsc::channel::<ReadJob>();
        let state: Arc<(std::sync::Mutex<ReadState>, std::sync::Condvar)> = Default::default();
        let st = state.clone();
        let thread = std::thread::Builder::new()
            .name("isou-readback".into())
            .spawn(move || {
                for job in rx {
                    let r = read_back(&job);
                    let (m, cv) = &*st;
                    let mut s = m.lock().expect("no panics while held");
                    s.done += 1;
                    if let Err(why) = r {
                        s.problems.push((
                            job.volume,
                            crate::tr!(
                                "media-read-back-problem",
                                file = format!("data/{}", job.name),
                                why = why
                            ),
                        ));
                    }
                    cv.notify_all();
                }
            })
            .expect("spawning the read-back thread");
        ReadBack {
            tx: Some(tx),
            state,
            thread: Some(thread),
            submitted: 0,
        }
    }

    fn submit(&mut self, job: ReadJob) {
        self.submitted += 1;
        self.tx
            .as_ref()
            .expect("open")
            .send(job)
            .expect("the read-back thread lives as long as the sink");
    }

    /// Waits for every submitted segment; returns the problems found on `volume`.
    fn wait(&self, volume: usize) -> Vec<String> {
        let (m, cv) = &*self.state;
        let mut s = m.lock().expect("no panics while held");
        while s.done < self.submitted {
            s = cv.wait(s).expect("no panics while held");
        }
        s.problems
            .iter()
            .filter(|(v, _)| *v == volume)
            .map(|(_, p)| p.clone())
            .collect()
    }
}

impl Drop for ReadBack {
    fn drop(&mut self) {
        drop(self.tx.take());
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn read_back(job: &ReadJob) -> Result<(), String> {
    use sha2::{Digest, Sha256};
    use std::io::{Read, Seek, SeekFrom};
    let unreadable = |e: io::Error| crate::tr!("media-read-back-unreadable", error = e.to_string());
    let mut f = File::open(&job.path).map_err(unreadable)?;
    crate::platform::drop_cache(&f, job.offset, job.len);
    f.seek(SeekFrom::Start(job.offset)).map_err(unreadable)?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    let mut r = f.take(job.len);
    let mut n = 0u64;
    loop {
        let k = r.read(&mut buf).map_err(unreadable)?;
        if k == 0 {
            break;
        }
        h.update(&buf[..k]);
        n += k as u64;
    }
    if n != job.len || <[u8; 32]>::from(h.finalize()) != job.want {
        return Err(crate::tr!("media-read-back-differs"));
    }
    Ok(())
}

/// Writes the segments of a shipment over the volumes of a set (see the module docs).
pub struct SetSink<'a> {
    volumes: Vec<Volume>,
    images: Option<(PathBuf, u64)>,
    folder_size: Option<u64>,
    more: VecDeque<PathBuf>,
    ask: Option<&'a mut dyn FnMut(usize) -> Option<PathBuf>>,
    tags: Box<dyn TagMaker + 'a>,
    meta: VolumeMeta,
    name_prefix: String,
    notify: &'a dyn Fn(&str),
    set_mode: bool,
    guards: Vec<crate::cleanup::Guard>,
    readback: ReadBack,
    /// The extract's inputs, canonical and as given: no folder volume may be one of
    /// them, lie inside one or hold one.
    apart: Vec<(PathBuf, PathBuf)>,
}

/// Marks an image still being written (`.NAME-K.iso.isou-partial-PID-BOOT`): it is
/// renamed to `NAME-KofN.iso` only when the whole set is written and read back.
pub const PARTIAL_MARK: &str = ".isou-partial-";

impl<'a> SetSink<'a> {
    /// Prepares a set starting at `first` (a folder, or the output folder for images).
    /// Image files are named `<name_prefix>-<k>of<n>.iso`.
    pub fn new(
        first: &Path,
        layout: Layout<'a>,
        tags: Box<dyn TagMaker + 'a>,
        meta: VolumeMeta,
        name_prefix: &str,
        notify: &'a dyn Fn(&str),
        apart: Vec<(PathBuf, PathBuf)>,
    ) -> io::Result<SetSink<'a>> {
        let mut sink = SetSink {
            volumes: Vec::new(),
            images: None,
            folder_size: None,
            more: VecDeque::new(),
            ask: None,
            tags,
            meta,
            name_prefix: name_prefix.to_string(),
            notify,
            set_mode: false,
            guards: Vec::new(),
            readback: ReadBack::new(),
            apart,
        };
        match layout {
            Layout::Images { volume_size } => {
                sink.images = Some((first.to_path_buf(), volume_size));
                sink.set_mode = true;
                let minimum = sink.minimum_size(true);
                if volume_size < minimum {
                    return Err(verr(VolumeError::TooSmall {
                        size: volume_size,
                        minimum,
                    }));
                }
            }
            Layout::Folders {
                volume_size,
                more,
                ask,
            } => {
                sink.set_mode = volume_size.is_some() || !more.is_empty();
                sink.folder_size = volume_size;
                sink.more = more.into();
                sink.ask = ask.filter(|_| volume_size.is_some());
                if let Some(size) = volume_size {
                    let minimum = sink.minimum_size(false);
                    if size < minimum {
                        return Err(verr(VolumeError::TooSmall { size, minimum }));
                    }
                }
            }
        }
        sink.open_volume(Some(first.to_path_buf()))?;
        Ok(sink)
    }

    /// The smallest volume that holds one segment of [`MIN_ROOM`] bytes.
    fn minimum_size(&self, image: bool) -> u64 {
        self.overhead(image, 0, 1) + MIN_ROOM
    }

    /// Bytes a volume needs besides its payload when it holds `n` segments from `first`.
    fn overhead(&self, image: bool, first: usize, n: usize) -> u64 {
        let bounds = self.tags.bounds(n);
        if image {
            let mut paths: Vec<String> = bounds.iter().map(|(p, _)| p.clone()).collect();
            paths.extend((first..first + n).map(|i| format!("data/{}", segment_name(i))));
            let refs: Vec<&str> = paths.iter().map(String::as_str).collect();
            iso::HEAD_BYTES
                + iso::metadata_bytes(&refs)
                + bounds
                    .iter()
                    .map(|(_, s)| s.div_ceil(iso::SECTOR) * iso::SECTOR)
                    .sum::<u64>()
                // The last segment's padding to a sector.
                + iso::SECTOR
        } else {
            let slack = if self.set_mode {
                FOLDER_SLACK * (bounds.len() + n) as u64
            } else {
                0
            };
            bounds.iter().map(|(_, s)| s).sum::<u64>() + slack
        }
    }

    fn open_volume(&mut self, folder: Option<PathBuf>) -> io::Result<()> {
        let number = self.volumes.len() + 1;
        let first_segment = self
            .volumes
            .last()
            .map_or(0, |v| v.first_segment + v.segments.len());
        let (store, capacity) = if let Some((dir, size)) = &self.images {
            // Named with its owner, so a later run can remove it if this one is killed.
            let tmp = dir.join(format!(
                ".{}-{number}.iso{PARTIAL_MARK}{}",
                self.name_prefix,
                crate::cleanup::owner_tag()
            ));
            self.guards.push(crate::cleanup::register(&tmp));
            (
                Store::Image {
                    writer: Some(IsoWriter::create(&tmp)?),
                    tmp,
                },
                *size,
            )
        } else {
            let shown = folder.ok_or_else(|| verr(VolumeError::NeedMore(number)))?;
            let (held, root, id) = self.hold(&shown)?;
            let data = root.join("data");
            {
                let _gate = crate::cleanup::gate();
                fs::create_dir(&data)?;
                self.guards.push(crate::cleanup::register(&data));
            }
            let capacity = if self.set_mode {
                let free = crate::media::free_space(&root)
                    .map_or(u64::MAX, |f| f.saturating_sub(FOLDER_MARGIN));
                free.min(self.folder_size.unwrap_or(u64::MAX))
            } else {
                u64::MAX
            };
            (
                Store::Folder {
                    root,
                    shown,
                    held,
                    id,
                    file: None,
                },
                capacity,
            )
        };
        self.volumes.push(Volume {
            number,
            store,
            segments: Vec::new(),
            capacity,
            first_segment,
            done: None,
        });
        Ok(())
    }

    /// Opens the folder `shown` for a volume (following the user's own links to it) and
    /// checks what was opened, by its canonical path, against the extract: the
    /// command's checks of the path ran earlier, and the path may have changed since
    /// (issue 15 item 2). Returns the folder, a path through its descriptor, and its
    /// device and inode.
    fn hold(&self, shown: &Path) -> io::Result<(File, PathBuf, (u64, u64))> {
        let unusable = |e: io::Error| verr(VolumeError::Unusable(shown.to_path_buf(), e));
        let (held, through) =
            crate::platform::hold_dir(shown, crate::platform::Hold::Follow).map_err(unusable)?;
        let id = crate::platform::file_id(&held)
            .ok_or_else(|| unusable(io::Error::new(io::ErrorKind::Unsupported, "no file id")))?;
        let real = crate::platform::held_now(&through)?;
        if let Some(given) = self.overlap_of(&real) {
            return Err(verr(VolumeError::Overlap {
                medium: shown.to_path_buf(),
                extract: given,
            }));
        }
        Ok((held, through, id))
    }

    /// The input (as the user gave it) that the folder now at `real` is, lies inside
    /// or holds: by canonical path and by device and inode up the folder chain, like
    /// the command's own check, so a bind mount or a second mount of the extract is
    /// the extract (red team 15, finding 01).
    fn overlap_of(&self, real: &Path) -> Option<PathBuf> {
        let canonical_hit = self
            .apart
            .iter()
            .find(|(canonical, _)| real.starts_with(canonical) || canonical.starts_with(real))
            .map(|(_, given)| given.clone());
        let given: Vec<PathBuf> = self.apart.iter().map(|(_, g)| g.clone()).collect();
        canonical_hit.or_else(
            || match super::swap::check_overlap(&given, &[real.to_path_buf()]) {
                Err(super::SealError::Overlap { extract, .. }) => Some(extract),
                _ => None,
            },
        )
    }

    /// Room for one more segment on the current volume.
    fn room(&self) -> u64 {
        let v = self.volumes.last().expect("a volume is open");
        if v.capacity == u64::MAX {
            return u64::MAX;
        }
        let n = v.segments.len() + 1;
        match &v.store {
            Store::Image { writer, .. } => {
                let used = writer.as_ref().map_or(0, |w| w.data_bytes());
                let over = self.overhead(true, v.first_segment, n) - iso::HEAD_BYTES;
                v.capacity.saturating_sub(used + over) / iso::SECTOR * iso::SECTOR
            }
            Store::Folder { .. } => {
                let used: u64 = v.segments.iter().map(|s| s.size).sum();
                v.capacity
                    .saturating_sub(used + self.overhead(false, v.first_segment, n))
            }
        }
    }

    /// Writes the tag files of volume `i` and reads the whole volume back.
    fn finish_volume(&mut self, i: usize, n: Option<usize>) -> io::Result<()> {
        let count = BagCount {
            k: self.volumes[i].number,
            n,
        };
        let (files, fingerprint) = self.tags.render(&self.volumes[i].segments, count)?;
        let bounds = self.tags.bounds(self.volumes[i].segments.len());
        for (name, data) in &files {
            let bound = bounds.iter().find(|(b, _)| b == name).map_or(0, |b| b.1);
            if data.len() as u64 > bound {
                return Err(io::Error::other(format!(
                    "internal error: {name} is {} bytes, more than the {bound} planned",
                    data.len()
                )));
            }
        }
        // The held folder itself may have been moved meanwhile (renamed into the
        // extract, a link left at its old path): where it is now must still lie apart
        // from the extract before the bag is finished there (red team 15, finding 04).
        if let Store::Folder { root, shown, .. } = &self.volumes[i].store {
            let real = crate::platform::held_now(root)?;
            if let Some(given) = self.overlap_of(&real) {
                return Err(verr(VolumeError::Overlap {
                    medium: shown.clone(),
                    extract: given,
                }));
            }
        }
        let v = &mut self.volumes[i];
        let payload_bytes = v.segments.iter().map(|s| s.size).sum();
        let (location, image_bytes, source): (PathBuf, Option<u64>, Arc<dyn BagSource>) =
            match &mut v.store {
                Store::Folder {
                    root, shown, id, ..
                } => {
                    // The bag is finished (its tag files, bagit.txt last) only where the
                    // medium's path still leads: else the clerk would take away a medium
                    // that holds nothing, and the bag would sit where nobody named it.
                    if crate::platform::path_id(shown) != Some(*id) {
                        return Err(verr(VolumeError::Changed(shown.clone())));
                    }
                    for (name, data) in &files {
                        // Interrupted before the end (Ctrl-C), the tag files go too, as
                        // they do on an error (see Drop): the medium is left as found.
                        self.guards.push(crate::cleanup::register(&root.join(name)));
                        crate::bag::write::write_atomic(root, name, data)?;
                    }
                    crate::platform::flush_dir(root)?;
                    (shown.clone(), None, Arc::new(DirSource(root.clone())))
                }
                Store::Image { writer, tmp } => {
                    let mut w = writer.take().expect("an image is finished once");
                    for (name, data) in &files {
                        w.add_file(name, data)?;
                    }
                    let meta = VolumeMeta {
                        volume_id: format!("{}_{}", self.meta.volume_id, v.number),
                        timestamp: self.meta.timestamp,
                    };
                    let size = w.finish(&meta)?;
                    if size > v.capacity {
                        return Err(io::Error::other(format!(
                            "internal error: image {} is {size} bytes, more than the {} planned",
                            v.number, v.capacity
                        )));
                    }
                    crate::media::drop_cache(tmp);
                    (tmp.clone(), Some(size), Arc::new(IsoImage::open(tmp)?))
                }
            };
        // The segments were read back as they were finished; the rest of the bag (tag
        // files, tag manifest, names and sizes) is checked now.
        let number = v.number;
        let report = crate::bag::validate::validate_except_payload_hashes(source.as_ref())?;
        let mut errors: Vec<String> = report
            .problems
            .iter()
            .filter(|p| p.severity == crate::bag::Severity::Error)
            .map(|p| p.to_string())
            .collect();
        errors.extend(self.readback.wait(number));
        if !errors.is_empty() {
            return Err(io::Error::other(ReadBackError(errors)));
        }
        v.done = Some(VolumeSummary {
            number: v.number,
            location,
            segments: v.segments.iter().map(|s| s.name.clone()).collect(),
            payload_bytes,
            image_bytes,
            manifest_sha256: hex::encode(fingerprint),
            bag_count: count.to_string(),
        });
        Ok(())
    }

    /// Finishes every volume not yet finished (all now know the total), renames the
    /// images to their final names and returns what each volume holds.
    pub fn finish(mut self) -> io::Result<Vec<VolumeSummary>> {
        let n = self.volumes.len();
        for i in 0..n {
            if self.volumes[i].done.is_none() {
                self.finish_volume(i, Some(n))?;
            }
        }
        let mut out = Vec::new();
        for v in &mut self.volumes {
            let mut s = v.done.clone().expect("finished above");
            if let Store::Image { tmp, .. } = &v.store {
                let dir = tmp.parent().expect("in the output folder");
                let name = format!("{}-{}of{n}.iso", self.name_prefix, v.number);
                let target = dir.join(&name);
                // Never replace a file of the user's (rename would).
                if target.exists() {
                    return Err(io::Error::new(
                        io::ErrorKind::AlreadyExists,
                        crate::tr!("media-image-exists", path = target.display().to_string()),
                    ));
                }
                {
                    let _gate = crate::cleanup::gate();
                    fs::rename(tmp, &target)?;
                    self.guards.push(crate::cleanup::register(&target));
                }
                s.location = target;
            }
            out.push(s);
        }
        if let Some(Store::Image { tmp, .. }) = self.volumes.first().map(|v| &v.store) {
            if let Some(dir) = tmp.parent() {
                crate::platform::flush_dir(dir)?;
            }
        }
        // Finished, but removed on an interrupt until the command has recorded it.
        crate::cleanup::keep_until_commit(std::mem::take(&mut self.guards));
        for v in std::mem::take(&mut self.volumes) {
            if let Store::Folder { held, .. } = v.store {
                // The kept paths lead through the folder's descriptor: it stays open for
                // the rest of the process (one per volume), so an interrupt before the
                // command has recorded the work still removes it there, and never
                // through a descriptor number reused for something else.
                std::mem::forget(held);
            }
        }
        Ok(out)
    }

    /// Moves to the next volume: images stay open (finished at the end, when the total
    /// is known); a folder given up front too; a folder that must be handed back for
    /// the next one is finished now as `k of ?`.
    fn next_volume(&mut self) -> io::Result<()> {
        let k = self.volumes.len() + 1;
        if self.images.is_some() {
            (self.notify)(&crate::tr!(
                "media-volume-full",
                full = (k - 1).to_string(),
                next = k.to_string()
            ));
            return self.open_volume(None);
        }
        if let Some(next) = self.more.pop_front() {
            (self.notify)(&crate::tr!(
                "media-volume-full-on",
                full = (k - 1).to_string(),
                next = k.to_string(),
                medium = next.display().to_string()
            ));
            return self.open_volume(Some(next));
        }
        if self.ask.is_none() {
            return Err(verr(VolumeError::NeedMore(k)));
        }
        let i = self.volumes.len() - 1;
        self.finish_volume(i, None)?;
        (self.notify)(&crate::tr!(
            "media-volume-complete",
            volume = (k - 1).to_string()
        ));
        let ask = self.ask.as_mut().expect("checked");
        match ask(k) {
            Some(p) => self.open_volume(Some(p)),
            None => Err(verr(VolumeError::NeedMore(k))),
        }
    }
}

impl Drop for SetSink<'_> {
    /// Not finished (an error, or Ctrl-C): removes what was written — ciphertext only
    /// — from every volume not yet handed back. A volume already handed back keeps its
    /// bag (`k of ?`); the user is told so.
    fn drop(&mut self) {
        let handed_back = self.ask.is_some();
        for v in std::mem::take(&mut self.volumes) {
            match v.store {
                Store::Image { tmp, .. } => {
                    let _ = fs::remove_file(&tmp);
                }
                Store::Folder { root, shown, .. } => {
                    if v.done.is_some() && handed_back {
                        (self.notify)(&crate::tr!(
                            "media-volume-handed-back",
                            volume = v.number.to_string(),
                            medium = shown.display().to_string()
                        ));
                        continue;
                    }
                    let _ = crate::bag::write::remove_tag_files(&root);
                    let _ = fs::remove_dir_all(root.join("data"));
                }
            }
        }
    }
}

/// Reading a volume back found differences.
#[derive(Debug)]
pub struct ReadBackError(pub Vec<String>);

impl std::fmt::Display for ReadBackError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::tr!(
            "media-seal-read-back",
            differences = self.0.join("; ")
        ))
    }
}

impl std::error::Error for ReadBackError {}

impl SegmentSink for SetSink<'_> {
    fn begin(&mut self, index: usize) -> io::Result<u64> {
        let mut room = self.room();
        if room < MIN_ROOM {
            self.next_volume()?;
            room = self.room();
        }
        let name = segment_name(index);
        let v = self.volumes.last_mut().expect("open");
        match &mut v.store {
            Store::Folder { root, file, .. } => {
                let created = {
                    let _gate = crate::cleanup::gate();
                    OpenOptions::new()
                        .write(true)
                        .create_new(true)
                        .open(root.join("data").join(&name))?
                };
                *file = Some(WriteBehind::new(created));
            }
            Store::Image { writer, .. } => writer
                .as_mut()
                .expect("open")
                .begin_file(&format!("data/{name}"))?,
        }
        Ok(room.max(1))
    }

    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match &mut self.volumes.last_mut().expect("open").store {
            Store::Folder { file, .. } => file.as_mut().expect("begun").write(buf),
            Store::Image { writer, .. } => writer.as_mut().expect("open").write(buf),
        }
    }

    fn end(&mut self, segment: &Segment) -> io::Result<()> {
        let v = self.volumes.last_mut().expect("open");
        let (path, offset) = match &mut v.store {
            Store::Folder { file, root, .. } => {
                file.take().expect("begun").sync_all()?;
                (root.join("data").join(&segment.name), 0)
            }
            Store::Image { writer, tmp } => {
                let w = writer.as_mut().expect("open");
                w.end_file()?;
                w.sync()?;
                (tmp.clone(), w.last_extent().expect("a file was written").0)
            }
        };
        v.segments.push(segment.clone());
        let job = ReadJob {
            volume: v.number,
            name: segment.name.clone(),
            path,
            offset,
            len: segment.size,
            want: segment.sha256,
        };
        self.readback.submit(job);
        Ok(())
    }
}

/// A medium given to `verify` or `open`, with what its `bag-info.txt` says about the
/// set it belongs to.
#[derive(Clone)]
pub struct Member {
    /// The path given.
    pub path: PathBuf,
    /// Its files.
    pub source: Arc<dyn BagSource>,
    /// `Bag-Group-Identifier` (or `External-Identifier`).
    pub group: Option<String>,
    /// `Bag-Count`; a bag without one, or with one that is not `k of n`, is `1 of 1`
    /// (the second case is in [`Member::count_problem`]).
    pub count: BagCount,
    /// Why `Bag-Count` could not be read: refused for an isou medium (its set depends
    /// on it), only said of a plain bag (RFC 8493 §2.2.2: informational metadata).
    pub count_problem: Option<crate::i18n::Text>,
}

impl Member {
    /// Opens `path` and reads its `bag-info.txt` (bounded); a `Bag-Count` that is not
    /// `k of n` is refused (what `open` needs: an isou medium's set depends on it).
    pub fn read(path: &Path) -> Result<Member, crate::i18n::Text> {
        let m = Member::read_any(path)?;
        match m.count_problem {
            Some(t) => Err(t),
            None => Ok(m),
        }
    }

    /// [`Member::read`], keeping an unreadable `Bag-Count` as
    /// [`Member::count_problem`] (a plain bag's Bag-Count is only metadata).
    pub fn read_any(path: &Path) -> Result<Member, crate::i18n::Text> {
        let shown = path.display();
        let source = open_medium(path).map_err(|e| {
            crate::i18n::Text::render("media-member-unreadable", || {
                crate::tr!(
                    "media-member-unreadable",
                    medium = shown.to_string(),
                    error = crate::i18n::os_error(&e)
                )
            })
        })?;
        // An unreadable or oversized bag-info.txt is reported by the bag's validation;
        // here it only means no set fields (the medium counts as `1 of 1`).
        let info = match source.read_bounded("bag-info.txt", 1024 * 1024) {
            Ok(Some(b)) => crate::bag::BagInfo::parse(&String::from_utf8_lossy(&b)).0,
            _ => Default::default(),
        };
        let (count, count_problem) = match info.get("Bag-Count") {
            None => (BagCount { k: 1, n: Some(1) }, None),
            Some(c) => match BagCount::parse(c) {
                Some(count) => (count, None),
                None => (
                    BagCount { k: 1, n: Some(1) },
                    Some(crate::i18n::Text::render("media-member-bag-count", || {
                        crate::tr!(
                            "media-member-bag-count",
                            medium = shown.to_string(),
                            count = format!("{:?}", crate::untrusted::sanitize(c)),
                            most = MAX_VOLUMES.to_string()
                        )
                    })),
                ),
            },
        };
        let group = info
            .get("Bag-Group-Identifier")
            .or_else(|| info.get("External-Identifier"))
            .map(str::to_string);
        Ok(Member {
            path: path.to_path_buf(),
            source,
            group,
            count,
            count_problem,
        })
    }
}

/// What the given volumes say about their set.
#[derive(Clone, Debug, Default)]
pub struct SetCheck {
    /// The set's `Bag-Group-Identifier`.
    pub group: Option<String>,
    /// How many volumes the set has, when a volume says so.
    pub total: Option<usize>,
    /// Volumes not given (when the total is unknown: those below the highest given).
    pub missing: Vec<usize>,
    /// Mixed sets, repeated volumes, contradictory counts (in the language of the run
    /// and in English, for `--json`).
    pub problems: Vec<crate::i18n::Text>,
    /// How many volumes were given (and could be read).
    pub given: usize,
    /// The media are plain bags (not isou media, no sender pinned), each judged
    /// alone: their `Bag-Count` and `Bag-Group-Identifier` are informational metadata
    /// (RFC 8493 §2.2.2), not a set to complete.
    pub alone: bool,
}

impl SetCheck {
    /// Complete and consistent.
    pub fn is_complete(&self) -> bool {
        if self.alone {
            return self.given > 0;
        }
        self.problems.is_empty()
            && self.missing.is_empty()
            && self.total.is_some()
            && self.given > 0
    }

    /// Plain bags judged each alone (see [`SetCheck::alone`]).
    pub fn each_alone(given: usize) -> SetCheck {
        SetCheck {
            given,
            alone: true,
            ..Default::default()
        }
    }

    /// A sentence on what is missing, if anything, in the language of the run.
    pub fn missing_text(&self) -> Option<String> {
        self.missing_text_in(crate::i18n::current())
    }

    /// [`SetCheck::missing_text`] in `lang`: a verification stores it in English
    /// ([`crate::records::shipment::verification`]), whoever ran the command.
    pub fn missing_text_in(&self, lang: crate::i18n::Lang) -> Option<String> {
        if self.alone {
            return None;
        }
        let list = |v: &[usize]| {
            v.iter()
                .map(|k| k.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut args = crate::i18n::Args::new();
        let id = match self.total {
            Some(n) if !self.missing.is_empty() => {
                args.set("count", self.missing.len());
                args.set("volumes", list(&self.missing));
                args.set("total", n.to_string());
                "media-set-missing"
            }
            Some(_) => return None,
            None if self.missing.is_empty() && self.given == 0 => return None,
            None if self.missing.is_empty() => "media-set-missing-last",
            None => {
                args.set("volumes", list(&self.missing));
                "media-set-missing-and-last"
            }
        };
        Some(crate::i18n::tr_in(lang, id, Some(&args)))
    }
}

/// Checks that the members form one set: one group, no volume twice, counts that
/// agree; lists the volumes missing.
pub fn check_set(members: &[Member]) -> SetCheck {
    let mut c = SetCheck {
        given: members.len(),
        ..Default::default()
    };
    let show = |m: &Member| m.path.display().to_string();
    let add = |c: &mut SetCheck, t: crate::bag::Text| {
        c.problems.push(t);
    };
    use crate::bag::validate::both;
    if let Some(first) = members.first() {
        c.group = first.group.clone();
        for m in &members[1..] {
            if m.group != first.group {
                let group = |m: &Member| match m.group.as_deref() {
                    Some(g) => crate::untrusted::sanitize(g),
                    None => "none".to_string(),
                };
                add(
                    &mut c,
                    both::tr!(
                        "media-set-different-sets",
                        first = show(first),
                        other = show(m),
                        first_group = group(first),
                        other_group = group(m)
                    ),
                );
            }
        }
    }
    let mut seen: std::collections::BTreeMap<usize, &Member> = Default::default();
    for m in members {
        if let Some(prev) = seen.insert(m.count.k, m) {
            add(
                &mut c,
                both::tr!(
                    "media-set-twice",
                    volume = m.count.k.to_string(),
                    first = show(prev),
                    other = show(m)
                ),
            );
        }
    }
    let totals: std::collections::BTreeSet<usize> =
        members.iter().filter_map(|m| m.count.n).collect();
    if totals.len() > 1 {
        add(
            &mut c,
            both::tr!(
                "media-set-totals-disagree",
                totals = totals
                    .iter()
                    .map(|t| t.to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        );
    }
    c.total = totals
        .iter()
        .next_back()
        .copied()
        .filter(|_| totals.len() == 1);
    if let Some(n) = c.total {
        for m in members.iter().filter(|m| m.count.k > n) {
            add(
                &mut c,
                both::tr!(
                    "media-set-beyond-total",
                    medium = show(m),
                    volume = m.count.k.to_string(),
                    total = n.to_string()
                ),
            );
        }
        // A volume that says `k of ?` cannot be the last.
        if let Some(m) = members
            .iter()
            .find(|m| m.count.n.is_none() && m.count.k == n)
        {
            add(
                &mut c,
                both::tr!(
                    "media-set-last-unknown",
                    medium = show(m),
                    volume = n.to_string()
                ),
            );
        }
    }
    let top = c
        .total
        .unwrap_or_else(|| seen.keys().next_back().copied().unwrap_or(0));
    c.missing = (1..=top).filter(|k| !seen.contains_key(k)).collect();
    c
}

/// Bytes of payload under `data/` of a medium (for a progress total).
pub fn payload_size(source: &dyn BagSource) -> u64 {
    source
        .list("data")
        .map(|v| v.iter().map(|e| e.size).sum())
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn read_back_compares_what_the_medium_holds() {
        use sha2::{Digest, Sha256};
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("seg");
        fs::write(&p, b"0123456789abcdef").unwrap();
        let job = |offset: u64, len: u64, data: &[u8]| ReadJob {
            volume: 1,
            name: "payload.000".into(),
            path: p.clone(),
            offset,
            len,
            want: Sha256::digest(data).into(),
        };
        assert!(read_back(&job(4, 6, b"456789")).is_ok());
        assert!(read_back(&job(4, 6, b"456788")).is_err());
        // The medium holds less than was written.
        assert!(read_back(&job(10, 10, b"abcdef\0\0\0\0")).is_err());
    }

    #[test]
    fn what_is_missing_is_said_in_either_language() {
        use crate::i18n::Lang;
        let c = SetCheck {
            total: Some(3),
            missing: vec![3],
            given: 2,
            ..Default::default()
        };
        // English is what a verification stores, whoever ran it.
        assert_eq!(
            c.missing_text_in(Lang::En).as_deref(),
            Some("volume 3 of 3 is missing")
        );
        assert_eq!(
            c.missing_text_in(Lang::Ja).as_deref(),
            Some("全3巻のうち第3巻がありません")
        );
        let c = SetCheck {
            total: Some(4),
            missing: vec![2, 4],
            given: 2,
            ..Default::default()
        };
        assert_eq!(
            c.missing_text_in(Lang::En).as_deref(),
            Some("volumes 2, 4 of 4 are missing")
        );
        let c = SetCheck {
            total: None,
            missing: vec![],
            given: 1,
            ..Default::default()
        };
        assert_eq!(
            c.missing_text_in(Lang::Ja).as_deref(),
            Some("最後の巻がありません（全何巻かを示す巻が指定されていません）")
        );
    }

    #[test]
    fn bag_count_parses() {
        assert_eq!(
            BagCount::parse("2 of 3"),
            Some(BagCount { k: 2, n: Some(3) })
        );
        assert_eq!(BagCount::parse("4 of ?"), Some(BagCount { k: 4, n: None }));
        assert_eq!(BagCount::parse("4 of 3"), None);
        assert_eq!(BagCount::parse("0 of 3"), None);
        assert_eq!(BagCount::parse("x"), None);
        // Counts are bounded before anything is sized by them.
        assert_eq!(
            BagCount::parse("1 of 1000"),
            Some(BagCount {
                k: 1,
                n: Some(1000)
            })
        );
        assert_eq!(BagCount::parse("1 of 1001"), None);
        assert_eq!(BagCount::parse("1 of 20000000"), None);
        assert_eq!(BagCount::parse("1 of 18446744073709551615"), None);
        assert_eq!(BagCount::parse("99999 of ?"), None);
        assert_eq!(BagCount::parse("+1 of 2"), None);
        assert_eq!(BagCount { k: 1, n: None }.to_string(), "1 of ?");
    }

    #[test]
    fn disc_capacities_keep_a_margin() {
        assert_eq!(MediumType::CdR.capacity(), Some(737_280_000));
        let u = MediumType::CdR.usable().unwrap();
        assert!(u < 737_280_000 && u > 720_000_000 && u % 2048 == 0);
        assert_eq!("DVD-R".parse(), Ok(MediumType::DvdR));
        assert!("floppy".parse::<MediumType>().is_err());
    }
}
