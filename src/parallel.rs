//! Spreading independent work over the machine's cores while keeping results in input order,
//! so the output never depends on thread scheduling.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// Threads `map` uses at most.
pub(crate) fn threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Apply `f` to every item on up to `available_parallelism` threads (the caller's among
/// them); results come back in the items' order.
pub(crate) fn map<T: Send, R: Send>(items: Vec<T>, f: impl Fn(T) -> R + Sync) -> Vec<R> {
    let workers = threads().min(items.len());
    if workers <= 1 {
        return items.into_iter().map(f).collect();
    }
    let next = AtomicUsize::new(0);
    let inputs: Vec<Mutex<Option<T>>> = items
        .into_iter()
        .map(|item| Mutex::new(Some(item)))
        .collect();
    let outputs: Vec<Mutex<Option<R>>> = inputs.iter().map(|_| Mutex::new(None)).collect();
    let work = || {
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(input) = inputs.get(i) else { break };
            let item = input.lock().ok().and_then(|mut slot| slot.take());
            if let Some(item) = item {
                let result = f(item);
                if let Ok(mut slot) = outputs[i].lock() {
                    *slot = Some(result);
                }
            }
        }
    };
    // The calling thread is one of the workers: a thread fewer to start and stop.
    std::thread::scope(|scope| {
        for _ in 1..workers {
            scope.spawn(work);
        }
        work();
    });
    outputs
        .into_iter()
        .filter_map(|slot| slot.into_inner().ok().flatten())
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn results_keep_the_input_order() {
        let squares = super::map((0..1000u64).collect(), |x| x * x);
        assert_eq!(squares, (0..1000u64).map(|x| x * x).collect::<Vec<_>>());
        assert!(super::map(Vec::<u8>::new(), |x| x).is_empty());
    }
}
