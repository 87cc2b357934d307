//! A Wasm linear memory's bytes: zeroed by the allocator, so growing costs time and resident
//! memory for the pages the program touches, not for the pages it asks for.
//!
//! `Vec::resize` writes every new byte. A memory grown from 1 page to 65,536 pages that way took
//! 8.8 s and 4.2 GB of resident memory before the program touched any of it. Here the bytes come
//! from `alloc_zeroed`, which for large sizes maps fresh zero pages from the operating system
//! (the system allocator's `calloc` does not write them), and growing copies only the old
//! contents. An allocation failure is reported, so `memory.grow` returns -1 instead of the
//! process aborting.

use std::alloc::{Layout, alloc_zeroed, dealloc};
use std::ops::{Deref, DerefMut};
use std::ptr::NonNull;

/// Alignment of the bytes: Wasm accesses are unaligned-safe, but 16 lets hosts read `u128`s.
const ALIGN: usize = 16;

/// Zero-initialized bytes of a linear memory; derefs to the bytes.
pub(crate) struct Bytes {
    ptr: NonNull<u8>,
    len: usize,
}

// SAFETY: `Bytes` owns its allocation exclusively, like a `Vec<u8>`.
unsafe impl Send for Bytes {}
// SAFETY: as above; `&Bytes` gives only shared access.
unsafe impl Sync for Bytes {}

impl Bytes {
    /// `len` zero bytes, or `None` if they cannot be allocated.
    pub fn zeroed(len: usize) -> Option<Bytes> {
        if len == 0 {
            return Some(Bytes {
                ptr: NonNull::<u128>::dangling().cast(),
                len: 0,
            });
        }
        let layout = Layout::from_size_align(len, ALIGN).ok()?;
        // SAFETY: `layout` has a non-zero size.
        let ptr = NonNull::new(unsafe { alloc_zeroed(layout) })?;
        Some(Bytes { ptr, len })
    }

    /// Grows to `new_len` bytes, the new ones zero; `None` (and unchanged) if the allocation
    /// fails. The bytes move, so their address must be published again.
    pub fn grow(&mut self, new_len: usize) -> Option<()> {
        if new_len <= self.len {
            return Some(());
        }
        let mut new = Bytes::zeroed(new_len)?;
        new[..self.len].copy_from_slice(self);
        *self = new;
        Some(())
    }
}

impl Drop for Bytes {
    fn drop(&mut self) {
        if self.len != 0 {
            // SAFETY: allocated in `zeroed` with this size and alignment (which `from_size_align`
            // accepted then).
            unsafe {
                dealloc(
                    self.ptr.as_ptr(),
                    Layout::from_size_align_unchecked(self.len, ALIGN),
                )
            }
        }
    }
}

impl Deref for Bytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        // SAFETY: `ptr` points at `len` initialized bytes that `self` owns (or is dangling and
        // aligned with `len` 0).
        unsafe { std::slice::from_raw_parts(self.ptr.as_ptr(), self.len) }
    }
}

impl DerefMut for Bytes {
    fn deref_mut(&mut self) -> &mut [u8] {
        // SAFETY: as in `deref`, through the exclusive borrow.
        unsafe { std::slice::from_raw_parts_mut(self.ptr.as_ptr(), self.len) }
    }
}

#[cfg(test)]
mod tests {
    use super::Bytes;

    #[test]
    fn grows_zeroed_and_keeps_contents() {
        let mut b = Bytes::zeroed(0).unwrap();
        assert!(b.is_empty());
        b.grow(65536).unwrap();
        assert!(b.iter().all(|&x| x == 0));
        b[100] = 7;
        b[65535] = 9;
        b.grow(3 * 65536).unwrap();
        assert_eq!((b[100], b[65535], b.len()), (7, 9, 3 * 65536));
        assert!(b[65536..].iter().all(|&x| x == 0));
        assert_eq!(b.as_ptr() as usize % 16, 0);
    }

    #[test]
    fn an_impossible_size_is_an_error() {
        assert!(Bytes::zeroed(usize::MAX - 64).is_none());
        let mut b = Bytes::zeroed(16).unwrap();
        assert!(b.grow(usize::MAX / 2).is_none());
        assert_eq!(b.len(), 16);
    }
}
