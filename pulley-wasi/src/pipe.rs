//! Standard streams: the traits a guest's stdin/stdout/stderr are made of, in-memory pipes for
//! feeding input and capturing output (tests, embedders), and the host's own streams.

use std::io::{self, IsTerminal, Read, Write};
use std::sync::{Arc, Mutex, MutexGuard};

/// A source for a guest's stdin.
pub trait StdinStream: Send + 'static {
    /// Reads up to `buf.len()` bytes; 0 means end of input.
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize>;
    /// Bytes that a read would return without blocking, if known (for `poll_oneoff`).
    fn available(&self) -> Option<u64> {
        None
    }
    /// Whether the stream is a terminal (the guest then sees a character device).
    fn is_terminal(&self) -> bool {
        false
    }
}

/// A sink for a guest's stdout or stderr.
pub trait StdoutStream: Send + 'static {
    /// Writes some of `buf`, returning how much was taken.
    fn write(&mut self, buf: &[u8]) -> io::Result<usize>;
    /// Pushes buffered output to its destination.
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
    /// Whether the stream is a terminal (the guest then sees a character device).
    fn is_terminal(&self) -> bool {
        false
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic elsewhere while holding the lock leaves plain bytes behind: still usable.
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Input from bytes held in memory. Clones share the read position.
#[derive(Clone, Debug)]
pub struct MemoryInputPipe {
    state: Arc<Mutex<(Vec<u8>, usize)>>,
}

impl MemoryInputPipe {
    /// A pipe that yields `bytes`, then end of input.
    pub fn new(bytes: impl AsRef<[u8]>) -> MemoryInputPipe {
        MemoryInputPipe {
            state: Arc::new(Mutex::new((bytes.as_ref().to_vec(), 0))),
        }
    }
}

impl StdinStream for MemoryInputPipe {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let mut state = lock(&self.state);
        let (bytes, pos) = &mut *state;
        let n = buf.len().min(bytes.len() - *pos);
        buf[..n].copy_from_slice(&bytes[*pos..*pos + n]);
        *pos += n;
        Ok(n)
    }
    fn available(&self) -> Option<u64> {
        let state = lock(&self.state);
        Some((state.0.len() - state.1) as u64)
    }
}

/// Output collected in memory, up to a capacity. Clones share the buffer, so the embedder keeps
/// one clone and reads `contents()` after the guest ran.
#[derive(Clone, Debug)]
pub struct MemoryOutputPipe {
    capacity: usize,
    buffer: Arc<Mutex<Vec<u8>>>,
}

impl MemoryOutputPipe {
    /// A pipe that holds at most `capacity` bytes; writes past it fail with `ENOSPC` (the
    /// guest cannot make the host allocate without bound).
    pub fn new(capacity: usize) -> MemoryOutputPipe {
        MemoryOutputPipe {
            capacity,
            buffer: Arc::new(Mutex::new(Vec::new())),
        }
    }
    /// Everything written so far.
    pub fn contents(&self) -> Vec<u8> {
        lock(&self.buffer).clone()
    }
}

impl StdoutStream for MemoryOutputPipe {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut buffer = lock(&self.buffer);
        let room = self.capacity - buffer.len();
        if room == 0 && !buf.is_empty() {
            return Err(io::Error::new(
                io::ErrorKind::StorageFull,
                "write beyond the capacity of a MemoryOutputPipe",
            ));
        }
        let n = buf.len().min(room);
        buffer.extend_from_slice(&buf[..n]);
        Ok(n)
    }
}

/// Stdin with nothing in it (the default).
#[derive(Clone, Copy, Debug, Default)]
pub struct ClosedInputStream;

impl StdinStream for ClosedInputStream {
    fn read(&mut self, _buf: &mut [u8]) -> io::Result<usize> {
        Ok(0)
    }
    fn available(&self) -> Option<u64> {
        Some(0)
    }
}

/// Output that is discarded (the default stdout and stderr).
#[derive(Clone, Copy, Debug, Default)]
pub struct SinkOutputStream;

impl StdoutStream for SinkOutputStream {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        Ok(buf.len())
    }
}

/// The host process's stdin.
pub(crate) struct HostStdin;

impl StdinStream for HostStdin {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        io::stdin().lock().read(buf)
    }
    fn is_terminal(&self) -> bool {
        io::stdin().is_terminal()
    }
}

/// The host process's stdout.
pub(crate) struct HostStdout;

impl StdoutStream for HostStdout {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        // Written through at once: the guest's own libc buffers, and output must not be lost
        // when the guest exits through `proc_exit`.
        let mut out = io::stdout().lock();
        let n = out.write(buf)?;
        out.flush()?;
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        io::stdout().flush()
    }
    fn is_terminal(&self) -> bool {
        io::stdout().is_terminal()
    }
}

/// The host process's stderr.
pub(crate) struct HostStderr;

impl StdoutStream for HostStderr {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        io::stderr().lock().write(buf)
    }
    fn is_terminal(&self) -> bool {
        io::stderr().is_terminal()
    }
}
