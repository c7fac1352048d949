//! Stream compression. lopdf's own `compress` uses zlib's slowest level, which here costs
//! time for files no smaller than the default level makes them (the fast level makes them a
//! quarter larger), so streams are deflated here: font programs at level 3 (when their subset
//! is cut, see `subset`), page content at the fast level.

/// Deflate every stream that is not compressed yet.
pub(super) fn compress_streams(doc: &mut lopdf::Document) {
    for object in doc.objects.values_mut() {
        let lopdf::Object::Stream(stream) = object else {
            continue;
        };
        // A few bytes (a form field's appearance) gain nothing, and resetting the compressor
        // for each costs more than the rest of the stream's writing.
        if !stream.allows_compression
            || stream.dict.get(b"Filter").is_ok()
            || stream.content.len() < 128
        {
            continue;
        }
        let Some(compressed) = deflate(&stream.content, false) else {
            continue;
        };
        if compressed.len() + 19 < stream.content.len() {
            stream.dict.set("Filter", "FlateDecode");
            stream.set_content(compressed);
        }
    }
}

/// `bytes` deflated (zlib): `thorough`ly at level 3, which makes font programs as small as
/// zlib's default level (6) does, in less time; else at the fast level, for page content,
/// which is new for every card: a few percent larger, several times faster.
///
/// Setting up a compressor costs more than deflating a page of content, so each thread keeps
/// one per level and resets it between streams.
pub(super) fn deflate(bytes: &[u8], thorough: bool) -> Option<Vec<u8>> {
    use flate2::{Compress, Compression, FlushCompress, Status};
    thread_local! {
        static COMPRESSORS: std::cell::RefCell<[Option<Compress>; 2]> =
            const { std::cell::RefCell::new([None, None]) };
    }
    COMPRESSORS.with(|cell| {
        let mut compressors = cell.borrow_mut();
        let level = if thorough {
            Compression::new(3)
        } else {
            Compression::fast()
        };
        let compressor =
            compressors[usize::from(thorough)].get_or_insert_with(|| Compress::new(level, true));
        compressor.reset();
        let mut out = Vec::with_capacity(bytes.len() / 2 + 64);
        loop {
            let read = usize::try_from(compressor.total_in()).ok()?;
            let status = compressor
                .compress_vec(bytes.get(read..)?, &mut out, FlushCompress::Finish)
                .ok()?;
            if status == Status::StreamEnd {
                return Some(out);
            }
            out.reserve(out.capacity().max(64));
        }
    })
}
