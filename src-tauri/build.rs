// The app's own commands. Each gets an `allow-<command>` permission, and the main
// window's capability (src-tauri/capabilities/main.json) grants exactly these.
// A test (tests/integration/shell.rs) checks the three lists agree.
const COMMANDS: &[&str] = &["app_info"];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .capabilities_path_pattern("./src-tauri/capabilities/**/*")
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("failed to run tauri-build");
}
