//! `decl ids` on versions of many identical clauses (the worst case for making ids unique):
//! 10,000 and 100,000 clauses. Target: 10 × the clauses take at most 20 × the time (linear).
//!
//! ```sh
//! cargo bench --bench ids
//! ```

use std::time::{Duration, Instant};

use decl::model::Meta;
use decl::source::Source;

fn main() {
    let quick = std::env::args().any(|a| a == "--test");
    let sizes: [usize; 2] = if quick {
        [100, 1_000]
    } else {
        [10_000, 100_000]
    };
    let mut times = Vec::new();
    for n in sizes {
        let text = format!(
            "# T\n\n{}",
            "Reaffirm the need for strong frameworks.\n\n".repeat(n)
        );
        let source = Source::new("v.md", text);
        let version = decl::parse::version(&source, &Meta::default()).expect("reads");
        let mut best = Duration::MAX;
        for _ in 0..if quick { 1 } else { 3 } {
            let start = Instant::now();
            let plan = decl::commands::ids::plan_ids(&version, Some(&version));
            best = best.min(start.elapsed());
            assert_eq!(plan.len(), n);
        }
        println!("ids: {n} identical clauses in {:.3} s", best.as_secs_f64());
        times.push(best);
    }
    if !quick {
        let ratio = times[1].as_secs_f64() / times[0].as_secs_f64().max(1e-4);
        println!("ids: 10 × the clauses take {ratio:.1} × the time");
        assert!(ratio < 20.0, "not linear ({ratio:.1} ×)");
    }
}
