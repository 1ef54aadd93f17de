//! Synthetic registry extracts for benchmarks and tests: no real data, but the shape of
//! a cancer-registry extract — CSV with Japanese headers and about a dozen columns of ids,
//! facility codes, ICD-O-3 topography and morphology codes, dates, ages, stages,
//! treatments and municipalities, split over several files, plus small code tables.
//!
//! The output is a function of `(size, seed)` only: the same call writes the same bytes
//! on every machine (an own SplitMix64 generator, not a library RNG whose stream may
//! change between versions). Like real extracts it compresses about 4× with `zstd -3`
//! (repetitive codes and dates, high-entropy ids).

use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// SplitMix64 (Steele, Lea, Flood 2014): tiny, fast, and fixed forever.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n`.
    fn below(&mut self, n: u64) -> u64 {
        ((self.next() >> 32) * n) >> 32
    }

    /// Picks from `items` with the given weights.
    fn weighted<'a, T>(&mut self, items: &'a [(T, u32)]) -> &'a T {
        let total: u32 = items.iter().map(|(_, w)| w).sum();
        let mut r = self.below(total as u64) as u32;
        for (item, w) in items {
            if r < *w {
                return item;
            }
            r -= w;
        }
        &items[items.len() - 1].0
    }
}

const HEADER: &str = "登録番号,届出施設コード,性別,診断時年齢,生年月,診断日,原発部位(ICD-O-3),組織型(ICD-O-3),進展度,治療,住所市区町村,生存状況,最終生存確認日\n";

/// Common sites (ICD-O-3 topography) with rough relative frequencies.
const SITES: &[(&str, u32)] = &[
    ("C18.7", 9),
    ("C18.2", 5),
    ("C20.9", 7),
    ("C16.9", 12),
    ("C34.1", 8),
    ("C34.3", 6),
    ("C50.9", 10),
    ("C61.9", 9),
    ("C22.0", 4),
    ("C25.9", 4),
    ("C67.9", 3),
    ("C64.9", 2),
    ("C53.9", 2),
    ("C54.1", 2),
    ("C73.9", 2),
    ("C15.9", 2),
    ("C44.3", 2),
    ("C91.0", 1),
    ("C85.9", 1),
    ("C71.9", 1),
];

const MORPHOLOGY: &[(&str, u32)] = &[
    ("8140/3", 30),
    ("8070/3", 12),
    ("8500/3", 10),
    ("8211/3", 5),
    ("8480/3", 4),
    ("8010/3", 4),
    ("8041/3", 3),
    ("8170/3", 3),
    ("8260/3", 3),
    ("8120/3", 2),
    ("8720/3", 1),
    ("9680/3", 1),
    ("8140/2", 4),
    ("8500/2", 3),
];

const STAGE: &[(&str, u32)] = &[
    ("上皮内", 8),
    ("限局", 40),
    ("所属リンパ節転移", 18),
    ("隣接臓器浸潤", 9),
    ("遠隔転移", 15),
    ("不明", 10),
];

const TREATMENT: &[(&str, u32)] = &[
    ("手術", 30),
    ("手術+化学療法", 15),
    ("内視鏡", 10),
    ("化学療法", 12),
    ("放射線", 6),
    ("放射線+化学療法", 6),
    ("手術+放射線", 3),
    ("経過観察", 6),
    ("なし", 5),
    ("不明", 7),
];

const CITIES: &[(&str, u32)] = &[
    ("大阪市北区", 6),
    ("大阪市中央区", 5),
    ("大阪市淀川区", 5),
    ("堺市堺区", 6),
    ("豊中市", 8),
    ("吹田市", 7),
    ("高槻市", 7),
    ("枚方市", 8),
    ("東大阪市", 9),
    ("八尾市", 5),
    ("寝屋川市", 5),
    ("岸和田市", 4),
    ("茨木市", 5),
    ("和泉市", 3),
    ("池田市", 2),
    ("箕面市", 2),
    ("守口市", 3),
    ("門真市", 2),
    ("河内長野市", 2),
    ("泉佐野市", 2),
];

/// `YYYY-MM-DD` from a day count since 2000-01-01 (fine for 2000–2099).
fn date(days: u64, out: &mut Vec<u8>) {
    let (mut y, mut d) = (2000u64, days);
    loop {
        let len = if y % 4 == 0 { 366 } else { 365 };
        if d < len {
            break;
        }
        d -= len;
        y += 1;
    }
    let months = [
        31,
        if y % 4 == 0 { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    let mut m = 0;
    while d >= months[m] {
        d -= months[m];
        m += 1;
    }
    let _ = write!(out, "{y:04}-{:02}-{:02}", m + 1, d + 1);
}

/// Appends one case (one CSV line) to `out`.
fn case(rng: &mut Rng, id: u64, year: u64, out: &mut Vec<u8>) {
    let sex = 1 + rng.below(2);
    let age = (35 + rng.below(30) + rng.below(30)).min(104);
    let diag = (year - 2000) * 365 + (year - 2000).div_ceil(4) + rng.below(365);
    let birth_year = year - age;
    let _ = write!(
        out,
        "{id:010},{:05},{sex},{age},{birth_year}-{:02},",
        27000 + rng.below(400) * 3,
        1 + rng.below(12)
    );
    date(diag, out);
    out.push(b',');
    let mut site = *rng.weighted(SITES);
    // Sex-specific sites follow the sex.
    if (sex == 1 && (site.starts_with("C5") && site != "C50.9")) || (sex == 2 && site == "C61.9") {
        site = "C18.7";
    }
    out.extend_from_slice(site.as_bytes());
    out.push(b',');
    out.extend_from_slice(rng.weighted(MORPHOLOGY).as_bytes());
    out.push(b',');
    out.extend_from_slice(rng.weighted(STAGE).as_bytes());
    out.push(b',');
    out.extend_from_slice(rng.weighted(TREATMENT).as_bytes());
    out.push(b',');
    out.extend_from_slice(rng.weighted(CITIES).as_bytes());
    let alive = rng.below(100) < 62;
    out.extend_from_slice(if alive { ",生存," } else { ",死亡," }.as_bytes());
    date(diag + rng.below(3000), out);
    out.push(b'\n');
}

/// Writes a synthetic extract of about `size` bytes (within one CSV line) into `dir`
/// (created if missing): case files `症例_YYYY.csv`, one per diagnosis year, and two
/// small code tables. Returns the files written.
pub fn write_extract(dir: &Path, size: u64, seed: u64) -> io::Result<Vec<PathBuf>> {
    fs::create_dir_all(dir)?;
    let mut written = Vec::new();
    let mut tables = Vec::new();
    tables.push(("部位コード表.csv", {
        let mut t = String::from("コード,部位\n");
        for (code, _) in SITES {
            t.push_str(&format!("{code},{}\n", site_name(code)));
        }
        t
    }));
    tables.push(("市区町村コード表.csv", {
        let mut t = String::from("コード,市区町村\n");
        for (i, (c, _)) in CITIES.iter().enumerate() {
            t.push_str(&format!("27{:03},{c}\n", 100 + i * 3));
        }
        t
    }));
    let mut total = 0u64;
    for (name, text) in &tables {
        let p = dir.join(name);
        fs::write(&p, text)?;
        total += text.len() as u64;
        written.push(p);
    }
    // Several files: one per year, at least 4 and each at most about 1 GiB.
    let files = size.div_ceil(1 << 30).max(4);
    let per_file = size.saturating_sub(total) / files;
    let mut rng = Rng(seed);
    let mut id = 1u64;
    let mut line = Vec::with_capacity(256);
    for f in 0..files {
        let year = 2016 + f % 10;
        let name = if f < 10 {
            format!("症例_{year}.csv")
        } else {
            format!("症例_{year}_{}.csv", f / 10 + 1)
        };
        let p = dir.join(name);
        let mut w = BufWriter::with_capacity(1 << 20, File::create(&p)?);
        w.write_all(HEADER.as_bytes())?;
        let mut n = HEADER.len() as u64;
        let target = if f + 1 == files {
            size.saturating_sub(total)
        } else {
            per_file
        };
        while n < target {
            line.clear();
            case(&mut rng, id, year, &mut line);
            id += 1;
            w.write_all(&line)?;
            n += line.len() as u64;
        }
        w.flush()?;
        total += n;
        written.push(p);
    }
    Ok(written)
}

fn site_name(code: &str) -> &'static str {
    match &code[..3] {
        "C15" => "食道",
        "C16" => "胃",
        "C18" => "結腸",
        "C20" => "直腸",
        "C22" => "肝",
        "C25" => "膵",
        "C34" => "肺",
        "C44" => "皮膚",
        "C50" => "乳房",
        "C53" => "子宮頸部",
        "C54" => "子宮体部",
        "C61" => "前立腺",
        "C64" => "腎",
        "C67" => "膀胱",
        "C71" => "脳",
        "C73" => "甲状腺",
        _ => "リンパ・造血器",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_sized_japanese_csv() {
        let a = tempfile::tempdir().unwrap();
        let b = tempfile::tempdir().unwrap();
        let fa = write_extract(a.path(), 3_000_000, 7).unwrap();
        let fb = write_extract(b.path(), 3_000_000, 7).unwrap();
        assert_eq!(fa.len(), 6);
        let mut total = 0;
        for (x, y) in fa.iter().zip(&fb) {
            let bx = fs::read(x).unwrap();
            assert_eq!(bx, fs::read(y).unwrap(), "{}", x.display());
            total += bx.len();
        }
        assert!((3_000_000..3_000_300).contains(&total), "{total}");
        let text = fs::read_to_string(&fa[2]).unwrap();
        assert!(text.starts_with("登録番号,"));
        let cols = text.lines().nth(1).unwrap().split(',').count();
        assert_eq!(cols, 13);
        let c = tempfile::tempdir().unwrap();
        let fc = write_extract(c.path(), 3_000_000, 8).unwrap();
        assert_ne!(fs::read(&fc[2]).unwrap(), fs::read(&fa[2]).unwrap());
    }

    #[test]
    fn dates_are_calendar_dates() {
        let mut v = Vec::new();
        date(0, &mut v);
        v.push(b' ');
        date(59, &mut v);
        v.push(b' ');
        date(365 + 366, &mut v);
        assert_eq!(
            String::from_utf8(v).unwrap(),
            "2000-01-01 2000-02-29 2002-01-01"
        );
    }

    #[test]
    fn compresses_like_a_registry_extract() {
        let dir = tempfile::tempdir().unwrap();
        let files = write_extract(dir.path(), 4_000_000, 1).unwrap();
        let data = fs::read(&files[2]).unwrap();
        let z = zstd::encode_all(&data[..], 3).unwrap();
        let ratio = data.len() as f64 / z.len() as f64;
        assert!((3.0..6.0).contains(&ratio), "zstd -3 ratio {ratio:.2}");
    }
}
