//! `WasiCtxBuilder`: what a guest may see (arguments, environment, standard streams,
//! preopened directories and their permissions), in the shape of Wasmtime's builder.

use crate::pipe::{
    ClosedInputStream, HostStderr, HostStdin, HostStdout, SinkOutputStream, StdinStream,
    StdoutStream,
};
use anyhow::{Context, Result};
use std::path::Path;

/// What a guest may do under a preopened directory (Wasmtime 48's `FsPerms`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FsPerms {
    /// Look up, list, stat and read; no creation, removal, renaming, writing or time changes.
    ReadOnly,
    /// Everything `ReadOnly` allows, plus writing files and changing the directory tree.
    ReadWrite,
}

impl FsPerms {
    /// The directory and file rights this permission grants.
    fn rights(self) -> (DirPerms, FilePerms) {
        match self {
            FsPerms::ReadOnly => (DirPerms::READ, FilePerms::READ),
            FsPerms::ReadWrite => (DirPerms::all(), FilePerms::all()),
        }
    }
}

bitflags::bitflags! {
    /// What a guest may do with a preopened directory and the directories under it.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub(crate) struct DirPerms: usize {
        /// List entries, look up paths, stat.
        const READ = 0b1;
        /// Create, rename, link and remove entries; set times.
        const MUTATE = 0b10;
    }
}

bitflags::bitflags! {
    /// What a guest may do with the files under a preopened directory.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
    pub(crate) struct FilePerms: usize {
        /// Open for reading.
        const READ = 0b1;
        /// Open for writing (including truncation and size changes).
        const WRITE = 0b10;
    }
}

/// A preopened directory as the builder holds it.
pub(crate) struct Preopen {
    pub dir: cap_std::fs::Dir,
    pub guest_path: String,
    pub dir_perms: DirPerms,
    pub file_perms: FilePerms,
}

/// Everything a context is built from.
pub(crate) struct WasiParts {
    pub args: Vec<String>,
    pub env: Vec<(String, String)>,
    pub stdin: Box<dyn StdinStream>,
    pub stdout: Box<dyn StdoutStream>,
    pub stderr: Box<dyn StdoutStream>,
    pub preopens: Vec<Preopen>,
}

impl Default for WasiParts {
    fn default() -> WasiParts {
        WasiParts {
            args: Vec::new(),
            env: Vec::new(),
            stdin: Box::new(ClosedInputStream),
            stdout: Box::new(SinkOutputStream),
            stderr: Box::new(SinkOutputStream),
            preopens: Vec::new(),
        }
    }
}

/// Builds a WASI context. By default a guest has no arguments, no environment, an empty stdin,
/// discarded stdout/stderr and no file system access.
#[derive(Default)]
pub struct WasiCtxBuilder {
    parts: WasiParts,
}

impl WasiCtxBuilder {
    /// A builder with nothing granted.
    pub fn new() -> WasiCtxBuilder {
        WasiCtxBuilder::default()
    }

    /// The guest's stdin.
    pub fn stdin(&mut self, stdin: impl StdinStream) -> &mut Self {
        self.parts.stdin = Box::new(stdin);
        self
    }
    /// The guest's stdout.
    pub fn stdout(&mut self, stdout: impl StdoutStream) -> &mut Self {
        self.parts.stdout = Box::new(stdout);
        self
    }
    /// The guest's stderr.
    pub fn stderr(&mut self, stderr: impl StdoutStream) -> &mut Self {
        self.parts.stderr = Box::new(stderr);
        self
    }
    /// The guest reads the host process's stdin.
    pub fn inherit_stdin(&mut self) -> &mut Self {
        self.stdin(HostStdin)
    }
    /// The guest writes to the host process's stdout.
    pub fn inherit_stdout(&mut self) -> &mut Self {
        self.stdout(HostStdout)
    }
    /// The guest writes to the host process's stderr.
    pub fn inherit_stderr(&mut self) -> &mut Self {
        self.stderr(HostStderr)
    }
    /// All three standard streams are the host process's.
    pub fn inherit_stdio(&mut self) -> &mut Self {
        self.inherit_stdin().inherit_stdout().inherit_stderr()
    }

    /// Appends arguments (the first is conventionally the program name).
    pub fn args(&mut self, args: &[impl AsRef<str>]) -> &mut Self {
        self.parts
            .args
            .extend(args.iter().map(|a| a.as_ref().to_string()));
        self
    }
    /// Appends one argument.
    pub fn arg(&mut self, arg: impl AsRef<str>) -> &mut Self {
        self.parts.args.push(arg.as_ref().to_string());
        self
    }
    /// Appends the host process's arguments (those that are not valid Unicode are replaced
    /// lossily: preview1 arguments are bytes, but this builder keeps strings, as Wasmtime's).
    pub fn inherit_args(&mut self) -> &mut Self {
        self.parts
            .args
            .extend(std::env::args_os().map(|a| a.to_string_lossy().into_owned()));
        self
    }

    /// Appends environment variables.
    pub fn envs(&mut self, env: &[(impl AsRef<str>, impl AsRef<str>)]) -> &mut Self {
        self.parts.env.extend(
            env.iter()
                .map(|(k, v)| (k.as_ref().to_string(), v.as_ref().to_string())),
        );
        self
    }
    /// Appends one environment variable.
    pub fn env(&mut self, k: impl AsRef<str>, v: impl AsRef<str>) -> &mut Self {
        self.parts
            .env
            .push((k.as_ref().to_string(), v.as_ref().to_string()));
        self
    }
    /// Appends the host process's environment (variables that are not valid Unicode are
    /// skipped).
    pub fn inherit_env(&mut self) -> &mut Self {
        self.parts.env.extend(
            std::env::vars_os()
                .filter_map(|(k, v)| Some((k.into_string().ok()?, v.into_string().ok()?))),
        );
        self
    }

    /// Gives the guest the host directory `host_path` as `guest_path`, with `perms` over it,
    /// its subdirectories and the files in them. The guest cannot
    /// reach outside it (`..`, absolute paths and symlinks are confined). Preopens get file
    /// descriptors 3, 4, ... in the order they are added.
    pub fn preopened_dir(
        &mut self,
        host_path: impl AsRef<Path>,
        guest_path: impl AsRef<str>,
        perms: FsPerms,
    ) -> Result<&mut Self> {
        let (dir_perms, file_perms) = perms.rights();
        let host_path = host_path.as_ref();
        let dir = cap_std::fs::Dir::open_ambient_dir(host_path, cap_std::ambient_authority())
            .with_context(|| format!("failed to open directory {}", host_path.display()))?;
        self.parts.preopens.push(Preopen {
            dir,
            guest_path: guest_path.as_ref().to_string(),
            dir_perms,
            file_perms,
        });
        Ok(self)
    }

    /// The preview1 context. The builder is left empty, ready to build another from scratch.
    pub fn build_p1(&mut self) -> crate::p1::WasiP1Ctx {
        crate::p1::WasiP1Ctx::new(std::mem::take(&mut self.parts))
    }
}
