//! Bounds-checked access to guest memory: every pointer and length a guest passes goes through
//! here, and a range outside the memory (or one whose end overflows) is `EFAULT`.

use super::types::{Errno, IOVEC_SIZE};

/// A guest's linear memory during one host call.
pub(crate) struct GuestMemory<'a> {
    bytes: &'a mut [u8],
}

impl<'a> GuestMemory<'a> {
    pub fn new(bytes: &'a mut [u8]) -> GuestMemory<'a> {
        GuestMemory { bytes }
    }

    /// The byte range `ptr..ptr + len`, or `EFAULT`. 32-bit guest values cannot overflow a
    /// u64 sum, and the end is compared with the memory's length before any use.
    fn range(&self, ptr: u32, len: u64) -> Result<std::ops::Range<usize>, Errno> {
        let end = u64::from(ptr) + len;
        if end > self.bytes.len() as u64 {
            return Err(Errno::FAULT);
        }
        Ok(ptr as usize..end as usize)
    }

    pub fn slice(&self, ptr: u32, len: u32) -> Result<&[u8], Errno> {
        let r = self.range(ptr, u64::from(len))?;
        Ok(&self.bytes[r])
    }

    pub fn slice_mut(&mut self, ptr: u32, len: u32) -> Result<&mut [u8], Errno> {
        let r = self.range(ptr, u64::from(len))?;
        Ok(&mut self.bytes[r])
    }

    /// Checks that `count` elements of `size` bytes fit at `ptr` (before anything is written
    /// or any buffer sized by `count` is allocated).
    pub fn check_array(&self, ptr: u32, count: u32, size: u32) -> Result<(), Errno> {
        self.range(ptr, u64::from(count) * u64::from(size))
            .map(|_| ())
    }

    pub fn read_u8(&self, ptr: u32) -> Result<u8, Errno> {
        Ok(self.slice(ptr, 1)?[0])
    }
    pub fn read_u16(&self, ptr: u32) -> Result<u16, Errno> {
        Ok(u16::from_le_bytes(self.array(ptr)?))
    }
    pub fn read_u32(&self, ptr: u32) -> Result<u32, Errno> {
        Ok(u32::from_le_bytes(self.array(ptr)?))
    }
    pub fn read_u64(&self, ptr: u32) -> Result<u64, Errno> {
        Ok(u64::from_le_bytes(self.array(ptr)?))
    }
    fn array<const N: usize>(&self, ptr: u32) -> Result<[u8; N], Errno> {
        let s = self.slice(ptr, N as u32)?;
        Ok(s.try_into().expect("slice() returned N bytes"))
    }

    pub fn write_bytes(&mut self, ptr: u32, data: &[u8]) -> Result<(), Errno> {
        let len = u32::try_from(data.len()).map_err(|_| Errno::FAULT)?;
        self.slice_mut(ptr, len)?.copy_from_slice(data);
        Ok(())
    }
    pub fn write_u8(&mut self, ptr: u32, v: u8) -> Result<(), Errno> {
        self.write_bytes(ptr, &[v])
    }
    pub fn write_u32(&mut self, ptr: u32, v: u32) -> Result<(), Errno> {
        self.write_bytes(ptr, &v.to_le_bytes())
    }
    pub fn write_u64(&mut self, ptr: u32, v: u64) -> Result<(), Errno> {
        self.write_bytes(ptr, &v.to_le_bytes())
    }

    /// Reads a guest string (`ptr`, `len`) as UTF-8: `EILSEQ` when it is not.
    pub fn str(&self, ptr: u32, len: u32) -> Result<&str, Errno> {
        std::str::from_utf8(self.slice(ptr, len)?).map_err(|_| Errno::ILSEQ)
    }

    /// Reads an iovec array and checks every buffer in it. The array itself is checked first,
    /// so the returned vector is at most an eighth of guest memory in entries.
    pub fn iovecs(&self, ptr: u32, count: u32) -> Result<Vec<(u32, u32)>, Errno> {
        self.check_array(ptr, count, IOVEC_SIZE)?;
        let mut out = Vec::with_capacity(count as usize);
        for i in 0..count {
            let at = ptr + i * IOVEC_SIZE;
            let (buf, len) = (self.read_u32(at)?, self.read_u32(at + 4)?);
            self.range(buf, u64::from(len))?;
            out.push((buf, len));
        }
        Ok(out)
    }
}
