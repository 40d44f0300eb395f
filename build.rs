//! Reads `extension_config.toml`, the single source of the extension's identity, and hands it to
//! the crate: constants through `rustc-env`, and the entrypoint (whose attribute needs literals)
//! as generated code included by `lib.rs`.

use std::{env, fs, path::Path};

fn main() {
    println!("cargo:rerun-if-changed=extension_config.toml");
    let text = fs::read_to_string("extension_config.toml")
        .unwrap_or_else(|e| fail(&format!("reading extension_config.toml: {e}")));
    let config: toml::Table = text.parse().unwrap_or_else(|e| fail(&format!("parsing extension_config.toml: {e}")));

    let name = get(&config, "extension", "name");
    let version = get(&config, "extension", "version");
    let duckdb_version = get(&config, "duckdb", "version");
    let c_api_version = get(&config, "duckdb", "c_api_version");

    let package = env::var("CARGO_PKG_NAME").unwrap_or_default();
    if package != name {
        fail(&format!(
            "Cargo package '{package}' must be named like the extension '{name}' (DuckDB looks for lib{name})"
        ));
    }
    if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        fail("extension name must be an identifier");
    }

    println!("cargo:rustc-env=CRM_EHR_EXTENSION_VERSION={version}");
    println!("cargo:rustc-env=CRM_EHR_DUCKDB_VERSION={duckdb_version}");

    let entrypoint = format!(
        "/// The `{name}_init_c_api_v2` symbol DuckDB calls on `LOAD`: registers everything in [`crate::registry`].\n\
         #[::duckdb_neo::duckdb_entrypoint_c_api_v2(extension_name = \"{name}\", api_version = \"{c_api_version}\")]\n\
         pub fn entrypoint(extension: &::duckdb_neo::extension::Extension) -> ::std::result::Result<(), Box<dyn ::std::error::Error>> {{\n\
         \x20   crate::registry::register_all(extension).map_err(Into::into)\n\
         }}\n"
    );
    let out = env::var("OUT_DIR").unwrap_or_else(|_| fail("OUT_DIR is not set"));
    fs::write(Path::new(&out).join("entrypoint.rs"), entrypoint)
        .unwrap_or_else(|e| fail(&format!("writing entrypoint.rs: {e}")));
}

fn get(config: &toml::Table, section: &str, key: &str) -> String {
    config
        .get(section)
        .and_then(|s| s.get(key))
        .and_then(|v| v.as_str())
        .map(str::to_owned)
        .unwrap_or_else(|| fail(&format!("extension_config.toml: missing [{section}] {key}")))
}

fn fail(message: &str) -> ! {
    eprintln!("build.rs: {message}");
    std::process::exit(1)
}
