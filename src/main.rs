//! The WebAssembly entry point Trunk builds.

fn main() {
    city_tasks::start();
}
