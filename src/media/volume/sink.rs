//! The set sink: the segments of a shipment written over the volumes of a set,
//! each volume finished (tag files, image descriptors) and read back.

use std::collections::VecDeque;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::readback::{ReadBack, ReadJob};
use super::{verr, BagCount, Layout, ReadBackError, TagMaker, VolumeError, VolumeSummary};
use crate::bag::source::{BagSource, DirSource};
use crate::media::iso::{self, IsoImage, IsoWriter, VolumeMeta};
use crate::pipeline::segments::{segment_name, Segment, SegmentSink};
use crate::pipeline::writebehind::WriteBehind;

/// Payload room below which a volume is considered full (one STREAM chunk).
pub const MIN_ROOM: u64 = 64 * 1024;
/// Free space left unused on a folder medium of a set (file system slack).
const FOLDER_MARGIN: u64 = 4 * 1024 * 1024;
/// Per file on a folder medium: at most one cluster of slack (FAT32 uses ≤ 32 KiB).
const FOLDER_SLACK: u64 = 64 * 1024;

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

struct Volume {
    number: usize,
    store: Store,
    segments: Vec<Segment>,
    capacity: u64,
    first_segment: usize,
    /// Written, signed and read back (and possibly handed back to the user).
    done: Option<VolumeSummary>,
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
        canonical_hit.or_else(|| {
            match crate::media::swap::check_overlap(&given, &[real.to_path_buf()]) {
                Err(crate::media::SealError::Overlap { extract, .. }) => Some(extract),
                _ => None,
            }
        })
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
