//! A PDF's text as a reader extracts it, with poppler's `pdftotext`. The PDF's own bytes
//! say nothing (krilla writes compressed glyph ids), so this is the check on what a
//! therapist would read. `make test` installs poppler-utils; without it the tests that
//! use this fail, naming the package, instead of passing unseen.

pub fn extracted(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("report.pdf");
    std::fs::write(&file, pdf).unwrap();
    let out = std::process::Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(&file)
        .arg("-")
        .output()
        .unwrap_or_else(|e| {
            panic!("pdftotext could not run ({e}): install poppler-utils (make test does)")
        });
    assert!(
        out.status.success(),
        "pdftotext failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .expect("pdftotext writes UTF-8")
        .replace('\n', " ")
}
