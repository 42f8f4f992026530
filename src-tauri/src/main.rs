// No console window on Windows release builds; the app is Linux-first but stays portable.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    pathways_app::run();
}
