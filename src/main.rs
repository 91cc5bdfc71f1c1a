use std::io::Write as _;
use std::process::ExitCode;

// mimalloc: large declarations allocate millions of small strings; it is markedly faster than
// the system allocator at that and returns memory in fewer page faults.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    decl::error::install_panic_hook();
    let cli = match decl::cli::Cli::try_parse_args() {
        Ok(cli) => cli,
        Err(err) => {
            let code = if err.use_stderr() { 2 } else { 0 };
            // Help and version go to stdout; a closed pipe there is not an error.
            let _ = err.print();
            return ExitCode::from(code);
        }
    };
    let outcome = decl::error::catch_panic(|| decl::run(cli))
        .unwrap_or_else(|what| Err(decl::Error::internal(None, &what)));
    match outcome {
        Ok(decl::Outcome::Clean) => ExitCode::SUCCESS,
        Ok(decl::Outcome::Findings) => ExitCode::from(1),
        Err(err) if err.broken_pipe => ExitCode::SUCCESS,
        Err(err) => {
            let mut stderr = decl::output::stderr();
            let style = anstyle::Style::new()
                .bold()
                .fg_color(Some(anstyle::AnsiColor::Red.into()));
            let _ = writeln!(stderr, "{style}error{style:#}: {err}");
            if let Some(snippet) = &err.snippet {
                let _ = writeln!(stderr, "{snippet}");
            }
            for hint in &err.hints {
                let _ = writeln!(stderr, "hint: {hint}");
            }
            ExitCode::from(2)
        }
    }
}
