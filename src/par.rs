//! Two-way parallelism for the large inputs: the diff of two big versions reads both at once
//! and spreads its per-clause work over two threads. Small inputs stay on one thread, where
//! starting another would cost more than it saves.

use std::io::{self, Write};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc;

/// Below this many items, work stays on the calling thread.
pub const MIN_PARALLEL: usize = 512;

/// Run `a` on another thread and `b` on this one, and return both results. A panic in either
/// is resumed here, as if both had run on this thread.
pub fn join<A, B, RA, RB>(a: A, b: B) -> (RA, RB)
where
    A: FnOnce() -> RA + Send,
    RA: Send,
    B: FnOnce() -> RB,
{
    std::thread::scope(|scope| {
        let other = scope.spawn(a);
        let rb = b();
        match other.join() {
            Ok(ra) => (ra, rb),
            Err(panic) => std::panic::resume_unwind(panic),
        }
    })
}

/// [`join`] when the work is about `items` items or more ([`MIN_PARALLEL`]), else `a` then
/// `b` on this thread.
pub fn join_for<A, B, RA, RB>(items: usize, a: A, b: B) -> (RA, RB)
where
    A: FnOnce() -> RA + Send,
    RA: Send,
    B: FnOnce() -> RB,
{
    if items < MIN_PARALLEL {
        (a(), b())
    } else {
        join(a, b)
    }
}

/// `f` over each item, in order, on two threads when there are enough.
pub fn map<T, R, F>(items: &[T], f: F) -> Vec<R>
where
    T: Sync,
    R: Send,
    F: Fn(&T) -> R + Sync,
{
    map_with(items, || (), |(), item| f(item))
}

/// `f` over each item, in order, with state each thread makes once with `init` (a reused
/// buffer), on two threads when there are enough. The threads take the items block by block
/// as they finish, so that one whose items cost more (a long clause's word diff can cost a
/// hundred short ones) is helped by the other instead of being waited for: on a 100,000-clause
/// diff, handing each thread half the items left one idle for about 60 ms.
pub fn map_with<T, S, R, I, F>(items: &[T], init: I, f: F) -> Vec<R>
where
    T: Sync,
    R: Send,
    I: Fn() -> S + Sync,
    F: Fn(&mut S, &T) -> R + Sync,
{
    if items.len() < MIN_PARALLEL {
        let mut state = init();
        return items.iter().map(|item| f(&mut state, item)).collect();
    }
    let block = (items.len() / 64).clamp(16, 4096);
    let next = AtomicUsize::new(0);
    let work = || {
        let mut state = init();
        let mut done: Vec<(usize, Vec<R>)> = Vec::new();
        loop {
            let k = next.fetch_add(1, Ordering::Relaxed);
            let start = k.saturating_mul(block);
            if start >= items.len() {
                return done;
            }
            let part = &items[start..(start + block).min(items.len())];
            done.push((k, part.iter().map(|item| f(&mut state, item)).collect()));
        }
    };
    let (a, b) = join(work, work);
    // Each thread's blocks are in order: merge the two lists by block.
    let mut out = Vec::with_capacity(items.len());
    let (mut a, mut b) = (a.into_iter().peekable(), b.into_iter().peekable());
    loop {
        let take_a = match (a.peek(), b.peek()) {
            (Some((ka, _)), Some((kb, _))) => ka < kb,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => return out,
        };
        let next = if take_a { a.next() } else { b.next() };
        out.extend(next.into_iter().flat_map(|(_, part)| part));
    }
}

/// Write `items` to `out` in blocks of `block`, in order, each block rendered into a buffer by
/// `render(index of its first item, its items, buffer)`: the even blocks on another thread, the
/// odd ones on this one, so rendering takes about half as long and at most a few blocks are
/// held at once. An error writing stops both threads.
pub fn write_blocks<T, F>(
    items: &[T],
    block: usize,
    out: &mut dyn Write,
    render: F,
) -> io::Result<()>
where
    T: Sync,
    F: Fn(usize, &[T], &mut Vec<u8>) + Sync,
{
    let block = block.max(1);
    let mut buf = Vec::new();
    if items.len() < MIN_PARALLEL || items.len() <= block {
        for (k, part) in items.chunks(block).enumerate() {
            buf.clear();
            render(k * block, part, &mut buf);
            out.write_all(&buf)?;
        }
        return Ok(());
    }
    std::thread::scope(|scope| {
        let (done, ready) = mpsc::sync_channel::<Vec<u8>>(2);
        let (recycle, reuse) = mpsc::channel::<Vec<u8>>();
        let render = &render;
        let worker = scope.spawn(move || {
            for (k, part) in items.chunks(block).enumerate().step_by(2) {
                let mut b = reuse.try_recv().unwrap_or_default();
                b.clear();
                render(k * block, part, &mut b);
                if done.send(b).is_err() {
                    return;
                }
            }
        });
        for (k, part) in items.chunks(block).enumerate() {
            if k % 2 == 0 {
                let Ok(b) = ready.recv() else {
                    // The worker is gone before its time: it panicked.
                    match worker.join() {
                        Err(panic) => std::panic::resume_unwind(panic),
                        Ok(()) => return Err(io::Error::other("a block was not rendered")),
                    }
                };
                out.write_all(&b)?;
                let _ = recycle.send(b);
            } else {
                buf.clear();
                render(k * block, part, &mut buf);
                out.write_all(&buf)?;
            }
        }
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_order() {
        let items: Vec<usize> = (0..2000).collect();
        assert_eq!(
            map(&items, |x| x * 2),
            items.iter().map(|x| x * 2).collect::<Vec<_>>()
        );
        assert_eq!(map(&items[..3], |x| x + 1), [1, 2, 3]);
        // Blocks taken as the threads finish come back in order, each with its thread's state.
        for n in [0, 5, 511, 512, 2000, 100_003] {
            let items: Vec<usize> = (0..n).collect();
            let out = map_with(&items, Vec::new, |seen: &mut Vec<usize>, &x| {
                seen.push(x);
                (x, seen.len())
            });
            assert_eq!(out.iter().map(|&(x, _)| x).collect::<Vec<_>>(), items);
            assert!(out.iter().all(|&(_, len)| len >= 1));
        }
        let (a, b) = join(|| 1, || 2);
        assert_eq!((a, b), (1, 2));
        for n in [0, 5, 2000] {
            let items: Vec<usize> = (0..n).collect();
            let mut out = Vec::new();
            write_blocks(&items, 7, &mut out, |first, part, buf| {
                for (k, x) in part.iter().enumerate() {
                    assert_eq!(first + k, *x);
                    buf.extend_from_slice(format!("{x},").as_bytes());
                }
            })
            .unwrap();
            let expected: Vec<String> = items.iter().map(|x| format!("{x},")).collect();
            let expected = expected.concat();
            assert_eq!(String::from_utf8(out).unwrap(), expected);
        }
    }
}
