//! Import and download of GeoNames dumps into a user layer, against fixture
//! files written here and a local HTTP server (no external network).

use std::io::{Read, Write};
use std::net::TcpListener;
use vigie_geo::Gazetteer;

/// A made-up village in the 19-column `geoname` format, and a real town id
/// replaced by the layer.
const GEONAME: &str = "9900001\tKouroukoula Peul\tKouroukoula Peul\tKouroukoula,Kurukula\t14.61\t-3.45\tP\tPPL\tML\t\t04\t\t\t\t0\t\t280\tAfrica/Bamako\t2024-01-01\n\
9900003\tSinkoura 2\tSinkoura 2\t\t14.20\t-3.60\tP\tPPL\tML\t\t04\t\t\t\t0\t\t290\tAfrica/Bamako\t2024-01-01\n\
9900002\tBadly Formed Ridge\tBadly Formed Ridge\t\t14.0\t-3.0\tT\tRDGE\tML\t\t04\t\t\t\t0\t\t300\tAfrica/Bamako\t2024-01-01\n";
const ALTERNATES: &str =
    "1\t9900001\tfr\tKouroukoula-Peulh\t\t\t\t\t\t\n2\t9900001\tar\tكوروكولا\t\t\t\t\t\t\n";
const ADMIN1: &str = "ML.04\tMopti\tMopti\t2453348\n";

fn zip_stored(name: &str, data: &[u8]) -> Vec<u8> {
    let mut z = Vec::new();
    let le16 = |v: &mut Vec<u8>, x: u16| v.extend_from_slice(&x.to_le_bytes());
    let le32 = |v: &mut Vec<u8>, x: u32| v.extend_from_slice(&x.to_le_bytes());
    z.extend_from_slice(b"PK\x03\x04");
    for x in [20u16, 0, 0, 0, 0] {
        le16(&mut z, x);
    }
    le32(&mut z, 0);
    le32(&mut z, data.len() as u32);
    le32(&mut z, data.len() as u32);
    le16(&mut z, name.len() as u16);
    le16(&mut z, 0);
    z.extend_from_slice(name.as_bytes());
    z.extend_from_slice(data);
    let cd = z.len();
    z.extend_from_slice(b"PK\x01\x02");
    for x in [20u16, 20, 0, 0, 0, 0] {
        le16(&mut z, x);
    }
    le32(&mut z, 0);
    le32(&mut z, data.len() as u32);
    le32(&mut z, data.len() as u32);
    le16(&mut z, name.len() as u16);
    for x in [0u16, 0, 0, 0] {
        le16(&mut z, x);
    }
    le32(&mut z, 0);
    le32(&mut z, 0);
    z.extend_from_slice(name.as_bytes());
    let cd_len = z.len() - cd;
    z.extend_from_slice(b"PK\x05\x06");
    for x in [0u16, 0, 1, 1] {
        le16(&mut z, x);
    }
    le32(&mut z, cd_len as u32);
    le32(&mut z, cd as u32);
    le16(&mut z, 0);
    z
}

#[test]
fn import_then_lookup() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    std::fs::create_dir_all(&src).unwrap();
    std::fs::write(src.join("ML.txt"), GEONAME).unwrap();
    std::fs::write(src.join("alternateNamesV2.txt"), ALTERNATES).unwrap();
    std::fs::write(src.join("admin1CodesASCII.txt"), ADMIN1).unwrap();
    let layer = dir.path().join("layer");
    let files = vec![
        src.join("alternateNamesV2.txt"),
        src.join("ML.txt"),
        src.join("admin1CodesASCII.txt"),
    ];
    let r = vigie_geo::import(&layer, &files).unwrap();
    assert_eq!(r.places, 2, "only feature class P is imported");
    assert_eq!(r.alternate_names, 1, "Latin-script names only");
    let g = Gazetteer::with_user_dir(&layer).unwrap();
    for name in ["Kouroukoula Peul", "Kurukula", "Kouroukoula-Peulh"] {
        let c = g.lookup(name, Some("ML"));
        let hit = c.first().unwrap_or_else(|| panic!("{name}"));
        assert_eq!(hit.geonames_id, Some(9900001));
        assert_eq!(hit.admin1.as_deref(), Some("Mopti"));
        // Admin2 comes from the curated Sahel table (nearest cercle seat).
        assert!(hit.admin2.is_some());
    }
    // GeoNames numbers the parts of a village; reports name it whole.
    let c = g.lookup("Sinkoura", Some("ML"));
    assert_eq!(c.first().and_then(|c| c.geonames_id), Some(9900003));
    // Importing again replaces, it does not duplicate.
    let r = vigie_geo::import(&layer, &files).unwrap();
    assert_eq!(r.total_places, 2);
}

#[test]
fn import_rejects_unknown_files() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("notes.txt");
    std::fs::write(&p, "hello world\n").unwrap();
    let e = vigie_geo::import(&dir.path().join("layer"), &[p]).unwrap_err();
    assert!(e.to_string().contains("not a GeoNames file"), "{e}");
    let bad = dir.path().join("ML.txt");
    std::fs::write(
        &bad,
        "1\tX\tX\t\tnorth\t2\tP\tPPL\tML\t\t04\t\t\t\t0\t\t1\tA\t2024-01-01\n",
    )
    .unwrap();
    let e = vigie_geo::import(&dir.path().join("layer"), &[bad]).unwrap_err();
    assert!(e.to_string().contains("ML.txt:1"), "{e}");
}

#[test]
fn download_from_local_server() {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}/dump", listener.local_addr().unwrap());
    let zip = zip_stored("ML.txt", GEONAME.as_bytes());
    let server = std::thread::spawn(move || {
        let mut served = Vec::new();
        for _ in 0..3 {
            let (mut s, _) = listener.accept().unwrap();
            let mut req = Vec::new();
            let mut buf = [0u8; 512];
            while !req.windows(4).any(|w| w == b"\r\n\r\n") {
                let n = s.read(&mut buf).unwrap();
                if n == 0 {
                    break;
                }
                req.extend_from_slice(&buf[..n]);
            }
            let req = String::from_utf8_lossy(&req).to_string();
            let path = req.split_whitespace().nth(1).unwrap_or("").to_string();
            let body: Vec<u8> = match path.as_str() {
                "/dump/ML.zip" => zip.clone(),
                "/dump/admin1CodesASCII.txt" => ADMIN1.as_bytes().to_vec(),
                "/dump/admin2Codes.txt" => b"ML.04.1\tMopti\tMopti\t1\n".to_vec(),
                _ => Vec::new(),
            };
            let head = format!(
                "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len()
            );
            s.write_all(head.as_bytes()).unwrap();
            s.write_all(&body).unwrap();
            served.push(path);
        }
        served
    });
    let dir = tempfile::tempdir().unwrap();
    let files = vigie_geo::download(&["ml".to_string()], &base, &dir.path().join("dl")).unwrap();
    assert_eq!(files.len(), 3);
    let served = server.join().unwrap();
    assert_eq!(served[0], "/dump/ML.zip");
    let r = vigie_geo::import(&dir.path().join("layer"), &files).unwrap();
    assert_eq!(r.places, 2);
    assert!(vigie_geo::download(&["M1".to_string()], &base, dir.path()).is_err());
}
