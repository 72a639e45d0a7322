//! `arc`: the headless tool over the Healing Arc library.

fn main() {
    eprintln!("arc: not ready yet");
    std::process::exit(2);
}
