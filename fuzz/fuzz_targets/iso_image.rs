//! The ISO 9660 / Joliet reader on arbitrary images: open, list every directory, read
//! every file. Refusals are fine; panics, hangs and unbounded memory are not.
#![no_main]
use std::io::Read;

use isou::bag::BagSource;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let dir = std::env::temp_dir().join(format!("isou-fuzz-iso-{}", std::process::id()));
    let _ = std::fs::create_dir_all(&dir);
    let path = dir.join("image.iso");
    // Most inputs are shorter than the 19 sectors an image needs: pad them so the
    // fuzzer explores the descriptors and directories, not only the length check.
    let mut image = data.to_vec();
    if image.len() < 40 * 2048 {
        image.resize(40 * 2048, 0);
    }
    std::fs::write(&path, &image).unwrap();
    if let Ok(img) = isou::media::iso::IsoImage::open(&path) {
        let mut stack = vec![String::new()];
        while let Some(d) = stack.pop() {
            for e in img.list(&d).unwrap_or_default() {
                let p = if d.is_empty() {
                    e.name.clone()
                } else {
                    format!("{d}/{}", e.name)
                };
                match e.kind {
                    isou::bag::source::Kind::Dir => stack.push(p),
                    _ => {
                        if let Ok(mut r) = img.open(&p) {
                            let _ =
                                std::io::copy(&mut r.by_ref().take(1 << 20), &mut std::io::sink());
                        }
                    }
                }
            }
        }
        let _ = isou::bag::validate::validate_with_progress(&img, 1, &Default::default());
    }
});
