// The app's Tauri commands: the one list of them. Everything else follows from it:
// - `build.rs` includes this file and declares each command in the app manifest, so
//   tauri-build makes its `allow-…` permission;
// - `lib.rs` hands the list to `tauri::generate_handler!` and exports it as `COMMANDS`;
// - the bindings test writes `ui/src/lib/bindings/Command.ts` (the type of a command's
//   name, which `ui/src/lib/api.ts` must use) from `COMMANDS`;
// - `tests/config.rs` fails when `capabilities/main.json` or `ui/src/lib/api.ts` differ.
// A command is added here, in `commands.rs`, and in `api.ts`; the tests say what is missing.
//
// (Plain `//` comments: `build.rs` includes this file with `include!`.)

macro_rules! with_commands {
    ($then:ident) => {
        $then! {
            boot,
            save_settings,
            clock,
            walk_start,
            walk_current,
            walk_answer,
            walk_back,
            walk_back_to,
            walk_discard,
            directory,
            packs,
            load_local_pack,
            choose_local_pack,
            remove_local_pack,
            app_ready,
            records_status,
            records_create,
            records_unlock,
            records_lock,
            passphrase_strength,
            records_save,
            records_list,
            records_get,
            records_amend,
            records_tick,
            records_referral,
            records_export,
            records_export_file,
            records_change_passphrase,
            records_due,
            records_purge,
            training_list,
            training_start,
            training_current,
            training_answer,
            training_back,
            training_discard,
            training_map,
            training_facilitator,
            training_record,
            training_export,
            training_export_file,
            pack_library,
            pack_import_choose,
            pack_import_file,
            pack_import_accept,
            pack_import_cancel,
            pack_use_version,
            trust_key_choose,
            trust_key_file,
            trust_key_confirm,
            trust_key_remove,
        }
    };
}

macro_rules! command_names {
    ($($command:ident),* $(,)?) => {
        &[$(stringify!($command)),*]
    };
}
