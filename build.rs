//! Link the `decl` program as a position-dependent executable on Linux.
//!
//! A position-independent executable (the default) has its ~10,700 absolute addresses
//! (vtables, string tables, clap's argument tables) patched by the dynamic loader at every
//! start, which writes to ~190 KiB of pages: on a 3-clause diff through the git driver that is
//! 60 of its 290 page faults and 0.2 ms of its 1.7 ms (git's own diff of the same files takes
//! 1.2 ms). Linked at a fixed address, the executable needs none of it; the libraries it loads
//! and its heap are still placed at random. Only the program is linked so: the library, its
//! tests and the build's proc-macros are unchanged.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    if os == "linux" {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}
