//! Writes docs/schema/ (see the library): `cargo run -p deploy-rollback-schema`.

use std::path::Path;
use std::process::ExitCode;

fn main() -> ExitCode {
    let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join(deploy_rollback_schema::FOLDER);
    if let Err(err) = std::fs::create_dir_all(&folder) {
        eprintln!("cannot create {}: {err}", folder.display());
        return ExitCode::FAILURE;
    }
    for (name, text) in deploy_rollback_schema::documents() {
        let path = folder.join(name);
        if let Err(err) = std::fs::write(&path, text) {
            eprintln!("cannot write {}: {err}", path.display());
            return ExitCode::FAILURE;
        }
        println!("wrote {}/{name}", deploy_rollback_schema::FOLDER);
    }
    ExitCode::SUCCESS
}
